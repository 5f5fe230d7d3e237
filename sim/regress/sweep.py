#!/usr/bin/env python3
"""Plan and merge of a fresh-seed sweep (sim/regress.sh).

  sweep.py plan OUT --sim MMU_SIM --runs N --cycles C [--seed S] [--tests ..] [--variants ..]
                [--profiles ..] [--extra ARGS]
      The matrix is random tests (mmu_sim --list) x compiled RTL variants (build, TLB
      entries) x memory profiles (profiles.txt). It is shuffled with the sweep seed and
      cycled through for N runs (N = 0: one run per cell), each with its own seed drawn
      from the sweep seed: N runs of at least the matrix size cover every cell. Writes
      OUT/plan.tsv.

  sweep.py merge OUT
      Reads OUT/plan.tsv and what each run left in OUT/runs/ (run_one.sh), writes
      OUT/junit.xml (one test case per run; properties seed, check, expected, seen, ...),
      OUT/summary.txt (printed) and OUT/failures.tsv. Exit status 1 when any run failed,
      timed out, crashed or did not run.
"""

import argparse
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_FIELDS = ["index", "seed", "test", "build", "tlb", "profile", "args"]


def read_profiles():
    profiles = OrderedDict()
    with open(os.path.join(HERE, "profiles.txt")) as f:
        for line in f:
            if re.match(r"^[a-z]", line):
                name, args = line.split(None, 1)
                profiles[name] = args.split()
    return profiles


def sim_list(sim):
    """Random tests and compiled (build, entries) variants, from mmu_sim --list."""
    text = subprocess.run([sim, "--list"], check=True, capture_output=True, text=True).stdout
    tests, variants, section = [], [], None
    for line in text.splitlines():
        if line.startswith("tests "):
            section = "tests"
        elif line.startswith("RTL variants"):
            section = "variants"
        elif not line.startswith("  "):
            section = None
        elif section == "tests":
            tests.append(line.split()[0])
        elif section == "variants":
            build, entries = line.split()[:2]
            variants.append(f"{build}:{entries}")
    if not tests or not variants:
        die(f"cannot read tests and variants from '{sim} --list'")
    return tests, variants


def die(msg):
    sys.stderr.write(f"regress: error: {msg}\n")
    sys.exit(2)


def pick(what, wanted, have):
    if not wanted:
        return have
    chosen = wanted.split(",")
    bad = [w for w in chosen if w not in have]
    if bad:
        die(f"unknown {what}: {', '.join(bad)} (have: {', '.join(have)})")
    return chosen


def plan(a):
    profiles = read_profiles()
    tests, variants = sim_list(a.sim)
    tests = pick("test", a.tests, tests)
    variants = pick("variant", a.variants, variants)
    names = pick("profile", a.profiles, list(profiles))
    matrix = [(t, v, p) for t in tests for v in variants for p in names]
    rng = random.Random(a.seed)
    rng.shuffle(matrix)
    extra = shlex.split(a.extra or "")
    rows = []
    for i in range(a.runs or len(matrix)):
        test, variant, profile = matrix[i % len(matrix)]
        build, entries = variant.split(":")
        seed = rng.randrange(1, 1 << 64)
        args = ["--test", test, "--build", build, "--tlb-entries", entries, "--seed", str(seed),
                "--cycles", str(a.cycles)] + profiles[profile] + extra
        rows.append([str(i), str(seed), test, build, entries, profile, shlex.join(args)])
    with open(os.path.join(a.out, "plan.tsv"), "w") as f:
        f.write("\t".join(PLAN_FIELDS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"regress: sweep seed {a.seed}: {len(rows)} runs over a matrix of {len(matrix)} "
          f"({len(tests)} tests x {len(variants)} variants x {len(names)} profiles), {a.cycles} cycles each")


# ---------------------------------------------------------------------------- merge

MISMATCH = re.compile(r"mmu_sim: MISMATCH at cycle (\d+): (.*)\n  expected: (.*)\n  seen:     (.*)\n")
FAILED = re.compile(r"mmu_sim: FAILED at cycle (\d+): (.*)\n")
SIGNALS = {6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM", 8: "SIGFPE", 7: "SIGBUS"}


def check_of(what):
    """The check that failed: the mismatch's WHAT without the run's numbers (addresses,
    request IDs), so that one broken rule makes one group."""
    return re.sub(r"\b\d+\b", "N", re.sub(r"0x[0-9a-fA-F]+", "ADDR", what))


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return None


def keyvals(text):
    return dict(line.split("=", 1) for line in (text or "").splitlines() if "=" in line)


def field(text, name):
    m = re.search(rf"^  {name} +(\d+)", text or "", re.M)
    return int(m.group(1)) if m else None


def result_of(out, row):
    """What one run did: status, check, expected, seen... from its files."""
    base = os.path.join(out, "runs", f"{int(row['index']):04d}")
    r = dict(row)
    r.update(status="pass", check="", what="", expected="", seen="", cycle="", reproduce="", rerun="",
             waveform="", cycles=0, translations=0, seconds=0.0, host="", slurm="", message="")
    st = keyvals(read(base + ".status"))
    stdout, stderr = read(base + ".out") or "", read(base + ".err") or ""
    r["stdout"], r["stderr"] = stdout, stderr
    r["command"] = st.get("command", "").strip()
    r["host"], r["slurm"] = st.get("host", ""), st.get("slurm", "")
    if "rc" not in st:
        r.update(status="error", check="did not run", message="the run left no status (never started, or killed "
                 "before it finished: see the SLURM log in slurm/ for a SLURM run)")
        return r
    rc = int(st["rc"])
    r["seconds"] = float(st.get("seconds", 0))
    r["cycles"] = field(stdout, "cycles") or 0
    r["translations"] = field(stdout, "translations") or 0
    m = MISMATCH.search(stderr)
    f = FAILED.search(stderr)
    if rc == 0:
        return r
    if rc == 1 and m:
        r.update(status="fail", cycle=m.group(1), what=m.group(2), check=check_of(m.group(2)),
                 expected=m.group(3), seen=m.group(4), cycles=int(m.group(1)),
                 message=f"MISMATCH at cycle {m.group(1)}: {m.group(2)}")
    elif rc == 1 and f:
        r.update(status="fail", cycle=f.group(1), what=f.group(2), check=check_of(f.group(2)),
                 cycles=int(f.group(1)), message=f"FAILED at cycle {f.group(1)}: {f.group(2)}")
    elif rc in (124, 137) and st.get("timeout"):
        r.update(status="error", check="timeout", message=f"killed after the {st['timeout']} s timeout")
    elif rc > 128:
        sig = SIGNALS.get(rc - 128, f"signal {rc - 128}")
        r.update(status="error", check=f"crash ({sig})", message=f"mmu_sim died of {sig}")
    else:
        first = next((line for line in stderr.splitlines() if line.strip()), "")
        r.update(status="error", check=f"exit status {rc}", message=f"exit status {rc}: {first}")
    rm = re.search(r"^  reproduce: (.*)$", stderr, re.M)
    if rm:
        r["reproduce"] = rm.group(1)
    # The rerun of the reproduce line (run_one.sh), with its waveform.
    rst = keyvals(read(base + ".rerun.status"))
    if "rc" in rst:
        rerr = read(base + ".rerun.err") or ""
        wm = re.search(r"^  waveform: (.*)$", rerr, re.M)
        r["waveform"] = wm.group(1) if wm and os.path.exists(wm.group(1)) else ""
        rm2 = MISMATCH.search(rerr) or FAILED.search(rerr)
        same = rm2 and (m or f) and rm2.group(0) == (m or f).group(0)
        r["rerun"] = ("reproduced" if same else f"NOT reproduced (exit status {rst['rc']})")
    elif r["status"] == "fail":
        r["rerun"] = "not rerun" + (" (no reproduce line)" if not r["reproduce"] else "")
    return r


def junit(out, results, meta):
    failures = sum(r["status"] == "fail" for r in results)
    errors = sum(r["status"] == "error" for r in results)
    total_time = sum(r["seconds"] for r in results)
    suite = ET.Element("testsuite", name="regress", tests=str(len(results)), failures=str(failures),
                       errors=str(errors), skipped="0", time=f"{total_time:.3f}", hostname=socket.gethostname())
    props = ET.SubElement(suite, "properties")
    for k, v in meta.items():
        ET.SubElement(props, "property", name=k, value=str(v))
    for r in results:
        tc = ET.SubElement(suite, "testcase", classname=f"regress.{r['build']}.tlb{r['tlb']}.{r['profile']}",
                           name=f"{r['test']} seed {r['seed']}", time=f"{r['seconds']:.3f}")
        p = ET.SubElement(tc, "properties")
        for k in ("seed", "test", "build", "tlb", "profile", "check", "expected", "seen", "what", "cycle",
                  "cycles", "translations", "command", "reproduce", "rerun", "waveform", "host", "slurm"):
            ET.SubElement(p, "property", name=k, value=str(r[k]))
        if r["status"] != "pass":
            tag = "failure" if r["status"] == "fail" else "error"
            body = r["stderr"][-4000:] if r["stderr"] else r["message"]
            el = ET.SubElement(tc, tag, message=r["message"], type=r["check"])
            el.text = body
        if r["stdout"]:
            ET.SubElement(tc, "system-out").text = r["stdout"][-4000:]
    ET.indent(suite)
    ET.ElementTree(suite).write(os.path.join(out, "junit.xml"), encoding="UTF-8", xml_declaration=True)


def merge(a):
    out = a.out
    with open(os.path.join(out, "plan.tsv")) as f:
        lines = f.read().splitlines()
    rows = [dict(zip(PLAN_FIELDS, line.split("\t"))) for line in lines[1:]]
    meta = keyvals(read(os.path.join(out, "sweep.env")))
    meta = {"sweep_seed": meta.get("SWEEP_SEED", ""), "backend": meta.get("BACKEND", ""),
            "cycles_per_run": meta.get("CYCLES", ""), "timeout": meta.get("TIMEOUT", ""),
            "runs": len(rows)}
    results = [result_of(out, row) for row in rows]
    junit(out, results, meta)

    passed = [r for r in results if r["status"] == "pass"]
    bad = [r for r in results if r["status"] != "pass"]
    cycles = sum(r["cycles"] for r in results)
    translations = sum(r["translations"] for r in results)
    cpu = sum(r["seconds"] for r in results)
    lines = [f"regress: sweep seed {meta['sweep_seed']}, backend {meta['backend']}: {len(results)} runs, "
             f"{len(passed)} passed, {len(bad)} failed",
             f"regress: {cycles} cycles simulated, {translations} translations checked "
             f"(the summaries of the passing runs), {cpu:.2f} s of run time"]
    cov = (read(os.path.join(out, "coverage.log")) or "").splitlines()
    if cov and cov[0].startswith("mmu_cov: "):
        lines.append("regress: coverage: " + cov[0][len("mmu_cov: "):])
    groups = OrderedDict()
    for r in sorted(bad, key=lambda r: r["check"]):
        groups.setdefault(r["check"], []).append(r)
    if groups:
        lines.append(f"regress: failures by check ({len(groups)}):")
        for check, rs in groups.items():
            lines.append(f"  {len(rs)} x {check}")
            for r in rs:
                lines.append(f"    run {r['index']}: {r['test']} {r['build']} tlb{r['tlb']} {r['profile']} "
                             f"seed {r['seed']}: {r['message']}")
                if r["expected"] or r["seen"]:
                    lines.append(f"      expected: {r['expected']}")
                    lines.append(f"      seen:     {r['seen']}")
                if r["reproduce"]:
                    lines.append(f"      reproduce: {r['reproduce']}")
                elif r["command"]:
                    lines.append(f"      command:   {r['command']}")
                if r["rerun"]:
                    lines.append(f"      rerun:     {r['rerun']}")
                if r["waveform"]:
                    lines.append(f"      waveform:  {r['waveform']}")
        waves = [r["waveform"] for r in bad if r["waveform"]]
        if waves:
            lines.append(f"regress: waveforms of the reruns ({len(waves)}):")
            lines += [f"  {w}" for w in waves]
    with open(os.path.join(out, "failures.tsv"), "w") as f:
        f.write("check\tseed\ttest\tbuild\ttlb\tprofile\tcycle\texpected\tseen\trerun\twaveform\treproduce\n")
        for r in bad:
            f.write("\t".join(str(r[k]) for k in ("check", "seed", "test", "build", "tlb", "profile", "cycle",
                                                  "expected", "seen", "rerun", "waveform", "reproduce")) + "\n")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plan")
    p.add_argument("out")
    p.add_argument("--sim", required=True)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--cycles", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--tests", default="")
    p.add_argument("--variants", default="")
    p.add_argument("--profiles", default="")
    p.add_argument("--extra", default="")
    m = sub.add_parser("merge")
    m.add_argument("out")
    a = ap.parse_args()
    if a.cmd == "plan":
        plan(a)
        return 0
    return merge(a)


if __name__ == "__main__":
    sys.exit(main())
