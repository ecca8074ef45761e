#!/usr/bin/env bash
# The end-to-end suite: for every example, generate its Dockerfile with dockgen, then `dockgen verify` it
# with Docker and BuildKit, the way users build — build (stages in parallel, cache mounts), run as its
# user, check the answer in expect.toml, and rebuild after a source-only edit to prove the dependency layer
# is reused. On docker, a server is then stopped with SIGTERM and must exit within 2 s rather than wait for
# the kill. Base images are local stand-ins (tests/e2e/standins.sh builds them with buildah and they are
# loaded into docker), since no container registry is reachable here. For the same reason the Dockerfile's
# `# syntax=` line is dropped, so the engine's built-in Dockerfile frontend builds it. buildah is the second
# engine: its 1.28 deadlocks on `sharing=locked` cache mounts, which are dropped for it.
# Prints one row per example and "N passed, M failed".
#
# Usage: tests/e2e/run.sh [--engine docker|buildah] [EXAMPLE...]     (default: docker, every example)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

engine=${DOCKGEN_E2E_ENGINE:-docker}
if [ "${1:-}" = --engine ]; then
  engine=${2:?--engine needs docker or buildah}
  shift 2
fi
case $engine in
  docker | buildah) ;;
  *) echo "unknown engine $engine (docker or buildah)" >&2; exit 2 ;;
esac

cargo build --release --locked --quiet
bin="$root/target/release/dockgen"

examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  # Single-app examples only: examples/workspaces/ holds monorepos, asserted by tests/it/workspaces.rs.
  for d in examples/*/; do [ -f "$d/expect.toml" ] && examples+=("$(basename "$d")"); done
fi

# The base images every chosen example's plan names, made locally once.
# Examples checked statically only (`build = false` in expect.toml) need none.
images=$(for e in "${examples[@]}"; do
  python3 -c 'import sys, tomllib; sys.exit(0 if tomllib.load(open(sys.argv[1], "rb")).get("check", {}).get("build", True) else 1)' \
    "examples/$e/expect.toml" || continue
  # Base images only: a FROM naming an earlier stage (`FROM base`) is not an image to make; flags
  # (`--platform=$BUILDPLATFORM`) are skipped.
  "$bin" init --yes --stdout "examples/$e" 2>/dev/null |
    awk '/^FROM /{ i = 2; while ($i ~ /^--/) i++; if (!($i in stage)) print $i; if (toupper($(i + 1)) == "AS") stage[$(i + 2)] = 1 }
         /^COPY --from=/{ split($2, f, "="); if (!(f[2] in stage) && f[2] ~ /:/) print f[2] }'
done | sort -u)
# shellcheck disable=SC2086
tests/e2e/standins.sh $images
docker=
if [ "$engine" = docker ]; then
  docker=$(tests/e2e/docker.sh)
  # Each stand-in goes from buildah's storage into the daemon once (again when buildah's copy changed).
  for image in $images; do
    id=$(buildah inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null) || continue
    [ "$("$docker" image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "sha256:$id" ] && continue
    echo "loading $image into docker"
    buildah push --quiet "$image" "docker-daemon:$image" >/dev/null
  done
fi

work=$(mktemp -d /tmp/dockgen-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT

# stop_check IMAGE PORT PATH [LOG]: start the image, wait (bounded) for any HTTP answer, then `docker stop`
# it with a 2 s grace. Prints "term" when the container exited on SIGTERM, "kill" when it ignored SIGTERM and
# docker had to kill it (exit code 137), "none" when it never answered. With LOG (the app's own SIGTERM
# handler writes it), "term" needs that line in the container's log and exit code 0, else "cut": the
# graceful shutdown did not run to its end.
stop_check() {
  local cid code logs answered=no
  cid=$("$docker" run -d -p "127.0.0.1:$2:$2" "$1") || { echo none; return; }
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$2$3"; then answered=yes; break; fi
    sleep 0.5
  done
  "$docker" stop --time 2 "$cid" >/dev/null
  code=$("$docker" inspect --format '{{.State.ExitCode}}' "$cid")
  logs=$("$docker" logs "$cid" 2>&1)
  "$docker" rm -f "$cid" >/dev/null
  if [ "$answered" = no ]; then echo none
  elif [ "$code" = 137 ]; then echo kill
  elif [ -n "${4:-}" ] && { [ "$code" != 0 ] || ! grep -qF -- "$4" <<< "$logs"; }; then echo cut
  else echo term; fi
}
results="$work/results.jsonl"
: > "$results"

for e in "${examples[@]}"; do
  src="examples/$e"
  ctx="$work/$e"
  mkdir -p "$ctx"
  # A clean copy of the example: the repo's tree is never written to.
  (cd "$src" && tar --exclude='*.snap' -cf - .) | (cd "$ctx" && tar -xf -)
  "$bin" init --yes "$ctx" >/dev/null 2>&1
  if [ "$engine" = docker ]; then
    sed -i '1{/^# syntax=/d}' "$ctx/Dockerfile"
  else
    sed -i 's/,sharing=locked//g' "$ctx/Dockerfile"
  fi
  read -r build run sigterm path status body < <(python3 - "$src/expect.toml" <<'PY'
import sys, tomllib
c = tomllib.load(open(sys.argv[1], "rb")).get("check", {})
yn = lambda b: "yes" if b else "no"
print(yn(c.get("build", True)), yn(c.get("run", True)), yn(c.get("sigterm", True)), c.get("path", "/"), c.get("status", 200), c.get("body", ""))
PY
)
  sigterm_log=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb")).get("check", {}).get("sigterm_log", ""))' "$src/expect.toml")
  # An example whose dependencies come from a registry this machine cannot reach (Maven Central, RubyGems,
  # Packagist, NuGet, hex.pm, the Go proxy) is checked statically only: facts, snapshot, hadolint, lint.
  if [ "$build" = no ]; then
    why=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["check"].get("why", "no reason given"))' "$src/expect.toml")
    echo "== $e"
    echo "   static only: $why"
    python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "rc": 0, "static": sys.argv[2], "report": {"ok": True}}))' "$e" "$why" >> "$results"
    continue
  fi
  norun=()
  [ "$run" = no ] && norun=(--no-run)
  echo "== $e"
  # One retry for an example that fails: this machine's loopback and registries have hiccups of their
  # own; the first failure stays in the log (its report is printed below when the retry fails too).
  retried=no
  for attempt in 1 2; do
    set +e
    "$bin" verify "$ctx" --engine "$engine" --cache --json "${norun[@]}" --path "$path" --status "$status" \
      --expect-body "$body" --tag "localhost/dockgen-e2e-$e" --timeout 180 > "$work/$e.json" 2> "$work/$e.err"
    rc=$?
    set -e
    [ "$rc" -eq 0 ] && break
    if [ "$attempt" -eq 1 ]; then
      echo "   first attempt failed (exit $rc):"
      python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("  ", r.get("failures"), json.dumps(r.get("answer"))[:400])' \
        "$work/$e.json" 2>/dev/null || tail -c 400 "$work/$e.err"
      retried=yes
    fi
  done
  # A server that answered is stopped the way `docker stop` and every orchestrator stop it.
  stop=-
  port=$(python3 -c 'import json, sys; a = json.load(open(sys.argv[1])).get("answer") or {}; print(a["port"] if a.get("kind") == "http" and a.get("ok") else "")' "$work/$e.json" 2>/dev/null || true)
  # `sigterm = false` in [check] (with `sigterm_why`): the app's own SIGTERM handler is known not to exit.
  if [ "$engine" = docker ] && [ -n "$port" ] && [ "$sigterm" = yes ]; then
    stop=$(stop_check "localhost/dockgen-e2e-$e" "$port" "$path" "$sigterm_log")
  elif [ "$engine" = docker ] && [ -n "$port" ]; then
    stop=known
  fi
  python3 - "$e" "$rc" "$work/$e.json" "$work/$e.err" "$retried" "$stop" >> "$results" <<'PY'
import json, sys
name, rc, report, err, retried, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
try:
    r = json.load(open(report))
except Exception:
    r = {"ok": False, "failures": [open(err).read().strip()[-400:]]}
if stop == "kill":
    r["ok"] = False
    r.setdefault("failures", []).append("SIGTERM did not stop the container within 2 s: docker had to kill it")
elif stop == "cut":
    r["ok"] = False
    r.setdefault("failures", []).append("stopped with SIGTERM, the app's own handler did not finish (its line missing or exit code not 0)")
elif stop == "none":
    r["ok"] = False
    r.setdefault("failures", []).append("started again for the SIGTERM check, it never answered")
print(json.dumps({"name": name, "rc": rc, "report": r, "retried": retried == "yes", "stop": stop}))
PY
  tail -n 1 "$results" | python3 -c '
import json, sys
row = json.loads(sys.stdin.read()); r = row["report"]
if r.get("ok"):
    print(("   ok" if r.get("answer") else "   ok (built, not started: see [check] in expect.toml)") + (" (on the retry)" if row.get("retried") else ""))
else:
    print("   FAIL:", "; ".join(r.get("failures", [])))
    answer = r.get("answer") or {}
    if answer and not answer.get("ok"):
        print("   answer:", json.dumps(answer)[:600])
    tail = (r.get("build") or {}).get("log_tail")
    if tail: print(tail)
'
done

# Cross-compilation: the Go example's build stage runs on the build machine's platform (amd64 here) and
# must write an arm64 binary when the image's platform is linux/arm64. Only the build stage is built
# (--target): the runtime's stand-in exists for amd64 alone. The binary's ELF header names its machine.
cross=go-stdlib
if [ "$engine" = docker ] && [ -d "$work/$cross" ] && [[ " ${examples[*]} " == *" $cross "* ]]; then
  echo "== $cross for linux/arm64, compiled on $(uname -m)"
  stage=$(awk '/^FROM --platform=\$BUILDPLATFORM / { print $NF; exit }' "$work/$cross/Dockerfile")
  machine=none
  if [ -n "$stage" ] && DOCKER_BUILDKIT=1 "$docker" build --quiet --platform linux/arm64 --target "$stage" \
    -t "localhost/dockgen-e2e-$cross-arm64" "$work/$cross" >"$work/cross.log" 2>&1; then
    # e_machine, bytes 18-19 of the ELF header: b7 00 is AArch64, 3e 00 x86-64.
    machine=$("$docker" run --rm --entrypoint sh "localhost/dockgen-e2e-$cross-arm64" \
      -c 'for f in /out/*; do od -An -tx1 -j18 -N2 "$f"; done' 2>>"$work/cross.log" | tr -d ' \n')
    "$docker" rmi -f "localhost/dockgen-e2e-$cross-arm64" >/dev/null 2>&1 || true
  fi
  if [ "$machine" = b700 ]; then echo "   ok: an AArch64 ELF binary"; else echo "   FAIL: ELF machine '$machine', not AArch64 (b700)"; tail -20 "$work/cross.log"; fi
  python3 -c 'import json, sys; ok = sys.argv[2] == "b700"; print(json.dumps({"name": sys.argv[1], "rc": 0 if ok else 1, "report": {"ok": ok, "failures": [] if ok else ["no arm64 binary from the amd64 build stage"]}, "cross": True}))' \
    "$cross (arm64)" "$machine" >> "$results"
fi

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
mib = lambda b: f"{b / 1048576:.1f}"
print()
print(f"{'example':<28} {'above base MiB':>14} {'cold build s':>12} {'rebuild s':>9}  {'uid':>5}  {'answer':<8} {'SIGTERM':<7} cache")
passed = failed = 0
static = [row for row in rows if row.get("static")]
for row in rows:
    if row.get("static"):
        continue
    r = row["report"]
    size = (r.get("size") or {}).get("above_base_bytes")
    cache = r.get("cache") or {}
    user = r.get("user") or {}
    uid = user.get("observed_uid") or user.get("uid")
    verdict = cache.get("verdict") or "-"
    print(f"{row['name']:<28} {mib(size) if size is not None else '-':>14} {(r.get('build') or {}).get('seconds', 0):>12.1f} "
          f"{cache.get('rebuild_seconds', 0):>9.1f}  {str(uid):>5}  {'200 ok' if (r.get('answer') or {}).get('ok') else ('not run' if not r.get('answer') else 'FAIL'):<8} "
          f"{ {'term': 'exits', 'kill': 'KILLED', 'cut': 'CUT', 'none': 'FAIL', 'known': 'known'}.get(row.get('stop'), '-'):<7} {verdict}")
    if r.get("ok"):
        passed += 1
    else:
        failed += 1
print()
if static:
    print("statically verified only (not built here):")
    for row in static:
        print(f"  {row['name']:<28} {row['static']}")
    print()
print(f"{passed} passed, {failed} failed, {len(static)} static only")
sys.exit(1 if failed else 0)
PY
