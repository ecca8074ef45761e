#!/usr/bin/env bash
# `dockgen verify` on swept projects: build and run what dockgen writes for real-world projects (issue 11).
#
#   benches/realworld/verify.sh                                  # node, bun, python, static, rust TOMLs
#   benches/realworld/verify.sh projects/node.toml projects/bun.toml
#   ONLY='express|flask' benches/realworld/verify.sh             # projects whose repo[:path] matches (a regex)
#   RESULTS=verify-results.md DOCKGEN=target/debug/dockgen benches/realworld/verify.sh
#   RESUME=1 RESULTS_JSON=run.jsonl benches/realworld/verify.sh  # go on where an interrupted run stopped
#
# For each [[project]] of the TOMLs whose mirror is present (and that is not an expected refusal): export
# `commit:path` to a temporary folder, `dockgen init --yes --force` (the --force replaces a project's own
# Dockerfile, in the copy only), drop the `# syntax=` line (no registry reaches the BuildKit frontend here;
# tests/e2e/run.sh does the same), then `dockgen verify --engine docker --json --timeout $TIMEOUT`.
# A project whose base image has no stand-in in docker (`docker image inspect`) is skipped with the image
# named; a stand-in buildah holds (tests/e2e/standins.sh) is pushed into docker first, and with STANDINS=1
# the missing ones are built with standins.sh (those it has a recipe for). One project at a time (no port
# clash); each image is removed after its run, dangling images pruned, and the build cache pruned when
# fewer than $MIN_FREE_GB GB are free on /work.
#
# Prints one markdown row per project and a summary; RESULTS=file also writes them there (a results file's
# hand-written text outside `<!-- verify:begin -->`/`<!-- verify:end -->` is kept), RESULTS_JSON=file one
# JSON object per project (the verify report included). See README.md in this folder.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ -z "${DOCKGEN:-}" ]; then
  (cd "$root" && cargo build --release --locked --quiet) || exit 2
  DOCKGEN="$root/target/release/dockgen"
fi
MIRRORS=${MIRRORS:-/work/.mirror}
TIMEOUT=${TIMEOUT:-90}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-900}
MIN_FREE_GB=${MIN_FREE_GB:-12}
tomls=()
for t in "$@"; do
  if [ -f "$t" ]; then tomls+=("$(cd "$(dirname "$t")" && pwd)/$(basename "$t")")
  elif [ -f "$here/$t" ]; then tomls+=("$here/$t")
  else echo "error: $t: no such TOML file" >&2; exit 2; fi
done
[ ${#tomls[@]} -gt 0 ] || for s in node bun python static rust; do tomls+=("$here/projects/$s.toml"); done

work=$(mktemp -d /tmp/dockgen-verify.XXXXXX)
trap 'rm -rf "$work"' EXIT
rows="$work/rows.md"
jsonl="$work/results.jsonl"
: >"$rows"
: >"$jsonl"

# One line per project, fields split by \x1f (a tab would merge with an empty path): label, repo, commit, path, expected refusal (or "-").
list_projects() {
  python3 - "${ONLY:-}" "$@" <<'PY'
import re, sys, tomllib
only = re.compile(sys.argv[1]) if sys.argv[1] else None
for t in sys.argv[2:]:
    for p in tomllib.load(open(t, "rb")).get("project", []):
        if p.get("local"):
            continue
        label = p["repo"] + (":" + p["path"] if p.get("path") else "")
        if only and not only.search(label):
            continue
        print("\x1f".join([label, p["repo"], p["commit"], p.get("path", ""), p.get("expect", {}).get("error") or "-"]))
PY
}

# export REPO COMMIT PATH DEST: score.py's export (git archive, file by file for a partial snapshot).
export_project() {
  python3 - "$here" "$MIRRORS" "$@" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import score
git_dir = score.find_git_dir(sys.argv[2], sys.argv[3])
if git_dir is None:
    print("no mirror"); sys.exit(1)
err = score.export(git_dir, sys.argv[4], sys.argv[5], sys.argv[6])
if err:
    print(err); sys.exit(1)
PY
}

# The base images a Dockerfile pulls: FROM images that name no earlier stage, and COPY --from=image.
base_images() {
  awk '/^FROM /{ i = 2; while ($i ~ /^--/) i++; if (!($i in stage)) print $i; if (toupper($(i + 1)) == "AS") stage[$(i + 2)] = 1 }
       /^COPY --from=/{ split($2, f, "="); if (!(f[2] in stage) && f[2] ~ /:/) print f[2] }' "$1" | sort -u
}

# have_base IMAGE: in docker, or pushed there from buildah's storage (built by standins.sh if STANDINS=1).
have_base() {
  [ "$1" = scratch ] && return 0
  docker image inspect "$1" >/dev/null 2>&1 && return 0
  if ! buildah inspect --type image "$1" >/dev/null 2>&1; then
    [ "${STANDINS:-0}" = 1 ] || return 1
    "$root/tests/e2e/standins.sh" "$1" >>"$work/standins.log" 2>&1 || return 1
  fi
  echo "loading stand-in $1 into docker" >&2
  buildah push --quiet "$1" "docker-daemon:$1" >/dev/null 2>&1 && docker image inspect "$1" >/dev/null 2>&1
}

free_gb() { df -BG --output=avail /work | tail -1 | tr -dc 0-9; }

# clean TAG: remove the project's image, dangling layers, and the build cache when the disk runs low.
clean() {
  docker rmi -f "$1" >/dev/null 2>&1
  docker image prune -f >/dev/null 2>&1
  if [ "$(free_gb)" -lt "$MIN_FREE_GB" ]; then
    echo "under $MIN_FREE_GB GB free: pruning the build cache" >&2
    docker builder prune -af >/dev/null 2>&1
  fi
}

# summarize LABEL REPORT.json: the table cell and class (serves | answer | built | build) of a verify report.
summarize() {
  python3 - "$1" "$2" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[2]))
except Exception:
    print("noreport\tno JSON report (see the verify log)"); sys.exit()
clean = lambda s: " ".join((s or "").split()).replace("|", "\\|")[:160]
a = r.get("answer") or {}
if not r["build"]["ok"]:
    print("build\tthe build failed: " + clean((r["build"].get("log_tail") or "")[-400:]))
elif r["ok"] and a.get("status") is not None:
    print(f"serves\tserves: HTTP {a.get('status')} on {a.get('port')}{a.get('path', '')}")
elif a.get("status") is not None and a.get("status") == a.get("expected_status"):
    print(f"checks\tanswers HTTP {a['status']} on {a.get('port')}{a.get('path', '')} but: " + clean("; ".join(r.get("failures", []))))
elif r["ok"]:
    print("runs\truns and exits cleanly (no port planned, no HTTP check)")
elif a.get("status") is not None:
    print(f"answer\tanswers HTTP {a['status']} on {a.get('port')}{a.get('path', '')}: " + clean(a.get("body_excerpt")))
else:
    print("built\tno answer: " + clean("; ".join(r.get("failures", [])) + " " + (a.get("body_excerpt") or "")))
PY
}

row() { # row LABEL CLASS CELL SECONDS [REPORT]
  printf '| %s | %s | %s |\n' "$1" "$3" "$4" >>"$rows"
  printf '| %s | %s | %s |\n' "$1" "$3" "$4"
  python3 - "$1" "$2" "$3" "$4" "${5:-}" >>"$jsonl" <<'PY'
import json, sys
label, cls, cell, secs, report = sys.argv[1:6]
try:
    rep = json.load(open(report)) if report else None
except Exception:
    rep = None
print(json.dumps({"project": label, "class": cls, "result": cell, "seconds": secs, "report": rep}))
PY
}

verify_one() { # verify_one LABEL REPO COMMIT PATH ERROR
  local label=$1 repo=$2 commit=$3 path=$4 error=$5 dir tag out start missing=() img
  start=$SECONDS
  if [ "$error" != - ]; then row "$label" refused "skipped: an expected refusal ($error)" 0; return; fi
  dir="$work/p/$(echo "$label" | tr '/:' '__')"
  mkdir -p "$dir"
  if ! out=$(export_project "$repo" "$commit" "$path" "$dir"); then
    row "$label" skipped "skipped: $out" 0; rm -rf "$dir"; return
  fi
  if ! out=$(cd "$dir" && timeout 60 "$DOCKGEN" init --yes --force . 2>&1 >/dev/null); then
    row "$label" init "init failed: $(echo "$out" | tr '\n|' ' /' | cut -c1-200)" $((SECONDS - start)); rm -rf "$dir"; return
  fi
  sed -i '1{/^# syntax=/d}' "$dir/Dockerfile"
  for img in $(base_images "$dir/Dockerfile"); do have_base "$img" || missing+=("$img"); done
  if [ ${#missing[@]} -gt 0 ]; then
    row "$label" nobase "not built: no stand-in for ${missing[*]}" $((SECONDS - start)); rm -rf "$dir"; return
  fi
  tag="localhost/dockgen-verify-$(echo "$label" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-' | sed 's/--*/-/g;s/-$//')"
  (cd "$dir" && timeout "$BUILD_TIMEOUT" "$DOCKGEN" verify --engine docker --json --timeout "$TIMEOUT" \
    --tag "$tag" . >"$work/report.json" 2>"$work/verify.log")
  IFS=$'\t' read -r cls cell < <(summarize "$label" "$work/report.json")
  row "$label" "$cls" "$cell" $((SECONDS - start)) "$work/report.json"
  clean "$tag"
  rm -rf "$dir" "$work/report.json"
}

# write_results: the summary and table so far, into $RESULTS and $RESULTS_JSON (after every project, so an
# interrupted run keeps what it measured).
write_results() {
  summary=$(python3 - "$jsonl" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
n = lambda *c: sum(r["class"] in c for r in rs)
built = n("serves", "runs", "checks", "answer", "built")
print(f"**{built} projects built and run; {n('serves')} serve** ({n('runs')} more, with no port, run and "
      f"exit cleanly). {n('build')} failed to build, "
      f"{n('checks')} answered but failed another check, {n('answer')} answered with another status, "
      f"{n('built')} never answered; not built: {n('nobase')} with no stand-in base image, "
      f"{n('init')} where init failed, {n('skipped', 'refused')} skipped (no mirror, or an expected refusal).")
PY
)
  [ -n "${RESULTS_JSON:-}" ] && cp "$jsonl" "$RESULTS_JSON"
  [ -n "${RESULTS:-}" ] || return 0
  {
    echo "<!-- verify:begin -->"
    echo "$summary"
    echo
    echo "| project | result | seconds |"
    echo "| --- | --- | --- |"
    cat "$rows"
    echo "<!-- verify:end -->"
  } >"$work/block.md"
  python3 - "$RESULTS" "$work/block.md" <<'PY'
import os, re, sys
path, block = sys.argv[1], open(sys.argv[2]).read()
old = open(path).read() if os.path.exists(path) else ""
pat = re.compile(r"<!-- verify:begin -->.*<!-- verify:end -->\n?", re.S)
new = pat.sub(lambda _: block, old) if pat.search(old) else old + ("\n" if old else "") + block
open(path, "w").write(new)
PY
}

# RESUME=1: the projects $RESULTS_JSON already holds keep their row and are not run again.
if [ "${RESUME:-0}" = 1 ] && [ -s "${RESULTS_JSON:-}" ]; then
  cp "$RESULTS_JSON" "$jsonl"
  python3 - "$jsonl" >"$rows" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(f"| {r['project']} | {r['result']} | {r['seconds']} |")
PY
fi
done_before() { python3 -c 'import json, sys; sys.exit(not any(json.loads(l)["project"] == sys.argv[2] for l in open(sys.argv[1])))' "$jsonl" "$1"; }

while IFS=$'\x1f' read -r label repo commit path error; do
  done_before "$label" && continue
  verify_one "$label" "$repo" "$commit" "$path" "$error" </dev/null
  write_results
done < <(list_projects "${tomls[@]}")
write_results
echo
echo "$summary"
exit 0
