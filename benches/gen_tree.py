#!/usr/bin/env python3
"""Write a synthetic Node project of N files for benches/plan.sh: the app's own manifests and source,
plus the folders that dominate real trees — node_modules, .git, target, vendor — and plain folders
(docs, assets, deep source) that the walk must visit, so pruning and the depth bound are both exercised.

    gen_tree.py DIR N
"""
import os
import sys

root, total = sys.argv[1], int(sys.argv[2])
if os.path.exists(os.path.join(root, "package.json")):
    sys.exit(0)  # already generated: the tree is deterministic
os.makedirs(root, exist_ok=True)


def write(rel, text=""):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


write("package.json", '{"name":"big","main":"server.js","dependencies":{"express":"^4.21.0"}}\n')
write("package-lock.json", '{"lockfileVersion":3}\n')
write("server.js", "const app = require('express')();\napp.listen(process.env.PORT || 8080);\n")
# Shares of the tree: pruned folders hold most files, as in real projects; the rest is walked.
shares = [
    ("node_modules/pkg{a}/lib/sub{b}/f{i}.js", 0.45),
    (".git/objects/{a:02x}/{i:038x}", 0.15),
    ("target/debug/deps/f{i}.o", 0.08),
    ("vendor/github.com/o{a}/r{b}/f{i}.go", 0.07),
    ("src/m{a}/s{b}/f{i}.js", 0.15),  # depth 4: visited
    ("docs/d{a}/deep/er/than/the/walk/f{i}.md", 0.05),  # below MAX_DEPTH: never visited
    ("assets/img{a}/f{i}.png", 0.05),
]
n = 3
for pattern, share in shares:
    count = int(total * share)
    for i in range(count):
        write(pattern.format(a=i % 97, b=i % 13, i=i))
    n += count
i = 0
while n < total:  # rounding remainder
    write(f"misc/f{i}.txt")
    n += 1
    i += 1
