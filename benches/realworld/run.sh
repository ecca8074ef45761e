#!/usr/bin/env bash
# The real-world sweep: score dockgen on public projects whose mirrors `fetch` brought to $MIRRORS.
#
#   benches/realworld/run.sh                      # every projects/*.toml
#   benches/realworld/run.sh projects/node.toml   # some stacks only (paths relative to here or absolute)
#   DOCKGEN=/path/to/dockgen benches/realworld/run.sh   # score that binary instead of building one
#   RESULTS=out.md benches/realworld/run.sh       # also write the table and miss list as markdown
#
# Projects whose mirror is absent are counted as skipped. See README.md in this folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${DOCKGEN:-}" ]; then
  (cd "$root" && cargo build --release --locked --quiet)
  DOCKGEN="$root/target/release/dockgen"
fi
tomls=()
for t in "$@"; do
  if [ -f "$t" ]; then tomls+=("$(cd "$(dirname "$t")" && pwd)/$(basename "$t")")
  elif [ -f "$here/$t" ]; then tomls+=("$here/$t")
  else echo "error: $t: no such TOML file" >&2; exit 2; fi
done
[ ${#tomls[@]} -gt 0 ] || tomls=("$here"/projects/*.toml)
args=(--dockgen "$DOCKGEN" --mirrors "${MIRRORS:-/work/.mirror}" --timeout "${TIMEOUT:-30}")
[ -n "${RESULTS:-}" ] && args+=(--markdown "$RESULTS")
[ -n "${RESULTS_JSON:-}" ] && args+=(--json "$RESULTS_JSON")
[ -n "${ONLY:-}" ] && args+=(--only "$ONLY")
exec python3 "$here/score.py" "${args[@]}" "${tomls[@]}"
