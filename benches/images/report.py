#!/usr/bin/env python3
"""Turn the benchmark's results.jsonl into the table of results.md, as ratios dockgen / reference.

Usage: report.py RESULTS.jsonl RESULTS.md    (answers.jsonl beside RESULTS.jsonl, when present, gives
the median time to first answer of repeated starts)
Only the text between `<!-- bench:begin -->` and `<!-- bench:end -->` is rewritten; the rest of
results.md (why a stack misses a target, what is not covered) is kept as written.
"""

import json
import sys

# The targets for every stack: dockgen / reference at most this.
TARGETS = {"cold": 1.1, "source": 1.0, "size": 1.0, "answer": 1.0}
COLUMNS = [("cold", "cold build"), ("source", "rebuild, source edit"),
           ("manifest", "rebuild, manifest edit"), ("size", "image size"), ("answer", "first answer")]


def fmt(key, value):
    if value is None:
        return "-"
    if key == "size":
        return f"{value / 1e6:.1f} MB"
    return f"{value:.1f} s"


def ratio(key, d, r):
    a, b = d.get(key), r.get(key)
    if a is None or b is None or b == 0:
        return "-", None
    q = a / b
    # A miss is judged on the ratio as printed: 217.51 MB against 217.51 MB is even, not a miss by 444 bytes.
    miss = key in TARGETS and round(q, 2) > TARGETS[key]
    return (f"**{q:.2f}**" if miss else f"{q:.2f}"), miss


def rows(results):
    pairs = {}
    for row in results:
        pairs.setdefault(row["example"], {})[row["variant"]] = row
    lines = ["| stack | example | " + " | ".join(f"{t} (dockgen / reference)" for _, t in COLUMNS) + " |",
             "|---|---|" + "---:|" * len(COLUMNS)]
    for example, pair in pairs.items():
        d, r = pair.get("dockgen", {}), pair.get("reference", {})
        stack = d.get("stack") or r.get("stack")
        if "error" in d or "error" in r:
            which = "dockgen" if "error" in d else "reference"
            lines.append(f"| {stack} | {example} | {which} build failed: see results.jsonl |" + " |" * (len(COLUMNS) - 1))
            continue
        cells = []
        for key, _ in COLUMNS:
            q, _miss = ratio(key, d, r)
            cells.append(f"{q} ({fmt(key, d.get(key))} / {fmt(key, r.get(key))})")
        lines.append(f"| {stack} | {example} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    results = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    # Medians of repeated starts (bench.py --answers, answers.jsonl beside the results) replace single ones.
    try:
        repeated = [json.loads(l) for l in open(sys.argv[1].replace("results.jsonl", "answers.jsonl")) if l.strip()]
    except FileNotFoundError:
        repeated = []
    medians = {(r["example"], r["variant"]): r["answer"] for r in repeated}
    for row in results:
        if (row["example"], row["variant"]) in medians:
            row["answer"] = medians[(row["example"], row["variant"])]
    table = rows(results)
    text = open(sys.argv[2]).read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    open(sys.argv[2], "w").write(f"{head}{begin}\n{table}\n{end}{tail}")
    print(table)


if __name__ == "__main__":
    main()
