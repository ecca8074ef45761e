#!/usr/bin/env bash
# Prove the stand-in base images (tests/e2e/standins.sh): for each case, build a small hand-written
# multi-stage Dockerfile from tests/e2e/smoke/ with buildah (chroot isolation, layer cache, cache
# mounts, no registry), start the final image's ENTRYPOINT+CMD with `buildah run` in the background,
# curl it on 127.0.0.1 from the host, and check that it runs as a non-root user.
#
# Usage: tests/e2e/smoke.sh [CASE...]       (default: every case; --list prints them)
# Env:   SMOKE_SKIP_STANDINS=1  do not call standins.sh first (images must exist)
#        SMOKE_LOGS=DIR         keep build/run logs there (default: a temp dir, removed on success)
# Prints one "PASS name ..." / "FAIL name: why" line per case, then "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
smoke=$here/smoke

# name | context dir | build args (comma separated) | port | expected body prefix | base images needed
CASES=(
  "node|node||18081|ok node v24.|node:24-trixie-slim gcr.io/distroless/nodejs24-debian13:nonroot"
  "node22|node|NODE_MAJOR=22|18081|ok node v22.|node:22-trixie-slim gcr.io/distroless/nodejs22-debian13:nonroot"
  "node26|node|NODE_MAJOR=26|18081|ok node v26.|node:26-trixie-slim gcr.io/distroless/nodejs26-debian13:nonroot"
  "node-slim-pnpm|node-slim||18082|ok node v22.|node:22-bookworm-slim"
  "node-slim-pnpm-26|node-slim|NODE_TAG=26-trixie-slim|18082|ok node v26.|node:26-trixie-slim"
  "python|python||18083|ok python 3.13 six=1.17.0|python:3.13-slim-trixie"
  "python311|python|PYTHON_TAG=3.11-slim-bookworm|18083|ok python 3.11 six=1.17.0|python:3.11-slim-bookworm"
  "go|go||18084|ok go go1.24.|golang:1.24-trixie gcr.io/distroless/static-debian13:nonroot"
  "go123-bookworm|go|GO_TAG=1.23-bookworm|18084|ok go go1.23.|golang:1.23-bookworm gcr.io/distroless/static-debian13:nonroot"
  "go127|go|GO_TAG=1.27-trixie|18084|ok go go1.27.|golang:1.27-trixie gcr.io/distroless/static-debian13:nonroot"
  "rust|rust||18085|ok rust|rust:1.95-slim-trixie gcr.io/distroless/cc-debian13:nonroot"
  "rust-bookworm|rust|RUST_TAG=1.95-slim-bookworm|18085|ok rust|rust:1.95-slim-bookworm gcr.io/distroless/cc-debian13:nonroot"
  "bun|bun||18086|ok bun 1.3.|oven/bun:1.3-slim"
  "bun14|bun|BUN_TAG=1.4-slim|18086|ok bun 1.4.|oven/bun:1.4-slim"
)

if [[ ${1:-} == --list ]]; then
  for c in "${CASES[@]}"; do echo "${c%%|*}"; done
  exit 0
fi

selected=()
for c in "${CASES[@]}"; do
  name=${c%%|*}
  if (($# == 0)); then selected+=("$c"); continue; fi
  for want in "$@"; do [[ $want == "$name" ]] && selected+=("$c"); done
done
((${#selected[@]})) || { echo "no such case: $* (see --list)" >&2; exit 2; }

logs=${SMOKE_LOGS:-$(mktemp -d /tmp/dockgen-smoke.XXXXXX)}
mkdir -p "$logs"

if [[ ${SMOKE_SKIP_STANDINS:-0} != 1 ]]; then
  imgs=()
  for c in "${selected[@]}"; do IFS='|' read -r _ _ _ _ _ need <<<"$c"; for i in $need; do imgs+=("$i"); done; done
  mapfile -t imgs < <(printf '%s\n' "${imgs[@]}" | sort -u)
  if ! "$here/standins.sh" "${imgs[@]}" >"$logs/standins.log" 2>&1; then
    tail -20 "$logs/standins.log"
    echo "FAIL standins: tests/e2e/standins.sh failed (log: $logs/standins.log)"
    echo "0 passed, ${#selected[@]} failed"
    exit 1
  fi
fi

# Stop `buildah run` (SIGTERM is forwarded to the contained process); SIGKILL the tree if it lingers.
stop_run() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }; sleep 0.2; done
  kill_tree() { local p; for p in $(pgrep -P "$1"); do kill_tree "$p"; done; kill -KILL "$1" 2>/dev/null; }
  kill_tree "$pid"
  wait "$pid" 2>/dev/null
}

# uid of the image's configured user (numeric, or a name looked up in its /etc/passwd)
image_uid() {
  local img=$1 mnt=$2 user
  user=$(buildah inspect --type image --format '{{.OCIv1.Config.User}}' "$img")
  user=${user%%:*}
  if [[ -z $user ]]; then echo 0
  elif [[ $user =~ ^[0-9]+$ ]]; then echo "$user"
  else awk -F: -v u="$user" '$1 == u {print $3}' "$mnt/etc/passwd"
  fi
}

passed=0 failed=0
run_case() {
  local name=$1 dir=$2 args=$3 port=$4 expect=$5
  local tag=localhost/dockgen-smoke-$name log=$logs/$name bargs=() a t0 tb ctr mnt argv=() pid body uid cfg_uid id_u shell
  IFS=',' read -ra a <<<"$args"
  for x in "${a[@]}"; do [[ -n $x ]] && bargs+=(--build-arg "$x"); done
  t0=$SECONDS
  if ! buildah bud --isolation chroot --layers --pull=never "${bargs[@]}" -t "$tag" "$smoke/$dir" >"$log.build" 2>&1; then
    echo "FAIL $name: build failed: $(grep -E 'error|Error|ERR' "$log.build" | tail -1)"
    return 1
  fi
  tb=$((SECONDS - t0))
  ctr=$(buildah from --pull=never --quiet "$tag") || { echo "FAIL $name: buildah from"; return 1; }
  mnt=$(buildah mount "$ctr")
  # the image's ENTRYPOINT + CMD, as a container engine would run it
  mapfile -d '' -t argv < <(buildah inspect --type image "$tag" |
    python3 -c 'import json,sys; c=json.load(sys.stdin)["OCIv1"]["config"]; a=(c.get("Entrypoint") or [])+(c.get("Cmd") or []); sys.stdout.write("".join(x+"\0" for x in a))')
  cfg_uid=$(image_uid "$tag" "$mnt")
  shell=no
  [[ -e $mnt/bin/sh ]] && shell=yes
  buildah run --isolation chroot "$ctr" -- "${argv[@]}" >"$log.run" 2>&1 &
  pid=$!
  body=
  for _ in $(seq 1 60); do
    body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  stop_run "$pid"
  id_u=
  if [[ $shell == yes ]]; then id_u=$(buildah run --isolation chroot "$ctr" -- id -u 2>/dev/null); fi
  buildah umount "$ctr" >/dev/null 2>&1
  buildah rm "$ctr" >/dev/null 2>&1
  uid=$(sed -n 's/.*uid=\([0-9]*\).*/\1/p' <<<"$body")
  if [[ $body != "$expect"* ]]; then
    echo "FAIL $name: expected '$expect...', got '${body:-no answer}' (log: $log.run)"
    return 1
  fi
  if [[ -z $uid || $uid == 0 || $cfg_uid == 0 || $uid != "$cfg_uid" || (-n $id_u && $id_u != "$uid") ]]; then
    echo "FAIL $name: user check: server uid=$uid, image USER uid=$cfg_uid, id -u=${id_u:-n/a}"
    return 1
  fi
  echo "PASS $name: '${body%$'\n'}' uid=$uid (image USER $cfg_uid, id -u ${id_u:-n/a: no shell}) build ${tb}s"
}

for c in "${selected[@]}"; do
  IFS='|' read -r name dir args port expect _ <<<"$c"
  if run_case "$name" "$dir" "$args" "$port" "$expect"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
if ((failed == 0)) && [[ -z ${SMOKE_LOGS:-} ]]; then rm -rf "$logs"; else echo "logs: $logs"; fi
((failed == 0))
