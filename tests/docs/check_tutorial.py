#!/usr/bin/env python3
"""Every command of a Markdown tutorial runs as written, and prints what the text quotes.

    check_tutorial.py ROOT DOC BUILD_DIR

From ROOT, each ```sh block of DOC runs as one bash script (set -e -o pipefail), in the
order of the text; a nonzero exit fails the check. A ```text block that follows a ```sh
block (blank lines between at most) quotes its output: each of its lines must appear,
whole and in order, among the lines the block printed (standard output, then standard
error); a line "..." stands for any number of lines. A `gtkwave FILES...` line opens a
window: its files must exist, and GTKWave must still be running 5 seconds after it
started under Xvfb (it exits at once when it cannot load them). Pictures ![..](PATH)
must exist. The commands name the build folder build/: unless BUILD_DIR is ROOT/build
the check is skipped (exit 77).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

SKIP = 77


def blocks(text):
    """(language, body lines, first line number, blank lines before the next block)."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        k = j + 1
        while k < len(lines) and lines[k].strip() == "":
            k += 1
        adjacent = k < len(lines) and lines[k].startswith("```")
        out.append((m.group(1), lines[start:j], start + 1, adjacent))
        i = j + 1
    return out


def gtkwave_line(line, root):
    """The shell line that checks `gtkwave ARGS` headless, or an error."""
    # The files must exist when the line runs (the commands before it in its block make
    # them), so the check is part of the script, not done before it.
    files = [a for a in shlex.split(line)[1:] if not a.startswith("-")]
    exists = "".join(f"[ -e {shlex.quote(a)} ] || {{ echo 'gtkwave would open a missing file: {a}' >&2; exit 1; }}; "
                     for a in files)
    if not shutil.which("xvfb-run"):
        return exists + "echo 'gtkwave: not checked (no xvfb-run)'", None
    # timeout's status 124: GTKWave was still running, its files loaded.
    return (exists + "timeout 5 xvfb-run -a -s '-screen 0 1280x800x24' " + line +
            " >/dev/null 2>&1 || [ $? -eq 124 ]"), None


def quoted_in(quote, printed):
    """None if `quote` is in `printed`: its runs of lines (split at "...") each found as
    consecutive printed lines, in order. Else the first quoted line not found."""
    runs, run = [], []
    for q in quote:
        q = q.rstrip()
        if q == "...":
            runs.append(run)
            run = []
        else:
            run.append(q)
    runs.append(run)
    at = 0
    for run in runs:
        if not run:
            continue
        starts = [k for k in range(at, len(printed) - len(run) + 1) if printed[k:k + len(run)] == run]
        if not starts:
            # The first line of the run that breaks it, for the message.
            for m in range(len(run), 0, -1):
                if any(printed[k:k + m] == run[:m] for k in range(at, len(printed))):
                    return run[m] if m < len(run) else run[0]
            return run[0]
        at = starts[0] + len(run)
    return None


def main():
    root, doc, build = sys.argv[1:4]
    if os.path.realpath(build) != os.path.realpath(os.path.join(root, "build")):
        print(f"skipped: the tutorial's commands use build/, this build is {build}")
        return SKIP
    text = open(doc, encoding="utf-8").read()
    failures = []
    for pic in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        if not os.path.exists(os.path.join(os.path.dirname(doc), pic)):
            failures.append(f"picture {pic} does not exist")
    bs = blocks(text)
    ran = 0
    for n, (lang, body, line_no, adjacent) in enumerate(bs):
        if lang != "sh":
            continue
        script = []
        for line in body:
            if line.startswith("gtkwave "):
                checked, error = gtkwave_line(line, root)
                if error:
                    failures.append(f"{doc}:{line_no}: {error}")
                    checked = "false"
                script.append(checked)
            else:
                script.append(line)
        print(f"--- {doc}:{line_no}\n" + "\n".join(body), flush=True)
        r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", "\n".join(script)], cwd=root,
                           capture_output=True, text=True)
        ran += 1
        if r.returncode != 0:
            failures.append(f"{doc}:{line_no}: exit status {r.returncode}\n"
                            f"stdout (tail):\n{r.stdout[-3000:]}\nstderr (tail):\n{r.stderr[-3000:]}")
            continue
        if adjacent and n + 1 < len(bs) and bs[n + 1][0] == "text":
            printed = [l.rstrip() for l in (r.stdout + r.stderr).split("\n")]
            missing = quoted_in(bs[n + 1][1], printed)
            if missing is not None:
                failures.append(f"{doc}:{bs[n + 1][2]}: the quoted output differs from what the command printed;"
                                f" first line not found:\n  {missing}")
    print(f"{ran} command blocks run")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
