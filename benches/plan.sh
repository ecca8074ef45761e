#!/usr/bin/env bash
# Whole-process timings of `dockgen plan` (release build) on every example and on synthetic trees of
# 10,000 and 100,000 files, with hyperfine; then peak RSS with /usr/bin/time -v. Trees and copies of the
# examples go to $BENCH_DIR (default /tmp/dockgen-bench), never into the repository.
#
#   benches/plan.sh             # dockgen only
#   benches/plan.sh --compare   # also Netlify's @netlify/build-info detector on the same folders
#   benches/plan.sh --init      # only `init --yes` against `plan` on the 100k tree (the ratio, issue 13)
#
# `init --yes` is measured for real: it writes Dockerfile, .dockerignore, .dockgen/ into the tree's root,
# and hyperfine's --prepare deletes them before every run, so each run writes them afresh (no merge).
#
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
compare=false
init_only=false
[ "${1:-}" = "--compare" ] && compare=true
[ "${1:-}" = "--init" ] && init_only=true
work="${BENCH_DIR:-/tmp/dockgen-bench}"
mkdir -p "$work"
cargo build --release --locked --quiet
bin="$PWD/target/release/dockgen"

# init --yes against plan on the 100k tree, alternating in one hyperfine run so both see the same load.
init_ratio() {
  local tree="$work/tree-100k"
  python3 benches/gen_tree.py "$tree" 100000
  local clean="rm -rf $tree/Dockerfile $tree/.dockerignore $tree/.dockgen $tree/dockgen.toml"
  $clean
  hyperfine -N --warmup 3 --min-runs 30 --export-json "$work/init.json" \
    --prepare "$clean" "$bin plan $tree" \
    --prepare "$clean" "$bin init --yes $tree" >/dev/null
  $clean
  python3 - "$work/init.json" <<'PY'
import json, sys
r = {x["command"].split()[1]: x for x in json.load(open(sys.argv[1]))["results"]}
plan, init = r["plan"]["median"] * 1000, r["init"]["median"] * 1000
print(f"| tree-100k | plan {plan:.2f} ms | init --yes {init:.2f} ms | init ÷ plan {init / plan:.2f} |")
PY
}
if $init_only; then
  init_ratio
  exit 0
fi

# Copies of the examples outside the repository, so a detector that looks at parent folders (the
# comparison one walks up to the git root) sees only the example.
rm -rf "$work/examples" && cp -r examples "$work/examples"
names=$(find "$work/examples" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | paste -sd, -)
python3 benches/gen_tree.py "$work/tree-10k" 10000
python3 benches/gen_tree.py "$work/tree-100k" 100000

hyperfine -N --warmup 5 --min-runs 50 --export-json "$work/examples.json" \
  -L ex "$names" "$bin plan $work/examples/{ex}" >/dev/null
# The first walk of a fresh tree pays for the page cache; warm runs are what a second invocation sees.
hyperfine -N --warmup 3 --min-runs 20 --export-json "$work/trees.json" \
  -L n 10k,100k "$bin plan $work/tree-{n}" >/dev/null

other=()
if $compare; then
  tools="$work/tools"
  if [ ! -x "$tools/node_modules/.bin/build-info" ]; then
    mkdir -p "$tools" && (cd "$tools" && npm install --silent --no-audit --no-fund @netlify/build-info@11.3.0)
  fi
  bi="$tools/node_modules/.bin/build-info"
  hyperfine -N --warmup 2 --min-runs 10 --export-json "$work/other-examples.json" \
    -L ex "$names" "$bi $work/examples/{ex}" >/dev/null
  hyperfine -N --warmup 1 --min-runs 5 --export-json "$work/other-trees.json" \
    -L n 10k,100k "$bi $work/tree-{n}" >/dev/null
  other=("$work/other-examples.json" "$work/other-trees.json")
fi

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
{
  for d in "$work"/examples/* "$work/tree-10k" "$work/tree-100k"; do
    echo "$(basename "$d") $(rss "$bin" plan "$d")"
  done
} >"$work/rss.txt"

init_ratio
python3 - "$work" "${other[@]}" <<'PY'
import json, sys, os
work, others = sys.argv[1], sys.argv[2:]
rss = dict(line.split() for line in open(os.path.join(work, "rss.txt")))
def medians(path):
    out = {}
    for r in json.load(open(path))["results"]:
        name = os.path.basename(r["command"].split()[-1])
        out[name] = r["median"] * 1000
    return out
ours = {**medians(os.path.join(work, "examples.json")), **medians(os.path.join(work, "trees.json"))}
theirs = {}
for p in others:
    theirs.update(medians(p))
head = "| project | dockgen plan median (ms) | peak RSS (KiB) |"
sep = "|---|---:|---:|"
if theirs:
    head += " @netlify/build-info median (ms) |"
    sep += "---:|"
print(head)
print(sep)
for name, ms in ours.items():
    row = f"| {name} | {ms:.2f} | {rss.get(name, '?')} |"
    if theirs:
        row += f" {theirs.get(name, float('nan')):.1f} |"
    print(row)
PY
