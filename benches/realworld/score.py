#!/usr/bin/env python3
"""Score dockgen on the real-world sweep: standard library only.

For every [[project]] of the given TOML files whose mirror is present, export `commit:path` from the
bare git directory the `fetch` tool leaves under the mirror root, run `dockgen plan --json` and
`dockgen init --yes --stdout` (each under `timeout`), compare the facts with the expected ones, then
print a table per stack and one line per miss. A crash, a timeout or an unreadable answer is a miss
of that project, never a failure of the script.

  score.py --dockgen BIN [--mirrors DIR] [--timeout S] [--markdown FILE] [--json FILE] TOML...
"""

import argparse
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib

FIELDS = ("stack", "package_manager", "framework", "toolchain", "start", "port", "output")
NONE_WORDS = {"", "none", "null"}


def load_projects(paths):
    """Every [[project]] of every file, tagged with the file it came from."""
    out = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as e:
            print(f"warning: {path}: skipped, {e}", file=sys.stderr)
            continue
        for i, p in enumerate(data.get("project", [])):
            p = dict(p)
            p["_file"] = os.path.basename(path)
            p["_dir"] = os.path.dirname(os.path.abspath(path))
            p["_index"] = i
            p.setdefault("path", "")
            p.setdefault("expect", {})
            out.append(p)
    return out


def label(p):
    if p.get("local"):
        return "local:" + p["local"]
    return p["repo"] + (":" + p["path"] if p.get("path") else "")


def find_git_dir(mirrors, repo):
    """The bare git directory fetch made for owner/name (its layout is <root>/owner+name/…)."""
    top = os.path.join(mirrors, repo.replace("/", "+"))
    if not os.path.isdir(top):
        return None
    for root, dirs, files in os.walk(top):
        if "HEAD" in files and "objects" in dirs and "refs" in dirs:
            return root
        if root.count(os.sep) - top.count(os.sep) >= 3:
            dirs[:] = []
    return None


def export(git_dir, commit, path, dest):
    """git archive commit:path | tar -x into dest; returns an error string or None."""
    tree = f"{commit}:{path}" if path else commit
    arch = subprocess.run(["git", "--git-dir", git_dir, "archive", "--format=tar", tree],
                          capture_output=True)
    if arch.returncode != 0:
        return export_files(git_dir, commit, path, dest, arch.stderr.decode(errors="replace"))
    tar = subprocess.run(["tar", "-x", "-C", dest], input=arch.stdout, capture_output=True)
    if tar.returncode != 0:
        return "tar failed: " + tar.stderr.decode(errors="replace").strip()
    return None


def export_files(git_dir, commit, path, dest, why):
    """File by file, for a snapshot that lacks some blobs (fetch leaves out files of 4 MiB and more)."""
    tree = f"{commit}:{path}" if path else commit
    ls = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", tree], capture_output=True)
    if ls.returncode != 0:
        msg = (ls.stderr or why.encode()).decode(errors="replace").strip().splitlines()
        return "export failed: " + (msg[-1] if msg else "git ls-tree failed")
    for entry in ls.stdout.split(b"\0"):
        if not entry:
            continue
        meta, name = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob":
            continue
        blob = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "blob", sha], capture_output=True)
        if blob.returncode != 0:
            continue  # absent from the snapshot: a large file the project's detection never reads
        target = os.path.join(dest, name.decode(errors="replace"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == b"120000":
            os.symlink(blob.stdout.decode(errors="replace"), target)
        else:
            with open(target, "wb") as f:
                f.write(blob.stdout)
            if mode == b"100755":
                os.chmod(target, 0o755)
    return None


def run(cmd, timeout):
    """Run under coreutils timeout; (rc, stdout, stderr), rc 124 on timeout."""
    try:
        r = subprocess.run(["timeout", str(timeout)] + cmd, capture_output=True, stdin=subprocess.DEVNULL,
                           timeout=timeout + 10)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return 124, "", "timed out"


def first_error_line(stderr):
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith("error") or "panicked" in ln:
            return ln
    return lines[0] if lines else ""


def pick_app(plan, want=None):
    """The app at `want` (an expectation's `app`, for a repository of several apps), else the app at the
    project's root, or the only one; None when several and none at the root."""
    apps = plan.get("apps") if isinstance(plan, dict) else None
    if apps is None and isinstance(plan, dict) and ("stack" in plan or "language" in plan):
        apps = [plan]
    if not apps:
        return None, 0
    if want is not None:
        return next((a for a in apps if a.get("path") == want), None), len(apps)
    for a in apps:
        if a.get("path") in (".", "", None):
            return a, len(apps)
    return (apps[0] if len(apps) == 1 else None), len(apps)


def norm_word(v):
    if v is None:
        return ""
    v = str(v).strip()
    return "" if v.lower() in NONE_WORDS else v.lower()


def unwrap_shell(argv):
    """Treat ["/bin/sh", "-c", "exec X"] (or sh -c X) as X."""
    if len(argv) >= 3 and os.path.basename(argv[0]) in ("sh", "bash") and argv[1] == "-c":
        s = argv[2].strip()
        return s[5:].strip() if s.startswith("exec ") else s
    return " ".join(argv)


def norm_start(v):
    if v is None:
        return ""
    if isinstance(v, list):
        s = unwrap_shell([str(x) for x in v])
    else:
        s = str(v).strip()
        try:
            s = unwrap_shell(shlex.split(s))
        except ValueError:
            pass
    s = re.sub(r"\s+", " ", s).strip()
    return " ".join(t[2:] if t.startswith("./") and len(t) > 2 else t for t in s.split(" "))


def got_toolchain(app):
    t = app.get("toolchain")
    if isinstance(t, dict):
        return str(t.get("version") or "")
    return "" if t is None else str(t)


def toolchain_ok(expected, got):
    e, g = norm_word(expected), norm_word(got)
    return e == g or (e != "" and g.startswith(e + "."))


def dockerfile_output(dockerfile):
    """The folder the static runtime serves: the source of the COPY --from into the web root."""
    for line in dockerfile.splitlines():
        m = re.match(r"\s*COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)\s*$", line)
        if m and ("html" in m.group(2) or "/srv" in m.group(2) or "www" in m.group(2)):
            src = m.group(1)
            src = re.sub(r"^(/app/?|\./?)", "", src).rstrip("/")
            return src or "."
    return ""


def exec_form_shell(dockerfile):
    """Shell syntax inside an exec-form ENTRYPOINT/CMD (no shell will read it): the start cannot work."""
    argv = []
    for line in dockerfile.splitlines():
        m = re.match(r"\s*(ENTRYPOINT|CMD)\s+(\[.*\])\s*$", line)
        if m:
            try:
                argv += [str(a) for a in json.loads(m.group(2))]
            except json.JSONDecodeError:
                pass
    if len(argv) >= 2 and os.path.basename(argv[0]) in ("sh", "bash") and argv[1] == "-c":
        return ""
    for i, a in enumerate(argv):
        nginx_directive = i > 0 and argv[i - 1] == "-g"
        if "$" in a or a in ("&&", "||", "|", ">", "<") or (a.endswith(";") and not nginx_directive):
            return " ".join(argv)
    return ""


def missing_sources(dockerfile, dest, plan_json):
    """Sources of COPY from the build context that the project does not have: `docker build` would fail."""
    base = dest
    try:
        app, _ = pick_app(json.loads(plan_json))
        # COPY reads the build context: the app's folder, or the repository root for a workspace app
        # built from the root (its `context`).
        folder = app.get("context", app.get("path")) if app else None
        if folder not in (None, "", "."):
            base = os.path.join(dest, folder)
    except (json.JSONDecodeError, TypeError):
        pass
    missing = []
    for line in dockerfile.splitlines():
        m = re.match(r"\s*COPY\s+(.*)$", line)
        if not m or "--from=" in line or line.rstrip().endswith("\\"):
            continue
        words = [w for w in m.group(1).split() if not w.startswith("--")]
        if words[:1] and words[0].startswith("["):
            continue  # JSON form: rare in generated files
        for src in words[:-1]:
            if any(c in src for c in "*?[") or src in (".", "./"):
                continue
            if not os.path.lexists(os.path.join(base, src)):
                missing.append(src)
    return missing


def app_dir(dest, plan_json):
    try:
        app, _ = pick_app(json.loads(plan_json))
    except (json.JSONDecodeError, TypeError):
        return dest
    if app and app.get("path") not in (None, "", "."):
        return os.path.join(dest, app["path"])
    return dest


def yarn_berry_problems(dockerfile, dest, plan_json):
    """Yarn 2+ facts a Dockerfile must honour to build: the yarnPath release, and the linker."""
    base = app_dir(dest, plan_json)
    rc = {}
    try:
        with open(os.path.join(base, ".yarnrc.yml")) as f:
            for line in f:
                m = re.match(r"^(\w+):\s*\"?([^\"#]*?)\"?\s*$", line)
                if m:
                    rc[m.group(1)] = m.group(2).strip()
    except OSError:
        pass
    try:
        with open(os.path.join(base, "package.json")) as f:
            pm = str(json.load(f).get("packageManager", ""))
    except (OSError, ValueError, AttributeError):
        pm = ""
    m = re.match(r"yarn@(\d+)", pm)
    berry = (m and int(m.group(1)) >= 2) or "yarnPath" in rc or "nodeLinker" in rc
    if not berry or "yarn" not in dockerfile:
        return []
    problems = []
    copies = " ".join(l for l in dockerfile.splitlines() if l.strip().startswith("COPY") and "--from=" not in l)
    yarn_path = rc.get("yarnPath")
    if yarn_path and ".yarnrc.yml" in copies:
        parts = yarn_path.split("/")
        prefixes = {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}
        if not any(w.rstrip("/") in prefixes for w in copies.split()):
            problems.append(f"yarnPath {yarn_path} is not copied with .yarnrc.yml: yarn cannot start")
    major = int(m.group(1)) if m else 0
    if not major and yarn_path:
        found = re.search(r"yarn-(\d+)\.", yarn_path)
        major = int(found.group(1)) if found else 0
    if major in (2, 3) and "workspaces focus" in dockerfile and ".yarn/plugins" not in copies:
        problems.append(f"Yarn {major} has no `workspaces focus` without the workspace-tools plugin")
    linker = rc.get("nodeLinker", "pnp")
    copies_modules = any("--from=" in l and "node_modules" in l for l in dockerfile.splitlines())
    if linker == "pnp" and copies_modules and "nodeLinker" not in dockerfile and "YARN_NODE_LINKER" not in dockerfile:
        problems.append("nodeLinker pnp (Yarn's default) writes no node_modules: the COPY of node_modules fails")
    return problems


def dropped_env_files(dockgen, dest, plan_json, timeout):
    """A static build's committed .env files that the written .dockerignore drops with no warning."""
    try:
        plan = json.loads(plan_json)
        app, _ = pick_app(plan)
    except (json.JSONDecodeError, TypeError):
        return []
    if not app or app.get("stack", app.get("language")) != "static":
        return []
    base = app_dir(dest, plan_json)
    envs = [n for n in (".env", ".env.production") if os.path.isfile(os.path.join(base, n))]
    if not envs or any(".env" in str(w) for w in app.get("warnings") or []):
        return []
    rc, _, _ = run([dockgen, "init", "--yes", dest], timeout)  # writes into the temporary copy only
    try:
        with open(os.path.join(base, ".dockerignore")) as f:
            patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    except OSError:
        return []
    kept = [p[1:] for p in patterns if p.startswith("!")]
    return [n for n in envs if any(fnmatch.fnmatch(n, p) for p in patterns if not p.startswith("!"))
            and not any(fnmatch.fnmatch(n, k) for k in kept)]


def norm_output(v):
    v = (v or "").strip().strip("/")
    v = re.sub(r"^\./", "", v)
    return v or "."


def compare(exp, app, dockerfile):
    """[(field, expected, got)] for every expected fact that does not match."""
    misses = []
    stack = app.get("stack", app.get("language"))
    if "stack" in exp and norm_word(exp["stack"]) != norm_word(stack):
        misses.append(("stack", exp["stack"], stack))
    if "package_manager" in exp and norm_word(exp["package_manager"]) != norm_word(app.get("package_manager")):
        misses.append(("package_manager", exp["package_manager"], app.get("package_manager")))
    if "framework" in exp and norm_word(exp["framework"]) != norm_word(app.get("framework")):
        misses.append(("framework", exp["framework"], app.get("framework")))
    if "toolchain" in exp and not toolchain_ok(exp["toolchain"], got_toolchain(app)):
        misses.append(("toolchain", exp["toolchain"], got_toolchain(app)))
    static = norm_word(exp.get("stack")) == "static"
    if "start" in exp and not (static and exp["start"] == ""):
        accepted = exp["start"] if isinstance(exp["start"], list) else [exp["start"]]
        if norm_start(app.get("start")) not in {norm_start(x) for x in accepted}:
            misses.append(("start", " | ".join(accepted), norm_start(app.get("start"))))
    if "port" in exp:
        got = app.get("port") or 0
        if int(exp["port"] or 0) != int(got):
            misses.append(("port", exp["port"], got))
    if "docroot" in exp:
        got = next((str(e.get("value")) for e in app.get("evidence") or [] if e.get("fact") == "docroot"), "")
        base = str(app.get("path") or ".")
        if got and base not in (".", ""):
            got = os.path.normpath(os.path.join(base, got))
        if norm_output(exp["docroot"]) != norm_output(got) or not got:
            misses.append(("docroot", exp["docroot"], got or "(none in the evidence)"))
    if exp.get("output"):
        got = dockerfile_output(dockerfile) if dockerfile else ""
        base = str(app.get("path") or ".")
        if got and base not in (".", ""):
            # An app found in a sub-folder gets its Dockerfile there: its output is relative to it.
            got = os.path.normpath(os.path.join(base, got))
        if norm_output(exp["output"]) != norm_output(got) or not got:
            misses.append(("output", exp["output"], got or "(none found in the Dockerfile)"))
    return misses


def score_one(p, dockgen, mirrors, timeout):
    """The result of one project: status, misses, and what dockgen said."""
    res = {"label": label(p), "stack": p["expect"].get("stack", "?"), "file": p["_file"],
           "expect_error": p["expect"].get("error"), "written": False, "refused": False,
           "all_right": False, "misses": [], "skipped": None, "source": p.get("source", "")}
    git_dir = None if p.get("local") else find_git_dir(mirrors, p["repo"])
    if not git_dir and not p.get("local"):
        res["skipped"] = "no mirror"
        return res
    with tempfile.TemporaryDirectory(prefix="dockgen-rw-") as tmp:
        dest = os.path.join(tmp, "project")
        if p.get("local"):
            # One of our own fixtures, copied so that dockgen never writes into the repository.
            shutil.copytree(os.path.join(p["_dir"], p["local"]), dest, symlinks=True)
        else:
            os.mkdir(dest)
            err = export(git_dir, p["commit"], p.get("path", ""), dest)
            if err:
                res["skipped"] = err
                return res
        prc, pout, perr = run([dockgen, "plan", "--json", dest], timeout)
        irc, iout, ierr = run([dockgen, "init", "--yes", "--stdout", dest], timeout)
        missing = missing_sources(iout, dest, pout) if irc == 0 else []
        yarn = yarn_berry_problems(iout, dest, pout) if irc == 0 else []
        env_dropped = dropped_env_files(dockgen, dest, pout, timeout) if irc == 0 else []
    res["written"] = irc == 0 and "FROM " in iout
    crashed = [rc for rc in (prc, irc) if rc >= 101]  # 101 is a Rust panic, 128+N a signal
    panicked = "panicked" in perr or "panicked" in ierr
    refusal = first_error_line(ierr or perr).replace(dest, "<dir>")
    exp = p["expect"]
    if prc == 124 or irc == 124:
        res["misses"].append(("crash", "an answer", "timed out"))
        return res
    if panicked or crashed:
        res["misses"].append(("crash", "an answer", first_error_line(perr + ierr)[:200]))
        return res
    res["refused"] = irc != 0
    if exp.get("error") is not None:
        if irc == 0:
            res["misses"].append(("error", f"refusal containing {exp['error']!r}", "accepted"))
        elif exp["error"].lower() not in (ierr + perr).lower():
            res["misses"].append(("error", f"refusal containing {exp['error']!r}", refusal))
        else:
            res["all_right"] = True
        return res
    if irc != 0:
        res["misses"].append(("refused", "a Dockerfile", refusal[:200]))
    if prc != 0:
        if irc == 0:
            res["misses"].append(("plan", "plan --json succeeds", first_error_line(perr)[:300]))
        return res
    try:
        plan = json.loads(pout)
    except json.JSONDecodeError as e:
        res["misses"].append(("plan", "JSON", f"unreadable: {e}"))
        return res
    app, n = pick_app(plan, exp.get("app"))
    if app is None:
        want = f"the app {exp['app']}" if exp.get("app") else "one app at the root"
        res["misses"].append(("apps", want, f"{n} apps, none at the root"))
        return res
    res["got"] = {"stack": app.get("stack", app.get("language")), "start": norm_start(app.get("start")),
                  "port": app.get("port"), "toolchain": got_toolchain(app)}
    res["misses"].extend(compare(exp, app, iout if res["written"] else ""))
    if missing:
        res["misses"].append(("copy", "COPY sources present in the project", "absent: " + ", ".join(missing)))
    if env_dropped:
        res["misses"].append(("env", "a committed .env the front-end build reads reaches it, or a warning says why not",
                              "dropped by .dockerignore without a word: " + ", ".join(env_dropped)))
    for problem in yarn:
        res["misses"].append(("yarn", "a Yarn Berry install that builds", problem))
    broken = exec_form_shell(iout) if res["written"] else ""
    if broken:
        res["misses"].append(("exec", "a start without shell syntax in exec form", broken))
    res["all_right"] = res["written"] and not res["misses"]
    return res


def fmt(v):
    return '""' if v in ("", None) else str(v)


def tables(results):
    """The per-stack figures and the miss lines, as markdown text."""
    stacks = {}
    for r in results:
        stacks.setdefault(r["stack"], []).append(r)
    lines = ["| stack | projects | Dockerfile written | all facts right | refused | skipped |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    tot = [0, 0, 0, 0, 0]
    for s in sorted(stacks):
        rs = stacks[s]
        run_ = [r for r in rs if not r["skipped"]]
        row = [len(run_), sum(r["written"] for r in run_), sum(r["all_right"] for r in run_),
               sum(r["refused"] for r in run_), len(rs) - len(run_)]
        tot = [a + b for a, b in zip(tot, row)]
        lines.append(f"| {s} | " + " | ".join(map(str, row)) + " |")
    lines.append("| **all** | " + " | ".join(f"**{x}**" for x in tot) + " |")
    misses = []
    for r in sorted(results, key=lambda r: (r["stack"], r["label"])):
        if r["skipped"] and r["skipped"] != "no mirror":
            misses.append(f"{r['label']} skipped: {r['skipped']}")
        for field, e, g in r["misses"]:
            misses.append(f"{r['label']} {field}: expected {fmt(e)}, got {fmt(g)}")
    return lines, misses, tot


BEGIN, END = "<!-- sweep:begin -->", "<!-- sweep:end -->"


def write_markdown(path, lines, misses):
    """The table and miss list; in a file that has the sweep markers, only what lies between them."""
    body = "\n".join(lines) + "\n\n```\n" + "\n".join(misses) + "\n```\n"
    try:
        with open(path) as f:
            old = f.read()
    except FileNotFoundError:
        old = ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        text = head + BEGIN + "\n" + body + END + rest.split(END, 1)[1]
    else:
        text = BEGIN + "\n" + body + END + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dockgen", required=True)
    ap.add_argument("--mirrors", default=os.environ.get("MIRRORS", "/work/.mirror"))
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("--markdown", help="also write the table and miss list to this file")
    ap.add_argument("--json", help="also write every result to this file")
    ap.add_argument("--only", help="only projects whose repo contains this text")
    ap.add_argument("tomls", nargs="+")
    a = ap.parse_args()
    projects = load_projects(a.tomls)
    if a.only:
        projects = [p for p in projects if a.only in label(p)]
    results = []
    for p in projects:
        try:
            r = score_one(p, a.dockgen, a.mirrors, a.timeout)
        except Exception as e:  # one broken entry must not stop the sweep
            r = {"label": label(p), "stack": p.get("expect", {}).get("stack", "?"), "written": False,
                 "refused": False, "all_right": False, "skipped": None,
                 "misses": [("script", "a result", f"{type(e).__name__}: {e}")]}
        results.append(r)
        mark = "skip" if r["skipped"] else ("ok" if r["all_right"] else "MISS")
        print(f"{mark:4} {r['label']}", file=sys.stderr)
    lines, misses, tot = tables(results)
    print("\n".join(lines))
    print(f"\n{len(misses)} misses:")
    print("\n".join(misses))
    if a.markdown:
        write_markdown(a.markdown, lines, misses)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
