#!/usr/bin/env python3
"""Formal proofs of the MMU RTL with Yosys 0.23 and yosys-smtbmc (see formal/README.md).

Each job reads rtl/ and formal/mmu_formal.sv with `read_verilog -formal` for one build
(Xlen 32 or 64, TlbEntries 4, IdBits 1) and one property group (-D CHECK_<GROUP>),
writes SMT-LIB2 and runs yosys-smtbmc: bounded model checking (BMC), k-induction, or
cover. A negative check is the same job on a copy of rtl/ with one text replacement
(formal/bugs/*.bug) that must make the group's proof fail.

  prove.py                    CI depths: every group, both builds, and every negative check
  prove.py --long             deeper BMC and induction (outside CI)
  prove.py --only sfence,ad --xlen 64 --no-negative
  prove.py --negative-only
  prove.py --list             the jobs, without running them
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RTL_FILES = ["mmu_pkg.sv", "mmu.sv", "mmu_tlb.sv", "mmu_ptw.sv", "mmu_plru.sv",
             "mmu_perm.sv", "mmu_leaf_ppn.sv"]
HARNESS = os.path.join(HERE, "mmu_formal.sv")

# Per group: what it proves, and the bounds as (CI, --long). "bmc": depth of BMC with
# yosys-smtbmc and z3; "ind": the k of k-induction with yosys-smtbmc and z3 (None: not
# attempted, it does not close); "pdr": seconds for ABC's PDR (IC3), an unbounded proof
# (None: not attempted); "cover": cover depth.
GROUPS = {
    "rtl":    dict(what="the RTL's own 21 assertions", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "asid":   dict(what="P1 hit => entry global or of the current ASID", bmc=(12, 24), ind=(None, None), pdr=(None, 600)),
    "sfence": dict(what="P2 no hit after a covering sfence until a refill", bmc=(12, 24), ind=(None, None), pdr=(None, 600)),
    "refill": dict(what="P3 refill only at the end of a successful walk", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "ad":     dict(what="P4 A/D update last, only when no other fault", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "priv":   dict(what="P5 U hit never a supervisor page, S fetch never a user page", bmc=(12, 24), ind=(None, None), pdr=(None, 600)),
    "rsp":    dict(what="P6 no response without a request", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "bound":  dict(what="P7 every walk ends within its bound", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "held":   dict(what="P8 memory request held until accepted", bmc=(12, 24), ind=(None, None), pdr=(60, 600)),
    "cover":  dict(what="every walker state transition reachable", cover=(12, 20)),
}

PROBE_RE = re.compile(r"^\s*\(\*\s*keep\s*\*\)\s*logic.*?\b(p_\w+)\s*;\s*//\s*probe:\s*(\S+)")


def probes():
    """(wire, path) for every probe the harness declares."""
    out = []
    with open(HARNESS) as f:
        for line in f:
            m = PROBE_RE.match(line)
            if m:
                out.append((m.group(1), m.group(2)))
    return out


def parse_bug(path):
    """A bug file: set(NAME value) lines, values optionally double-quoted (\\" inside)."""
    bug = {"name": os.path.splitext(os.path.basename(path))[0]}
    with open(path) as f:
        for line in f:
            m = re.match(r'\s*set\((\w+)\s+(.*)\)\s*$', line)
            if not m:
                continue
            value = m.group(2).strip()
            if value.startswith('"') and value.endswith('"'):
                value = value[1:-1].replace('\\"', '"').replace('\\\\', '\\')
            bug[m.group(1)] = value
    for key in ("BUG_FILE", "BUG_FROM", "BUG_TO", "BUG_PROPERTY"):
        if key not in bug:
            sys.exit(f"prove: {path}: {key} missing")
    if bug["BUG_PROPERTY"] not in GROUPS:
        sys.exit(f"prove: {path}: unknown property group {bug['BUG_PROPERTY']}")
    return bug


def patched_rtl(bug, workdir):
    """A copy of rtl/ with the bug's replacement applied (exactly once)."""
    dst = os.path.join(workdir, "rtl")
    os.makedirs(dst, exist_ok=True)
    for name in RTL_FILES:
        with open(os.path.join(ROOT, "rtl", name)) as f:
            text = f.read()
        if name == bug["BUG_FILE"]:
            count = text.count(bug["BUG_FROM"])
            if count != 1:
                raise RuntimeError(f"{bug['name']}: '{bug['BUG_FROM']}' occurs {count} times "
                                   f"in rtl/{name} (must be once): update the bug")
            text = text.replace(bug["BUG_FROM"], bug["BUG_TO"])
        with open(os.path.join(dst, name), "w") as f:
            f.write(text)
    return dst


def yosys_script(rtl_dir, xlen, group, work):
    """Yosys 0.23: read with -formal, flatten, connect the probes, keep the group's
    assertions, map to an and-inverter netlist, write SMT-LIB2 and AIGER."""
    files = " ".join(os.path.join(rtl_dir, f) for f in RTL_FILES) + " " + HARNESS
    lines = [
        f"read_verilog -formal -sv -DCHECK_{group.upper()} {files}",
        f"chparam -set Xlen {xlen} mmu_formal",
        "hierarchy -check -top mmu_formal",
        "proc",
        "flatten",
        # The TLB's entry arrays become flip-flops: the SMT2 back end sees a memory whose
        # write data depends on its own read data as a logic loop.
        "memory -nomap",
        "memory_map",
        "cd mmu_formal",
    ]
    lines += [f"connect -set {wire} \\{path}" for wire, path in probes()]
    lines += ["cd ..", "setattr -unset keep w:p_*"]
    if group != "rtl":
        # Each group proves its own assertions; the RTL's are the group `rtl`.
        lines += ["chformal -remove t:$assert a:src=*/rtl/* %i"]
    lines += [
        "opt -fast",
        "check -assert",
        # Bit level: z3 4.8.12 stalls on the word-level SMT2 of this design (it never
        # finishes reading the definitions) and cvc4 1.8 needs minutes per step; both
        # are fast on the and-inverter graph ABC makes of it.
        "async2sync",
        "techmap",
        "opt -fast",
        "dffunmap",
        "abc -g AND -fast",
        "opt_clean",
        f"write_smt2 -stbv {os.path.join(work, 'model.smt2')}",
    ]
    if group != "cover":  # the AIGER back end has no cover cells (and PDR no covers)
        lines += [f"write_aiger -zinit {os.path.join(work, 'model.aig')}"]
    return "\n".join(lines) + "\n"


def run(cmd, log):
    """Run cmd with output to log; returns (exit status, CPU seconds of it and its children)."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


class Check:
    """One engine run on a netlist: bmc, induction, cover (yosys-smtbmc) or pdr (ABC)."""
    def __init__(self, engine, bound):
        self.engine, self.bound = engine, bound
        self.result, self.detail, self.cpu = None, "", 0.0

    def label(self):
        unit = "s" if self.engine == "pdr" else ""
        return f"{self.engine} {self.bound}{unit}"

    def execute(self, work, solver):
        tag = f"{self.engine}{self.bound}"
        log = os.path.join(work, f"{tag}.log")
        if self.engine == "pdr":
            cmd = ["yosys-abc", "-c", f"read_aiger {os.path.join(work, 'model.aig')}; fold; "
                   f"pdr -T {self.bound}"]
            rc, self.cpu = run(cmd, log)
            text = open(log).read()
            if "Property proved" in text:
                self.result = "PASSED"
            elif re.search(r"was asserted in frame", text):
                self.result, self.detail = "FAILED", "PDR counterexample"
            else:
                self.result, self.detail = "UNKNOWN", "PDR gave up (time limit)"
            return
        cmd = ["yosys-smtbmc", "-s", solver, "--noprogress"]
        if self.engine == "induction":
            cmd += ["-i"]
        elif self.engine == "cover":
            cmd += ["-c"]
        cmd += ["-t", str(self.bound), "--dump-vcd", os.path.join(work, f"{tag}.vcd"),
                os.path.join(work, "model.smt2")]
        rc, self.cpu = run(cmd, log)
        text = open(log).read()
        self.failed = re.findall(r"Assert failed in \S+: (\S+)", text)
        unreached = re.findall(r"Unreached cover statement at (\S+)", text)
        if "Status: PASSED" in text:
            self.result = "PASSED"
        elif "Status: FAILED" in text:
            self.result = "FAILED"
        else:
            self.result, self.detail = "ERROR", f"see {log}"
        if self.failed:
            steps = re.findall(r"in step (\d+)", text)
            self.detail = "assert failed: " + ", ".join(sorted(set(
                re.sub(r"^.*/", "", f.split("|")[-1]) for f in self.failed)))
            if steps:
                self.detail += f" (step {steps[-1]})"
        if unreached:
            self.detail = "unreached: " + ", ".join(re.sub(r"^.*/", "", u) for u in unreached)


class Job:
    """One netlist (group, build, optionally a bug) and the checks run on it."""
    def __init__(self, group, xlen, checks, bug=None):
        self.group, self.xlen, self.checks, self.bug = group, xlen, checks, bug
        self.name = f"neg_{bug['name']}_rv{xlen}" if bug else f"{group}_rv{xlen}"
        self.error = ""
        self.cpu = 0.0
        self.wall = 0.0

    def describe(self):
        what = f"negative {self.bug['name']} ({self.group})" if self.bug else self.group
        return f"{what:42} rv{self.xlen}"

    def execute(self, outdir, solver):
        work = os.path.join(outdir, self.name)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        start = time.time()
        try:
            rtl_dir = patched_rtl(self.bug, work) if self.bug else os.path.join(ROOT, "rtl")
        except RuntimeError as err:
            self.error = str(err)
            return self
        with open(os.path.join(work, "model.ys"), "w") as f:
            f.write(yosys_script(rtl_dir, self.xlen, self.group, work))
        rc, cpu = run(["yosys", "-q", "-l", os.path.join(work, "yosys.log"), "-s",
                       os.path.join(work, "model.ys")], os.path.join(work, "yosys.out"))
        self.cpu += cpu
        if rc != 0:
            self.error = f"yosys failed, see {work}/yosys.log"
            return self
        for c in self.checks:
            c.execute(work, solver)
            self.cpu += c.cpu
            if self.bug:
                # The bug must be caught by the group's own property, in the harness (the
                # group `rtl`: by an RTL assertion).
                where = "/rtl/" if self.group == "rtl" else "mmu_formal.sv"
                caught = c.result == "FAILED" and any(where in f for f in c.failed)
                c.detail = c.detail or c.result
                c.result = "CAUGHT" if caught else "MISSED"
        self.wall = time.time() - start
        return self

    def ok(self):
        if self.error:
            return False
        return all(c.result in ("PASSED", "CAUGHT") or
                   (c.engine == "pdr" and c.result == "UNKNOWN") for c in self.checks)

    def report(self):
        if self.error:
            return [f"{self.describe()}  ERROR {self.error}"]
        return [f"{self.describe()}  {c.label():13} {c.result:7} cpu {c.cpu:6.1f} s  {c.detail}"
                for c in self.checks]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--long", action="store_true", help="deeper bounds (outside CI)")
    ap.add_argument("--xlen", default="32,64", help="builds: 32, 64 or 32,64")
    ap.add_argument("--only", default="", help="comma-separated groups (default: all)")
    ap.add_argument("--bugs", default="", help="comma-separated negative checks (default: all)")
    ap.add_argument("--no-negative", action="store_true", help="skip the negative checks")
    ap.add_argument("--negative-only", action="store_true", help="only the negative checks")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--solver", default="z3", help="yosys-smtbmc solver (default z3)")
    ap.add_argument("--no-pdr", action="store_true", help="skip ABC's PDR")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "formal"))
    ap.add_argument("--list", action="store_true", help="print the jobs and exit")
    args = ap.parse_args()

    level = 1 if args.long else 0
    xlens = [int(x) for x in args.xlen.split(",") if x]
    groups = [g for g in args.only.split(",") if g] or list(GROUPS)
    for g in groups:
        if g not in GROUPS:
            sys.exit(f"prove: unknown group {g} (groups: {', '.join(GROUPS)})")

    jobs = []
    if not args.negative_only:
        for g in groups:
            spec = GROUPS[g]
            for x in xlens:
                if "cover" in spec:
                    jobs.append(Job(g, x, [Check("cover", spec["cover"][level])]))
                    continue
                checks = [Check("bmc", spec["bmc"][level])]
                if spec["ind"][level]:
                    checks.append(Check("induction", spec["ind"][level]))
                if spec["pdr"][level] and not args.no_pdr:
                    checks.append(Check("pdr", spec["pdr"][level]))
                jobs.append(Job(g, x, checks))
    if not args.no_negative:
        bugdir = os.path.join(HERE, "bugs")
        wanted = [b for b in args.bugs.split(",") if b]
        for name in sorted(os.listdir(bugdir)):
            if not name.endswith(".bug"):
                continue
            bug = parse_bug(os.path.join(bugdir, name))
            if wanted and bug["name"] not in wanted:
                continue
            if args.only and bug["BUG_PROPERTY"] not in groups:
                continue
            for x in [int(v) for v in bug.get("BUG_BUILD", "64").split(",")]:
                if x in xlens:
                    depth = int(bug.get("BUG_DEPTH", GROUPS[bug["BUG_PROPERTY"]]["bmc"][0]))
                    jobs.append(Job(bug["BUG_PROPERTY"], x, [Check("bmc", depth)], bug))

    if args.list:
        for j in jobs:
            print(j.describe(), " ".join(c.label() for c in j.checks))
        return 0
    for tool in ("yosys", "yosys-smtbmc", "yosys-abc", args.solver):
        if not shutil.which(tool):
            print(f"prove: needs yosys, yosys-smtbmc, yosys-abc and {args.solver} "
                  f"(bash sim/setup.sh installs them)", file=sys.stderr)
            return 1

    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    # Most work first, so that the pool ends together.
    order = sorted(jobs, key=lambda j: -sum(c.bound for c in j.checks))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(j.execute, args.out, args.solver) for j in order]
        for fut in concurrent.futures.as_completed(futures):
            for line in fut.result().report():
                print(line, flush=True)
    wall = time.time() - start
    cpu = sum(j.cpu for j in jobs)
    bad = [j for j in jobs if not j.ok()]
    print(f"prove: {len(jobs) - len(bad)} passed, {len(bad)} failed; cpu {cpu:.1f} s, "
          f"wall {wall:.1f} s (logs and traces in {args.out})")
    for j in bad:
        print(f"prove: FAILED {j.describe()} ({args.out}/{j.name})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
