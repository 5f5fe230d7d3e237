#!/usr/bin/env python3
"""Formal proofs of the MMU RTL with Yosys 0.23 and yosys-smtbmc (see formal/README.md).

One Yosys 0.23 run per build reads rtl/ and formal/mmu_formal.sv with `read_verilog
-formal` (Xlen 32 or 64, TlbEntries 4, IdBits 1) and writes, per property group, an
and-inverter netlist holding only that group's assertions (or covers) as SMT-LIB2 and
AIGER. Engines: yosys-smtbmc with z3 (BMC, k-induction, cover), and ABC, the yosys-abc
that Debian's yosys package ships (PDR, an unbounded proof; bmc3, a fast BMC; ind, the
inductive step of k-induction; bmc3 -a for the covers). The groups `arb` and `pmp` have
a Yosys run of their own per build (harness defines DRIVE_IPORT, PMP_ON). A
negative check is a copy of rtl/ with one text replacement (formal/bugs/*.bug) whose
group netlist must fail.

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
             "mmu_perm.sv", "mmu_leaf_ppn.sv", "mmu_entry_check.sv",
             "mmu_l2_tlb.sv", "mmu_walk_cache.sv", "mmu_port.sv", "mmu_pmp.sv"]
HARNESS = os.path.join(HERE, "mmu_formal.sv")

# Per group: what it proves and the checks as (engine, bound) lists for CI and --long.
# bmc: yosys-smtbmc + z3 BMC to that many steps; induction: yosys-smtbmc + z3 k-induction;
# cover: yosys-smtbmc + z3 cover; pdr: ABC's PDR with that many seconds; bmc3: ABC's BMC
# to that many frames; ind: ABC's inductive step of k-induction with that k, on the OR of
# the group's assertions (sound with a bmc3 of at least k frames of the same group as
# the base case; a step that does not hold fails the check: the proof was lost). A pdr
# that gives up is reported, not failed (UNKNOWN).
CLOSES = dict(ci={32: [("pdr", 60)], 64: [("pdr", 60)]},
              long={32: [("pdr", 600), ("bmc", 14)], 64: [("pdr", 600), ("bmc", 12)]})
OPEN = dict(ci={32: [("bmc3", 16)], 64: [("bmc3", 15)]},
            long={32: [("bmc3", 20), ("bmc", 14), ("pdr", 600)],
                  64: [("bmc3", 17), ("bmc", 12), ("pdr", 600)]})
GROUPS = {
    "rtl":    dict(what="the RTL's own 21 assertions", **CLOSES),
    "asid":   dict(what="P1 hit => entry global or of the current ASID", **OPEN),
    "sfence": dict(what="P2 no hit after a covering sfence until a refill", **OPEN),
    "refill": dict(what="P3 refill only at the end of a successful walk", **CLOSES),
    "ad":     dict(what="P4 A/D update last, only when no other fault", **CLOSES),
    "priv":   dict(what="P5 U hit never a supervisor page, S fetch never a user page", **OPEN),
    "rsp":    dict(what="P6 no response without a request", **CLOSES),
    "bound":  dict(what="P7 every walk ends within its bound", **CLOSES),
    "walk":   dict(what="P9 a walk starts at the root PTE unless at a cached pointer; restarts at the root", **OPEN),
    "held":   dict(what="P8 memory request held until accepted",
                   ci=CLOSES["ci"],
                   long={x: CLOSES["long"][x] + [("induction", 6)] for x in (32, 64)}),
    # Both translation ports free (the harness built with DRIVE_IPORT, its own Yosys run);
    # the RTL's own assertions are kept in this group too, for both ports.
    "arb":    dict(what="arbiter: one grant, to an asking port, idle walker, one wait at most, answer to the owner",
                   variant="iport", **CLOSES),
    # Two PMP entries with free pins (the harness built with PMP_ON, its own Yosys run):
    # the assertions (PDR) and the group's covers (the outputs pmp_cover_o, bmc3 -a).
    "pmp":    dict(what="PMP: PTE accesses and answered PAs allowed by the previous edge's view; exact where decided at acceptance",
                   variant="pmp", cover_port="pmp_cover_o",
                   ci={32: [("bmc3", 16), ("ind", 4), ("reach", 12)],
                       64: [("bmc3", 15), ("ind", 4), ("reach", 12)]},
                   # (no PDR: it stays in one SAT call past its time limit on this group)
                   long={32: [("bmc3", 20), ("ind", 4), ("reach", 16), ("bmc", 12)],
                         64: [("bmc3", 17), ("ind", 4), ("reach", 16), ("bmc", 10)]}),
    "cover":  dict(what="every walker state transition reachable", cover_port="cover_o",
                   ci={32: [("reach", 16)], 64: [("reach", 16)]},
                   long={32: [("reach", 20), ("cover", 14)], 64: [("reach", 20), ("cover", 14)]}),
}
# Harness defines of the builds other than the default one (a Yosys run each): "iport"
# drives the instruction port too, "pmp" gives the MMU two PMP entries with free pins.
VARIANTS = {"": "", "iport": "-DDRIVE_IPORT", "pmp": "-DPMP_ON"}
# The groups whose netlists keep the RTL's own assertions.
KEEPS_RTL = {"rtl", "arb"}
# Negative checks: the broken RTL must fail the group's netlist within this many frames.
NEGATIVE = dict(ci=[("bmc3", 15)], long=[("bmc3", 15), ("bmc", 16)])

PROBE_RE = re.compile(r"^\s*\(\*\s*keep\s*\*\)\s*logic.*?\b(p_\w+)\s*;\s*//\s*probe(?:\((\w+)\))?:\s*(\S+)")


def probes(variant=""):
    """(wire, path) for every probe the harness declares for the build `variant`: a probe
    written `// probe(DEFINE): PATH` only in the build with that define (its signal may
    not exist in a broken RTL that another group's negative check uses)."""
    out = []
    defines = VARIANTS[variant].split()
    with open(HARNESS) as f:
        for line in f:
            m = PROBE_RE.match(line)
            if m and (m.group(2) is None or f"-D{m.group(2)}" in defines):
                out.append((m.group(1), m.group(3)))
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


def yosys_script(rtl_dir, xlen, formats, work, variant=""):
    """Yosys 0.23: read with -formal, flatten, connect the probes; then per group keep
    that group's assertions (or covers), map to an and-inverter netlist, write SMT-LIB2
    and AIGER into work/GROUP.smt2 and work/GROUP.aig (the covers, as outputs, into
    work/GROUP.cov.aig). variant: the harness define of the build (VARIANTS; the groups
    with that variant)."""
    files = " ".join(os.path.join(rtl_dir, f) for f in RTL_FILES) + " " + HARNESS
    defines = " ".join(f"-DCHECK_{g.upper()}" for g in GROUPS if g != "rtl")  # all of them
    defines += " " + VARIANTS[variant]
    out = [
        f"read_verilog -formal -sv {defines} {files}",
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
    out += [f"connect -set {wire} \\{path}" for wire, path in probes(variant)]
    out += ["cd ..", "setattr -unset keep w:p_*"]
    # Only the logic some wanted group depends on goes to the bit-level mapping.
    if not KEEPS_RTL & set(formats):
        out += ["chformal -remove t:$assert a:src=*/rtl/* %i"]
    ports = {g: GROUPS[g]["cover_port"] for g in GROUPS if "cover_port" in GROUPS[g]}
    out += [f"delete -output w:{port}" for g, port in ports.items() if g not in formats]
    out += [f"chformal -remove t:$assert t:$cover %u n:{other}_* %i"
            for other in GROUPS if other != "rtl" and other not in formats]
    out += [
        "opt -fast",
        "check -assert",
        # Bit level, once for all groups: z3 4.8.12 stalls on the word-level SMT2 of this
        # design (it never finishes reading the definitions) and cvc4 1.8 needs minutes
        # per step; both are fast on the and-inverter graph ABC makes of it.
        "async2sync",
        "techmap",
        "opt -fast",
        "dffunmap",
        "abc -g AND -fast",
        "opt_clean",
        "design -save front",
    ]
    for g, want in formats.items():
        out += ["design -load front"]
        # The harness labels each assertion and cover with its group (`sfence_port:
        # assert ...`), which names the cell; the RTL's own assertions are the group `rtl`.
        if g not in KEEPS_RTL:
            out += ["chformal -remove t:$assert a:src=*/rtl/* %i"]
        out += [f"chformal -remove t:$assert t:$cover %u n:{other}_* %i"
                for other in GROUPS if other not in ("rtl", g)]
        mine = [port for other, port in ports.items() if other in formats]
        out += [f"delete -output w:{port}" for other, port in ports.items()
                if other in formats and other != g]
        out += [
            "opt_clean",  # what no assertion of the group depends on
            f"tee -q -o {os.path.join(work, g + '.stat')} stat",
        ]
        if "cov" in want:
            # The AIGER back end has no cover cells: the harness drives each cover's
            # condition on a bit of the group's cover output (cover_o, pmp_cover_o),
            # which ABC's bmc3 -a finds asserted when the cover is reached (the map
            # names the outputs).
            out += ["design -save group", "chformal -remove t:$cover t:$assert %u", "opt_clean",
                    f"write_aiger -zinit -map {os.path.join(work, g + '.cov.aigmap')} "
                    f"{os.path.join(work, g + '.cov.aig')}", "design -load group"]
        out += [f"delete -output w:{port}" for port in mine if port == ports.get(g)]
        if "smt2" in want:
            out += [f"write_smt2 -stbv {os.path.join(work, g + '.smt2')}"]
        if "aig" in want:
            out += ["chformal -remove t:$cover", "opt_clean",
                    f"write_aiger -zinit {os.path.join(work, g + '.aig')}"]
    return "\n".join(out) + "\n"


def aiger_outputs(mapfile, port):
    """AIGER output number -> cover name, from write_aiger -map ("output N BIT PORT"):
    bit i of the harness's cover_o[N:1] is cover_i (pmp_cover_o: pmp_cover_i)."""
    names = {}
    with open(mapfile) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 4 and fields[0] == "output" and fields[3] == port:
                names[int(fields[1])] = f"{port[:-2]}_{int(fields[2]):02d}"
    return names


def run(cmd, log):
    """Run cmd with output to log; returns (exit status, CPU seconds of it and its children)."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


class Check:
    """One engine run on a group's netlist."""
    def __init__(self, front, group, engine, bound):
        self.front, self.group, self.engine, self.bound = front, group, engine, bound
        self.result, self.detail, self.cpu, self.failed = None, "", 0.0, []

    def label(self):
        unit = {"pdr": " s", "bmc3": " frames", "reach": " frames", "ind": " frames"}.get(self.engine, " steps")
        return f"{self.engine} {self.bound}{unit}"

    def describe(self):
        what = f"negative {self.front.bug['name']} ({self.group})" if self.front.bug else self.group
        return f"{what:44} rv{self.front.xlen}  {self.label():15}"

    def execute(self, solver):
        work = self.front.work
        tag = f"{self.group}.{self.engine}{self.bound}"
        log = os.path.join(work, f"{tag}.log")
        if self.front.error:
            self.result, self.detail = "ERROR", self.front.error
            return self
        if self.engine == "reach":
            # Every cover is a bit of the output cover_o: bmc3 -a solves every output; a
            # cover is reached when its output is asserted within the bound. (-x: do not
            # keep the counterexamples; ABC 0.23's bmc3 -a crashes storing them here.)
            rc, self.cpu = run(["yosys-abc", "-c", f"read_aiger {os.path.join(work, self.group + '.cov.aig')}; "
                                f"fold; bmc3 -a -x -F {self.bound}"], log)
            text = open(log).read()
            names = aiger_outputs(os.path.join(work, self.group + ".cov.aigmap"),
                                  GROUPS[self.group]["cover_port"])
            frames = {}
            for m in re.finditer(r"Output\s+(\d+) .*?was asserted in frame\s+(\d+)", text):
                frames[names.get(int(m.group(1)), m.group(1))] = int(m.group(2))
            covers = sorted(set(names.values()))
            unreached = [c for c in covers if c not in frames]
            if rc != 0 or not covers:
                self.result, self.detail = "ERROR", f"exit status {rc}, see {log}"
            elif unreached:
                self.result = "FAILED"
                self.detail = "unreached: " + ", ".join(unreached)
            else:
                self.result = "PASSED"
                deepest = max(frames, key=lambda c: frames[c])
                self.detail = (f"{len(frames)} covers reached, deepest at frame "
                               f"{frames[deepest]} ({deepest})")
        elif self.engine == "ind":
            # One output (the OR of the assertions), so that the step assumes all of them
            # in the k frames before the one it checks.
            rc, self.cpu = run(["yosys-abc", "-c", f"read_aiger {os.path.join(work, self.group + '.aig')}; "
                                f"fold; orpos; ind -F {self.bound}"], log)
            text = open(log).read()
            if "Networks are equivalent" in text:
                base = [c.bound for c in self.front.checks if c.group == self.group and c.engine == "bmc3"]
                self.result = "PASSED"
                self.detail = (f"inductive step holds; with bmc3 {max(base)} as the base case: "
                               "proved for every depth" if base and max(base) >= self.bound
                               else "inductive step holds (no bmc3 base case of that depth here)")
            elif rc == 0 and re.search(r"Networks are (UNDECIDED|not equivalent)", text):
                self.result, self.detail = "FAILED", f"the inductive step does not hold at k = {self.bound}"
            else:
                self.result, self.detail = "ERROR", f"see {log}"
        elif self.engine in ("pdr", "bmc3"):
            cmd = {"pdr": f"pdr -T {self.bound}", "bmc3": f"bmc3 -F {self.bound}"}[self.engine]
            rc, self.cpu = run(["yosys-abc", "-c", f"read_aiger {os.path.join(work, self.group + '.aig')}; "
                                f"fold; {cmd}"], log)
            text = open(log).read()
            m = re.search(r"was asserted in frame (\d+)", text)
            if m:
                self.result, self.detail = "FAILED", f"counterexample: frame {m.group(1)}"
                self.failed = [self.group]
            elif "Property proved" in text:
                self.result, self.detail = "PASSED", "proved for every depth"
            elif re.search(r"No output asserted in (\d+) frames", text):
                self.result = "PASSED"
            elif self.engine == "pdr":
                self.result, self.detail = "UNKNOWN", "PDR gave up (time limit)"
            else:
                self.result, self.detail = "ERROR", f"see {log}"
        else:
            cmd = ["yosys-smtbmc", "-s", solver, "--noprogress"]
            if self.engine == "induction":
                cmd += ["-i"]
            elif self.engine == "cover":
                cmd += ["-c"]
            cmd += ["-t", str(self.bound), "--dump-vcd", os.path.join(work, f"{tag}.vcd"),
                    os.path.join(work, self.group + ".smt2")]
            rc, self.cpu = run(cmd, log)
            text = open(log).read()
            self.failed = re.findall(r"Assert failed in \S+: (.*)", text)
            unreached = re.findall(r"Unreached cover statement at (\S+)", text)
            if "Status: PASSED" in text:
                self.result = "PASSED"
            elif "Status: FAILED" in text:
                self.result = "FAILED"
            else:
                self.result, self.detail = "ERROR", f"see {log}"
            if self.failed:
                steps = re.findall(r"in step (\d+)", text)
                # A labelled assertion is reported by its label, the RTL's by its source.
                self.detail = "assert failed: " + ", ".join(sorted(set(
                    re.sub(r"^.*/", "", f.split(" ")[0].split("|")[-1]) for f in self.failed)))
                if steps:
                    self.detail += f" (step {steps[-1]}), trace {tag}.vcd"
            if unreached:
                self.detail = "unreached: " + ", ".join(re.sub(r"^.*/", "", u) for u in unreached)
            if self.engine == "cover" and self.result == "PASSED":
                reached = re.findall(r"Reached cover statement .* in step (\d+)", text)
                self.detail = f"{len(reached)} covers reached, deepest at step " \
                              f"{max(int(r) for r in reached) if reached else '-'}"
        if self.front.bug:
            caught = self.result == "FAILED"
            if self.engine == "bmc" and caught:
                # yosys-smtbmc names the assertion: it must be the group's own.
                caught = any(("/rtl/" in f and self.group in KEEPS_RTL) or
                             re.match(rf"\(?{self.group}_", f.split(" ")[-1]) for f in self.failed)
            self.detail = self.detail or self.result
            self.result = "CAUGHT" if caught else "MISSED"
        return self

    def ok(self):
        return self.result in ("PASSED", "CAUGHT", "UNKNOWN")


class Front:
    """The Yosys run of one build (and bug): every group's netlist."""
    def __init__(self, xlen, groups, outdir, bug=None, variant=""):
        self.xlen, self.groups, self.bug, self.variant = xlen, groups, bug, variant
        name = f"neg_{bug['name']}_rv{xlen}" if bug else f"rv{xlen}" + (f"_{variant}" if variant else "")
        self.work = os.path.join(outdir, name)
        self.error = ""
        self.cpu = 0.0
        self.checks = []

    def execute(self):
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        try:
            rtl_dir = patched_rtl(self.bug, self.work) if self.bug else os.path.join(ROOT, "rtl")
        except RuntimeError as err:
            self.error = str(err)
            return self
        # Each group's netlist in the formats its checks read.
        formats = {}
        for c in self.checks:
            fmt = {"pdr": "aig", "bmc3": "aig", "ind": "aig", "reach": "cov"}.get(c.engine, "smt2")
            formats.setdefault(c.group, set()).add(fmt)
        script = os.path.join(self.work, "netlists.ys")
        with open(script, "w") as f:
            f.write(yosys_script(rtl_dir, self.xlen, formats, self.work, self.variant))
        rc, self.cpu = run(["yosys", "-q", "-l", os.path.join(self.work, "yosys.log"), "-s", script],
                           os.path.join(self.work, "yosys.out"))
        if rc != 0:
            self.error = f"yosys failed, see {self.work}/yosys.log"
            return self
        # A group whose netlist lost every property (a label renamed, say) would prove
        # nothing: that is an error, not a pass.
        for g in formats:
            kind = "$cover" if formats[g] == {"cov"} or g == "cover" else "$assert"
            with open(os.path.join(self.work, g + ".stat")) as f:
                m = re.search(rf"^\s*\{kind}\s+(\d+)", f.read(), re.M)
            if not m or int(m.group(1)) == 0:
                self.error = f"the {g} netlist has no {kind} cell (see {self.work}/{g}.stat)"
        return self


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--long", action="store_true", help="deeper bounds, longer PDR (outside CI)")
    ap.add_argument("--xlen", default="32,64", help="builds: 32, 64 or 32,64")
    ap.add_argument("--only", default="", help="comma-separated groups (default: all)")
    ap.add_argument("--skip", default="", help="comma-separated groups not to run")
    ap.add_argument("--bugs", default="", help="comma-separated negative checks (default: all)")
    ap.add_argument("--no-negative", action="store_true", help="skip the negative checks")
    ap.add_argument("--negative-only", action="store_true", help="only the negative checks")
    ap.add_argument("--engines", default="", help="only these engines (bmc,induction,cover,pdr,bmc3,ind,reach)")
    ap.add_argument("--induction", type=int, default=0, metavar="K",
                    help="also try k-induction (yosys-smtbmc -i) with this K on every group")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--solver", default="z3", help="yosys-smtbmc solver (default z3)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "formal"))
    ap.add_argument("--list", action="store_true", help="print the checks and exit")
    args = ap.parse_args()

    mode = "long" if args.long else "ci"
    xlens = [int(x) for x in args.xlen.split(",") if x]
    groups = [g for g in args.only.split(",") if g] or list(GROUPS)
    skip = [g for g in args.skip.split(",") if g]
    engines = [e for e in args.engines.split(",") if e]
    for g in groups + skip:
        if g not in GROUPS:
            print(f"prove: unknown group {g} in --only/--skip (groups: {', '.join(GROUPS)})",
                  file=sys.stderr)
            return 2
    groups = [g for g in groups if g not in skip]

    fronts, checks = [], []
    if not args.negative_only:
        for x in xlens:
            # One Yosys run per build variant: the instruction port tied off and no PMP,
            # both ports driven (arb), two PMP entries (pmp).
            for variant in VARIANTS:
                mine = [g for g in groups if GROUPS[g].get("variant", "") == variant]
                if not mine:
                    continue
                front = Front(x, mine, args.out, variant=variant)
                fronts.append(front)
                for g in mine:
                    checks += [Check(front, g, e, b) for e, b in GROUPS[g][mode][x]
                               if not engines or e in engines]
                    if args.induction and g != "cover":
                        checks.append(Check(front, g, "induction", args.induction))
    if not args.no_negative:
        bugdir = os.path.join(HERE, "bugs")
        wanted = [b for b in args.bugs.split(",") if b]
        for name in sorted(os.listdir(bugdir)):
            if not name.endswith(".bug"):
                continue
            bug = parse_bug(os.path.join(bugdir, name))
            if (wanted and bug["name"] not in wanted) or bug["BUG_PROPERTY"] not in groups:
                continue
            for x in [int(v) for v in bug.get("BUG_BUILD", "64").split(",")]:
                if x in xlens:
                    front = Front(x, [bug["BUG_PROPERTY"]], args.out, bug,
                                  variant=GROUPS[bug["BUG_PROPERTY"]].get("variant", ""))
                    fronts.append(front)
                    checks += [Check(front, bug["BUG_PROPERTY"], e, b) for e, b in NEGATIVE[mode]
                               if not engines or e in engines]

    for c in checks:
        c.front.checks.append(c)
    fronts = [f for f in fronts if f.checks]
    if args.list:
        for c in checks:
            print(c.describe())
        return 0
    for tool in ("yosys", "yosys-smtbmc", "yosys-abc", args.solver):
        if not shutil.which(tool):
            print(f"prove: needs yosys, yosys-smtbmc, yosys-abc and {args.solver} "
                  f"(bash sim/setup.sh installs them)", file=sys.stderr)
            return 1

    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(Front.execute, fronts))
        # Most work first, so that the pool ends together.
        weight = {"pdr": 3, "cover": 6, "bmc": 4, "induction": 4, "bmc3": 0.1, "reach": 0.2, "ind": 0.1}
        order = sorted(checks, key=lambda c: -weight[c.engine] * c.bound * (2 if c.front.xlen == 64 else 1))
        futures = [pool.submit(c.execute, args.solver) for c in order]
        for fut in concurrent.futures.as_completed(futures):
            c = fut.result()
            print(f"{c.describe()}  {c.result:7} cpu {c.cpu:6.1f} s  {c.detail}", flush=True)
    wall = time.time() - start
    front_cpu = sum(f.cpu for f in fronts)
    cpu = front_cpu + sum(c.cpu for c in checks)
    bad = [c for c in checks if not c.ok()]
    print(f"prove: {len(checks) - len(bad)} passed, {len(bad)} failed; cpu {cpu:.1f} s "
          f"(yosys {front_cpu:.1f} s), wall {wall:.1f} s (logs and traces in {args.out})")
    for c in bad:
        print(f"prove: FAILED {c.describe()} {c.result} {c.detail} ({c.front.work})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
