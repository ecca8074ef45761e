#!/usr/bin/env bash
# JS workspace examples end to end (issue 15): `dockgen init --yes` at the workspace root, then each app
# that builds from the root is verified with Docker from the root context (`-f <app>/Dockerfile .`): built,
# run as its user, answering over HTTP, and rebuilt after a source edit in *another* member of the
# workspace (`verify --cache` picks one for an app whose Dockerfile sits below its context). The dependency
# layer must come from cache, and the edited file must be outside the app when the workspace has another. Base images are the local
# stand-ins (tests/e2e/standins.sh), as in run.sh; the `# syntax=` line is dropped for the same reason.
# Prints one row per app and "N passed, M failed".
#
# Usage: tests/e2e/workspaces.sh [EXAMPLE...]    (examples/workspaces/<EXAMPLE>; default: npm-workspaces pnpm-turbo yarn-berry-workspaces bun-workspaces nx go-work uv-workspace)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

examples=("$@")
[ ${#examples[@]} -eq 0 ] && examples=(npm-workspaces pnpm-turbo yarn-berry-workspaces bun-workspaces nx go-work uv-workspace)

# DOCKGEN_BIN: a dockgen binary already built (a debug build while iterating); else the release build.
bin=${DOCKGEN_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet
  bin="$root/target/release/dockgen"
fi
work=$(mktemp -d /tmp/dockgen-e2e-ws.XXXXXX)
trap 'rm -rf "$work"' EXIT

# apps CTX: "path" per line of each app the workspace builds from its root.
apps() {
  "$bin" plan --json "$1" 2>/dev/null | python3 -c '
import json, sys
for a in json.load(sys.stdin).get("apps", []):
    if a.get("context") == ".":
        print(a["path"])'
}

for e in "${examples[@]}"; do
  ctx="$work/$e"
  mkdir -p "$ctx"
  # A clean copy: the repo's tree is never written to.
  (cd "examples/workspaces/$e" && tar --exclude='*.snap' -cf - .) | (cd "$ctx" && tar -xf -)
  "$bin" init --yes "$ctx" >/dev/null 2>&1
  for app in $(apps "$ctx"); do sed -i '1{/^# syntax=/d}' "$ctx/$app/Dockerfile"; done
done

# The base images the Dockerfiles name, made locally and loaded into the daemon once.
images=$(find "$work" -name Dockerfile -exec cat {} + |
  awk '/^FROM /{ i = 2; while ($i ~ /^--/) i++; if (!($i in stage)) print $i; if (toupper($(i + 1)) == "AS") stage[$(i + 2)] = 1 }' | sort -u)
# shellcheck disable=SC2086
tests/e2e/standins.sh $images
docker=$(tests/e2e/docker.sh)
for image in $images; do
  id=$(buildah inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null) || continue
  [ "$("$docker" image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "sha256:$id" ] && continue
  echo "loading $image into docker"
  buildah push --quiet "$image" "docker-daemon:$image" >/dev/null
done

passed=0 failed=0
for e in "${examples[@]}"; do
  ctx="$work/$e"
  count=$(apps "$ctx" | wc -l)
  for app in $(apps "$ctx"); do
    name="$e/$app"
    tag="localhost/dockgen-e2e-ws-$(echo "$name" | tr '/' '-')"
    echo "== $name (docker build -f $app/Dockerfile .)"
    set +e
    "$bin" verify "$ctx" --dockerfile "$ctx/$app/Dockerfile" --engine docker --cache --json \
      --tag "$tag" --timeout 180 >"$work/report.json" 2>"$work/err"
    rc=$?
    set -e
    if python3 - "$work/report.json" "$app" "$rc" "$count" <<'PY'; then
import json, sys
path, app, rc, apps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
try:
    r = json.load(open(path))
except Exception:
    print("   FAIL: no report (exit %d)" % rc); sys.exit(1)
c = r.get("cache") or {}
edited = c.get("changed_file", "")
installs = [s for s in c.get("steps", []) if s.get("dependency_install")]
problems = list(r.get("failures", []))
if rc != 0 and not problems: problems.append(f"verify exited {rc}")
# With another app in the workspace, the edit is in that app (a workspace of one app: in the app itself).
if not edited or (apps > 1 and (edited == app or edited.startswith(app + "/"))):
    problems.append(f"the edited file {edited!r} is not outside {app}")
if not installs or not all(s["cached"] for s in installs):
    problems.append("dependency layer rebuilt: " + "; ".join(s["step"] for s in installs if not s["cached"]))
a = r.get("answer") or {}
print(f"   answer {a.get('status')} on {a.get('port')}, uid {(r.get('user') or {}).get('observed_uid')}, "
      f"cold build {(r.get('build') or {}).get('seconds', 0):.1f}s; edited {edited}: rebuild {c.get('rebuild_seconds', 0):.1f}s, {c.get('verdict')}")
if problems:
    print("   FAIL:", "; ".join(problems)); sys.exit(1)
print("   ok")
PY
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      tail -c 600 "$work/err"
    fi
  done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
