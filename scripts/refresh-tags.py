#!/usr/bin/env python3
"""Refresh data/official-tags.toml: the published tags tests/it/catalogue.rs checks the image catalogue against.

No registry is reachable from the tests, so the repository carries the facts they need: for every official
Docker Hub image that detectors/images.toml can emit (and detectors/services.toml names for compose.yaml), each tag of the same shape that was ever published
(the catalogue's `golang:1.24-trixie` keeps every `golang:<n>.<n>-trixie`, so a new line can be added
without a refresh when it already exists upstream), and the distroless images with their tags.

Usage: scripts/refresh-tags.py SOURCE [--date YYYY-MM-DD] [--distroless FILE] [--out FILE]

SOURCE is either
  - a folder of `<image>.tags` files (every tag an image has published, one a line) and `distroless.md`
    (the distroless README's image table), as prepared from docker-library/official-images; or
  - a git checkout of docker-library/official-images: the tags come from every version of its
    `library/<image>` files (`Tags:` and `SharedTags:` lines), and the distroless table from --distroless
    or, without it, from the current data file.
The snapshot's date comes from --date, else the checkout's last commit, else "up to YYYY-MM-DD" in the
folder's README.md. Python 3.11 or later (tomllib); no other dependency.
"""

import argparse
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "detectors" / "images.toml"
# The backing services compose.yaml runs (src/compose/): their official images are checked the same way.
SERVICES = ROOT / "detectors" / "services.toml"
OUT = ROOT / "data" / "official-tags.toml"
DISTROLESS = "gcr.io/distroless/"


def concrete_images(catalogue):
    """Every image reference the catalogue can emit (as `ImageRule::concrete` in src/rules.rs)."""
    for rule in catalogue.get("build", []) + catalogue.get("runtime", []):
        versions, pins = rule.get("versions", []), rule.get("pins", {})
        if not versions:
            yield rule["image"]
        for v in versions:
            yield rule["image"].replace("{v}", pins.get(v, v))


def shape(tag):
    """A tag's shape: its digit runs stand for any number (`1.24-trixie` matches `1.27-trixie`)."""
    return re.compile("".join(r"\d+" if p.isdigit() else re.escape(p) for p in re.split(r"(\d+)", tag)))


def tags_from_folder(source, repo):
    path = source / f"{repo}.tags"
    if not path.is_file():
        sys.exit(f"error: {path}: missing; the catalogue emits {repo} images, so its tag list is needed")
    return set(path.read_text().split())


def tags_from_checkout(source, repo):
    """Every tag any version of library/<repo> ever listed: the file's added lines over its whole history."""
    log = subprocess.run(
        ["git", "-C", str(source), "log", "-p", "--format=", "--", f"library/{repo}"],
        check=True, capture_output=True, text=True,
    ).stdout
    tags = set()
    for line in log.splitlines():
        m = re.match(r"^\+\s*(?:Shared)?Tags:\s*(.*)$", line)
        if m:
            tags.update(t.strip() for t in m.group(1).split(",") if t.strip())
    if not tags:
        sys.exit(f"error: {source}/library/{repo}: no Tags: lines found in its history")
    return tags


def distroless_table(text):
    """Image -> tags from the distroless README's markdown tables (`| gcr.io/distroless/x | a, b | … |`)."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[1].startswith(DISTROLESS):
            out[cells[1]] = [t.strip() for t in cells[2].split(",") if t.strip()]
    return out


def snapshot_date(args, source, checkout):
    if args.date:
        return args.date
    if checkout:
        return subprocess.run(["git", "-C", str(source), "log", "-1", "--format=%cs"],
                              check=True, capture_output=True, text=True).stdout.strip()
    readme = source / "README.md"
    m = re.search(r"up to (\d{4}-\d{2}-\d{2})", readme.read_text()) if readme.is_file() else None
    if not m:
        sys.exit("error: cannot tell the snapshot's date; pass --date YYYY-MM-DD")
    return m.group(1)


def toml_list(items, indent="    ", width=110):
    lines, line = [], indent
    for item in items:
        word = json.dumps(item) + ", "
        if len(line) + len(word) > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return "[\n" + "\n".join(lines) + "\n]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder of <image>.tags files, or an official-images checkout")
    parser.add_argument("--date", help="the snapshot's date, YYYY-MM-DD")
    parser.add_argument("--distroless", type=Path, help="the distroless README (markdown tables of images and tags)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default data/official-tags.toml)")
    args = parser.parse_args()
    source = args.source
    checkout = (source / "library").is_dir()

    catalogue = tomllib.loads(CATALOGUE.read_text())
    services = [s["image"] for s in tomllib.loads(SERVICES.read_text()).get("service", [])]
    shapes = {}
    distroless_used = set()
    for image in list(concrete_images(catalogue)) + services:
        repo, _, tag = image.partition(":")
        if repo.startswith(DISTROLESS):
            distroless_used.add(repo)
        elif "/" not in repo:
            shapes.setdefault(repo, set()).add(shape(tag))

    tags = {}
    for repo in sorted(shapes):
        published = tags_from_checkout(source, repo) if checkout else tags_from_folder(source, repo)
        tags[repo] = sorted(t for t in published if any(s.fullmatch(t) for s in shapes[repo]))

    table_file = args.distroless or (None if checkout else source / "distroless.md")
    if table_file:
        distroless = distroless_table(table_file.read_text())
    else:
        distroless = tomllib.loads(OUT.read_text()).get("distroless", {})
    distroless = {k: v for k, v in distroless.items() if k in distroless_used or "debian13" in k}

    out = [
        "# Generated by scripts/refresh-tags.py; do not edit by hand (run the script on a newer snapshot).",
        "# For each official image detectors/images.toml can emit, every published tag of the same shape;",
        "# and the distroless images with their tags. tests/it/catalogue.rs checks the catalogue against this.",
        f"date = {json.dumps(snapshot_date(args, source, checkout))}",
        "",
        "[tags]",
    ]
    out += [f"{json.dumps(repo) if '-' in repo else repo} = {toml_list(t)}" for repo, t in tags.items()]
    out += ["", "[distroless]"]
    out += [f"{json.dumps(image)} = {json.dumps(t)}" for image, t in sorted(distroless.items())]
    args.out.write_text("\n".join(out) + "\n")
    total = sum(len(t) for t in tags.values())
    print(f"wrote {args.out}: {total} tags of {len(tags)} images, {len(distroless)} distroless images")


if __name__ == "__main__":
    main()
