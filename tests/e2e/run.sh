#!/usr/bin/env bash
# The end-to-end suite: for every example, generate its Dockerfile with dockgen, then `dockgen verify` it
# with buildah — build, run as its user, check the answer in expect.toml, and rebuild after a source-only
# edit to prove the dependency layer is reused. Base images are local stand-ins (tests/e2e/standins.sh),
# since no container registry is reachable here. Prints one row per example and "N passed, M failed".
#
# Usage: tests/e2e/run.sh [EXAMPLE...]     (default: every example)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

cargo build --release --locked --quiet
bin="$root/target/release/dockgen"

examples=("$@")
if [ ${#examples[@]} -eq 0 ]; then
  for d in examples/*/; do examples+=("$(basename "$d")"); done
fi

# The base images every chosen example's plan names, made locally once.
# Examples checked statically only (`build = false` in expect.toml) need none.
images=$(for e in "${examples[@]}"; do
  python3 -c 'import sys, tomllib; sys.exit(0 if tomllib.load(open(sys.argv[1], "rb")).get("check", {}).get("build", True) else 1)' \
    "examples/$e/expect.toml" || continue
  # Base images only: a FROM naming an earlier stage (`FROM base`) is not an image to make.
  "$bin" init --yes --stdout "examples/$e" 2>/dev/null |
    awk '/^FROM /{ if (!($2 in stage)) print $2; if (toupper($3) == "AS") stage[$4] = 1 }
         /^COPY --from=/{ split($2, f, "="); if (!(f[2] in stage) && f[2] ~ /:/) print f[2] }'
done | sort -u)
# shellcheck disable=SC2086
tests/e2e/standins.sh $images

work=$(mktemp -d /tmp/dockgen-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
: > "$results"

for e in "${examples[@]}"; do
  src="examples/$e"
  ctx="$work/$e"
  mkdir -p "$ctx"
  # A clean copy of the example: the repo's tree is never written to.
  (cd "$src" && tar --exclude='*.snap' -cf - .) | (cd "$ctx" && tar -xf -)
  "$bin" init --yes "$ctx" >/dev/null 2>&1
  read -r build run path status body < <(python3 - "$src/expect.toml" <<'PY'
import sys, tomllib
c = tomllib.load(open(sys.argv[1], "rb")).get("check", {})
yn = lambda b: "yes" if b else "no"
print(yn(c.get("build", True)), yn(c.get("run", True)), c.get("path", "/"), c.get("status", 200), c.get("body", ""))
PY
)
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
    "$bin" verify "$ctx" --engine buildah --cache --json "${norun[@]}" --path "$path" --status "$status" \
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
  python3 - "$e" "$rc" "$work/$e.json" "$work/$e.err" "$retried" >> "$results" <<'PY'
import json, sys
name, rc, report, err, retried = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
try:
    r = json.load(open(report))
except Exception:
    r = {"ok": False, "failures": [open(err).read().strip()[-400:]]}
print(json.dumps({"name": name, "rc": rc, "report": r, "retried": retried == "yes"}))
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

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
mib = lambda b: f"{b / 1048576:.1f}"
print()
print(f"{'example':<28} {'above base MiB':>14} {'cold build s':>12} {'rebuild s':>9}  {'uid':>5}  {'answer':<8} cache")
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
          f"{cache.get('rebuild_seconds', 0):>9.1f}  {str(uid):>5}  {'200 ok' if (r.get('answer') or {}).get('ok') else ('not run' if not r.get('answer') else 'FAIL'):<8} {verdict}")
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
