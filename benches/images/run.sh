#!/usr/bin/env bash
# The side-by-side image benchmark (issue 16): for each case of cases.toml, dockgen's Dockerfile and a
# reference written from the ecosystem's official guidance (references/<example>/Dockerfile) are built with
# docker and BuildKit on the local stand-in images (tests/e2e/standins.sh; no registry is reachable here, so
# the `# syntax=` line is dropped), and compared as ratios dockgen / reference: cold build, rebuild after a
# source edit, rebuild after a manifest edit, image size, time to the first good HTTP answer.
# The figures go to results.jsonl and the table in results.md (between its markers).
#
# Usage: benches/images/run.sh [EXAMPLE...]      (as root; default: every case)
# Takes a few minutes per case on two shared cores; run it when the machine is otherwise quiet.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=benches/images

# A copy of the binary: rebuilding the checkout while the benchmark runs changes nothing under it.
if [ -z "${DOCKGEN:-}" ]; then
  cargo build --locked --quiet --bin dockgen
  DOCKGEN=$(pwd)/target/debug/dockgen
fi
bin=$(mktemp /tmp/dockgen-bench.XXXXXX)
trap 'rm -f "$bin"' EXIT
cp "$DOCKGEN" "$bin"
chmod +x "$bin"
docker=$(tests/e2e/docker.sh)
export DOCKER=$docker

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(python3 -c 'import tomllib; [print(c["example"]) for c in tomllib.load(open("benches/images/cases.toml", "rb"))["case"]]')
fi

# Every base image either Dockerfile names (a FROM or a COPY --from=image), made locally and loaded into docker.
images=$(for e in "${cases[@]}"; do
  "$bin" init --yes --stdout "examples/$e" 2>/dev/null
  cat "$here/references/$e/Dockerfile"
done | awk '/^FROM /{ i = 2; while ($i ~ /^--/) i++; if (!($i in stage)) print $i; if (toupper($(i + 1)) == "AS") stage[$(i + 2)] = 1 }
            /^COPY --from=/{ split($2, f, "="); if (!(f[2] in stage) && f[2] ~ /:/) print f[2] }' | sort -u)
# shellcheck disable=SC2086
tests/e2e/standins.sh $images
for image in $images; do
  id=$(buildah inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null) || continue
  [ "$("$docker" image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "sha256:$id" ] && continue
  echo "loading $image into docker"
  buildah push --quiet "$image" "docker-daemon:$image" >/dev/null
done

out=$here/results.jsonl
: > "$out"
python3 "$here/bench.py" "$bin" "$out" "${cases[@]}"
python3 "$here/report.py" "$out" "$here/results.md"
