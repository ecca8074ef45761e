#!/usr/bin/env python3
"""The side-by-side image benchmark: dockgen's Dockerfile against a reference written from the ecosystem's
official guidance, built with docker (BuildKit) on the local stand-in images, for each case of cases.toml.

For each case and each of the two Dockerfiles, on a clean copy of the example:
  cold     build with --no-cache and emptied cache mounts (base images are local either way)
  source   rebuild after a comment is appended to a source file
  manifest rebuild after a dependency manifest changes bytes but not meaning (see cases.toml)
  size     the image's size (docker image inspect .Size: the base included, the same base for most pairs)
  answer   from `docker run` to the first answer with the expected status and body
and prints the ratios dockgen / reference. Standard library only; run through run.sh, which builds dockgen
and readies docker and the stand-ins.

Usage: bench.py [--answers] DOCKGEN OUT.jsonl [EXAMPLE...]
  --answers: only the time to first answer, five times per Dockerfile taking turns, for the median (the
  builds hit the cache a full run left); report.py prefers these medians.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
ENV = dict(os.environ, DOCKER_BUILDKIT="1")
# The image that empties the cache mounts before a cold build: any stand-in with a shell.
SHELL_IMAGE = os.environ.get("BENCH_SHELL_IMAGE", "python:3.13-slim-trixie")
LEFT_OUT = {"expect.toml", "README.md", "Dockerfile", ".dockerignore"}


def docker(*args, check=True, capture=True):
    return subprocess.run([DOCKER, *args], env=ENV, check=check, text=True,
                          stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT)


def copy_example(example, dest):
    """The example's own files: no snapshots, no expectations, no Dockerfile of its own."""
    src = os.path.join(ROOT, "examples", example)
    shutil.copytree(src, dest, ignore=lambda d, names: [n for n in names if n.endswith(".snap") or
                                                          (d == src and n in LEFT_OUT)])


def with_cache_ids(text, prefix):
    """Give every cache mount an id of this run's own (`<prefix><target>`), so a cold build can empty them
    without touching any other build's caches on the same engine. Returns the text and the ids."""
    ids = {}

    def add(m):
        opts = m.group(1)
        if "id=" in opts:
            return m.group(0)
        target = re.search(r"target=([^,\s]+)", opts).group(1)
        ident = prefix + re.sub(r"[^A-Za-z0-9]+", "-", target).strip("-")
        ids[ident] = target
        return f"--mount=type=cache,id={ident},{opts}"

    return re.sub(r"--mount=type=cache,([^\s]+)", add, text), sorted(ids)


def prepare(case, variant, work, dockgen):
    """A build context with the variant's Dockerfile and .dockerignore; returns (folder, cache ids)."""
    ctx = os.path.join(work, f"{case['example']}-{variant}")
    copy_example(case["example"], ctx)
    if variant == "dockgen":
        subprocess.run([dockgen, "init", "--yes", ctx], check=True, capture_output=True)
    else:
        ref = os.path.join(HERE, "references", case["example"])
        shutil.copy(os.path.join(ref, "Dockerfile"), os.path.join(ctx, "Dockerfile"))
        shutil.copy(os.path.join(HERE, "references", "dockerignore"), os.path.join(ctx, ".dockerignore"))
    path = os.path.join(ctx, "Dockerfile")
    text = open(path).read()
    # No registry is reachable: the engine's built-in frontend builds it.
    text = re.sub(r"\A# syntax=[^\n]*\n", "", text)
    text, ids = with_cache_ids(text, f"bench-{case['example']}-{variant}-")
    open(path, "w").write(text)
    return ctx, ids


def empty_caches(ids, work):
    """Empty the cache mounts `ids` with a throwaway build that mounts each and deletes its contents."""
    if not ids:
        return
    ctx = tempfile.mkdtemp(dir=work)
    mounts = " ".join(f"--mount=type=cache,id={i},target=/c{n}" for n, i in enumerate(ids))
    dirs = " ".join(f"/c{n}" for n in range(len(ids)))
    open(os.path.join(ctx, "Dockerfile"), "w").write(
        f"FROM {SHELL_IMAGE}\nRUN {mounts} find {dirs} -mindepth 1 -delete\n")
    docker("build", "--no-cache", "-q", "-t", "bench-empty-caches", ctx)
    docker("rmi", "-f", "bench-empty-caches", check=False)


def build(ctx, tag, cold=False):
    """Seconds one `docker build` takes; a failure raises with the log's tail."""
    args = ["build", "-t", tag] + (["--no-cache"] if cold else []) + [ctx]
    start = time.monotonic()
    r = docker(*args, check=False)
    seconds = time.monotonic() - start
    if r.returncode != 0:
        raise RuntimeError(f"docker build {ctx} failed:\n{r.stdout[-1500:]}")
    return seconds


def append(ctx, spec):
    """Append a comment (or, for a format without comments, a blank line) to a file of the context."""
    name, marker = spec
    with open(os.path.join(ctx, name), "a") as f:
        if marker == "<!--":
            f.write("\n<!-- bench edit -->\n")
        elif marker:
            f.write(f"\n{marker} bench edit\n")
        else:
            f.write("\n")


def first_answer(tag, port, check):
    """Seconds from `docker run` to the first answer with the expected status and body (None: none in 60 s)."""
    start = time.monotonic()
    cid = docker("run", "-d", "-p", f"127.0.0.1::{port}", tag).stdout.strip().splitlines()[-1]
    try:
        host = docker("port", cid, f"{port}/tcp").stdout.strip().splitlines()[0].rsplit(":", 1)[1]
        url = f"http://127.0.0.1:{host}{check.get('path', '/')}"
        while time.monotonic() - start < 60:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    body = r.read().decode(errors="replace")
                    if r.status == check.get("status", 200) and check.get("body", "") in body:
                        return time.monotonic() - start
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.02)
        return None
    finally:
        docker("rm", "-f", cid, check=False)


def measure(case, variant, work, dockgen, check):
    ctx, ids = prepare(case, variant, work, dockgen)
    tag = f"localhost/bench-{case['example']}-{variant}"
    empty_caches(ids, work)
    row = {"example": case["example"], "stack": case["stack"], "variant": variant}
    row["cold"] = build(ctx, tag, cold=True)
    row["size"] = int(docker("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())
    port = case.get("reference_port", case["port"]) if variant == "reference" else case["port"]
    row["answer"] = first_answer(tag, port, check)
    append(ctx, case["source"])
    row["source"] = build(ctx, tag)
    if "manifest" in case:
        append(ctx, case["manifest"])
        row["manifest"] = build(ctx, tag)
    docker("rmi", "-f", tag, check=False)
    empty_caches(ids, work)
    return row


def answers(case, work, dockgen, check, rounds=5):
    """Time to first answer again, `rounds` times per Dockerfile, the two taking turns, for the median: one
    start on a shared machine moves by seconds. The builds hit the cache the measured run left."""
    tags = {}
    for variant in ("dockgen", "reference"):
        ctx, _ = prepare(case, variant, work, dockgen)
        tags[variant] = f"localhost/bench-{case['example']}-{variant}"
        build(ctx, tags[variant])
    times = {v: [] for v in tags}
    for _ in range(rounds):
        for variant, tag in tags.items():
            port = case.get("reference_port", case["port"]) if variant == "reference" else case["port"]
            times[variant].append(first_answer(tag, port, check))
    for tag in tags.values():
        docker("rmi", "-f", tag, check=False)
    median = lambda xs: None if None in xs else sorted(xs)[len(xs) // 2]
    return {v: {"example": case["example"], "variant": v, "answers": t, "answer": median(t)}
            for v, t in times.items()}


def expectation(example):
    e = tomllib.load(open(os.path.join(ROOT, "examples", example, "expect.toml"), "rb"))
    return e["facts"]["port"], e.get("check", {})


def main():
    mode = "all"
    if sys.argv[1] == "--answers":
        mode = sys.argv.pop(1)
    dockgen, out, only = sys.argv[1], sys.argv[2], sys.argv[3:]
    cases = tomllib.load(open(os.path.join(HERE, "cases.toml"), "rb"))["case"]
    work = tempfile.mkdtemp(prefix="dockgen-bench-images.")
    try:
        with open(out, "a") as f:
            for case in cases:
                if only and case["example"] not in only:
                    continue
                case["port"], check = expectation(case["example"])
                if mode == "--answers":
                    print(f"== {case['example']} (first answers)", flush=True)
                    try:
                        rows = answers(case, work, dockgen, check)
                    except (RuntimeError, subprocess.CalledProcessError) as e:
                        print(f"   failed: {str(e)[-300:]}", flush=True)
                        continue
                    for row in rows.values():
                        print("   " + json.dumps(row), flush=True)
                        f.write(json.dumps(row) + "\n")
                    continue
                for variant in ("dockgen", "reference"):
                    print(f"== {case['example']} ({variant})", flush=True)
                    try:
                        row = measure(case, variant, work, dockgen, check)
                    except (RuntimeError, subprocess.CalledProcessError) as e:
                        row = {"example": case["example"], "stack": case["stack"], "variant": variant,
                               "error": str(getattr(e, "stdout", None) or e)[-1500:]}
                    print("   " + json.dumps(row)[:300], flush=True)
                    f.write(json.dumps(row) + "\n")
                    f.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
