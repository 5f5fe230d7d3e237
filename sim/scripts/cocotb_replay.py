#!/usr/bin/env python3
"""Replay a cycle trace of mmu_sim on the RTL under cocotb + Icarus Verilog, checking every
output every cycle (tb/cocotb/test_replay.py).

  build/sim/mmu_sim --test bench --cycles 20000 --mem-latency 2 --record-trace run.trace
  python3 sim/scripts/cocotb_replay.py run.trace [--rtl DIR] [--work DIR] [--json FILE]

Builds rtl/ (or --rtl DIR: mmu_pkg.sv first, then every other *.sv) with the trace's Xlen
and TlbEntries for Icarus (cocotb 2), or with --simulator verilator for Debian's Verilator
5.006 (cocotb 1.8.1, the last cocotb that supports it), runs the cocotb test, and prints one line: PASS with the speed, or the
first mismatch (cycle, the trace's line, each output's expected and seen value). An RTL
assertion that fires under Icarus fails the run too. Exit status: 0 pass, 1 mismatch or
assertion, 2 bad usage or a malformed trace (`FILE:LINE: message`).

cocotb comes from the virtual environments sim/setup.sh python creates; run with another
Python, the script starts itself again with the cocotb 2 one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from xml.etree import ElementTree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TB = os.path.join(ROOT, "tb", "cocotb")
sys.path.insert(0, TB)
import mmu_trace  # noqa: E402  (tb/cocotb)


def venv_dir() -> str:
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.environ.get("MMU_VENV") or os.path.join(cache, "rvmmu", "venv")


def ensure_cocotb() -> None:
    try:
        import cocotb_tools.runner  # noqa: F401
        return
    except ImportError:
        pass
    python = os.path.join(venv_dir(), "bin", "python")
    if os.path.exists(python) and os.path.realpath(sys.executable) != os.path.realpath(python):
        os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])
    print(f"cocotb_replay: error: cocotb is not installed (no {python}): run bash sim/setup.sh python",
          file=sys.stderr)
    sys.exit(2)


def rtl_sources(rtl: str) -> list[str]:
    files = sorted(f for f in os.listdir(rtl) if f.endswith(".sv"))
    packages = [f for f in files if f.endswith("_pkg.sv")]
    return [os.path.join(rtl, f) for f in packages + [f for f in files if f not in packages]]


# An RTL assertion that fails prints "ERROR: FILE.sv:LINE: ..." under Icarus,
# "%Error: FILE.sv:LINE: Assertion failed ..." under Verilator.
ASSERTION = re.compile(r"^(ERROR: \S+\.sv:\d+:|.*%Error: \S+\.sv:\d+: Assertion failed)")


class RunFailed(Exception):
    """The simulator or cocotb did not run to the end (build error, crash)."""


def results(xml: str) -> tuple[int, int]:
    """Test cases and failures in cocotb's JUnit results file."""
    if not os.path.exists(xml):
        raise RunFailed(f"no {xml}")
    root = ElementTree.parse(xml).getroot()
    cases = root.findall(".//testcase")
    return len(cases), sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)


def run_icarus(trace: mmu_trace.Trace, rtl: str, work: str, env: dict, log: str) -> tuple[int, int]:
    """cocotb 2 (this venv) on Icarus Verilog, through cocotb's Python runner."""
    from cocotb_tools.runner import get_runner
    runner = get_runner("icarus")
    try:
        runner.build(sources=rtl_sources(rtl), hdl_toplevel="mmu",
                     parameters={"Xlen": trace.xlen, "TlbEntries": trace.tlb_entries, "ITlbEntries": trace.tlb_entries},
                     build_args=["-g2012"], build_dir=os.path.join(work, "sim_build"),
                     timescale=("1ns", "1ps"), always=True, log_file=os.path.join(work, "build.log"))
        runner.test(test_module="test_replay", hdl_toplevel="mmu", test_dir=TB,
                    build_dir=os.path.join(work, "sim_build"), results_xml=os.path.join(work, "results.xml"),
                    extra_env=env, log_file=log)
    except (RuntimeError, SystemExit) as e:
        raise RunFailed(str(e)) from None
    return results(os.path.join(work, "results.xml"))


def run_verilator(trace: mmu_trace.Trace, rtl: str, work: str, env: dict, log: str) -> tuple[int, int]:
    """cocotb 1.8.1 (the venv beside this one) on Verilator, through cocotb's Makefiles."""
    bindir = os.path.join(venv_dir() + "-cocotb18", "bin")
    if not os.path.exists(os.path.join(bindir, "cocotb-config")):
        print(f"cocotb_replay: error: no cocotb 1.8.1 in {bindir}: run bash sim/setup.sh python", file=sys.stderr)
        sys.exit(2)
    makefile = ("# Written by sim/scripts/cocotb_replay.py --simulator verilator\n"
                "SIM = verilator\nTOPLEVEL_LANG = verilog\nTOPLEVEL = mmu\nMODULE = test_replay\n"
                f"VERILOG_SOURCES = {' '.join(rtl_sources(rtl))}\n"
                f"EXTRA_ARGS += -GXlen={trace.xlen} -GTlbEntries={trace.tlb_entries} -GITlbEntries={trace.tlb_entries} "
                "--assert --x-assign unique --x-initial unique -Wno-fatal\n"
                "include $(shell cocotb-config --makefiles)/Makefile.sim\n")
    path = os.path.join(work, "Makefile")
    if not os.path.exists(path) or open(path, encoding="utf-8").read() != makefile:
        # cocotb's Makefiles rebuild for changed sources, not for changed parameters.
        shutil.rmtree(os.path.join(work, "sim_build"), ignore_errors=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(makefile)
    xml = os.path.join(work, "results.xml")
    if os.path.exists(xml):
        os.remove(xml)
    env = dict(os.environ, **env, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), COCOTB_RESULTS_FILE=xml)
    with open(log, "w", encoding="utf-8") as out:
        status = subprocess.run(["make", "-C", work], env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    if status != 0 and not os.path.exists(xml):
        raise RunFailed(f"make exited {status}")
    return results(xml)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace", help="cycle trace (mmu_sim --record-trace FILE)")
    ap.add_argument("--simulator", choices=("icarus", "verilator"), default="icarus",
                    help="icarus (cocotb 2, the default) or verilator (cocotb 1.8.1: Debian's Verilator 5.006)")
    ap.add_argument("--rtl", default=os.path.join(ROOT, "rtl"), help="RTL directory (default: rtl/)")
    ap.add_argument("--work", help="build and log directory (default: a temporary one)")
    ap.add_argument("--json", help="write the outcome and timing as JSON here")
    args = ap.parse_args()
    try:
        trace = mmu_trace.load(args.trace)
    except mmu_trace.TraceError as e:
        print(e, file=sys.stderr)
        return 2
    if not os.path.isdir(args.rtl) or not rtl_sources(args.rtl):
        print(f"cocotb_replay: error: --rtl: {args.rtl} holds no *.sv files", file=sys.stderr)
        return 2
    ensure_cocotb()

    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="cocotb_replay."))
    os.makedirs(work, exist_ok=True)
    result_file = os.path.join(work, "result.json")
    if os.path.exists(result_file):
        os.remove(result_file)
    log = os.path.join(work, "sim.log")
    env = {"MMU_TRACE": os.path.abspath(args.trace), "MMU_RESULT": result_file, "PYTHONPATH": TB}
    tests = failed = 0
    try:
        run = run_icarus if args.simulator == "icarus" else run_verilator
        tests, failed = run(trace, os.path.abspath(args.rtl), work, env, log)
        broken = None
    except RunFailed as e:
        broken = str(e)
    asserts = []
    if os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            asserts = [line.rstrip() for line in f if ASSERTION.match(line)]
    if broken and not asserts:  # (Verilator stops at a failed assertion: no results then)
        for name in ("build.log", "sim.log"):
            path = os.path.join(work, name)
            if os.path.exists(path):
                sys.stderr.write(open(path, encoding="utf-8", errors="replace").read()[-3000:])
        print(f"cocotb_replay: error: the cocotb run failed: {broken}", file=sys.stderr)
        return 1
    result = json.load(open(result_file, encoding="utf-8")) if os.path.exists(result_file) else {}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dict(result, assertions=asserts), f, indent=1)
    what = f"{args.trace} ({trace.build}, {trace.tlb_entries} TLB entries)"
    if asserts:
        print(f"cocotb_replay: an RTL assertion failed under {args.simulator} on {what}:", file=sys.stderr)
        for line in asserts[:5]:
            print(f"  {line}", file=sys.stderr)
    if result.get("status") == "mismatch":
        print(f"cocotb_replay: MISMATCH at cycle {result['cycle']} of {what}, line {result['line']}", file=sys.stderr)
        for d in result["differences"]:
            print(f"  {d['output']}: expected {d['expected']}, seen {d['seen']}", file=sys.stderr)
    if asserts or result.get("status") == "mismatch":
        print(f"  log: {log}", file=sys.stderr)
        return 1
    if failed or tests != 1 or result.get("status") != "pass":
        print(f"cocotb_replay: the cocotb test did not pass ({tests} run, {failed} failed); log: {log}",
              file=sys.stderr)
        return 1
    cps = result["cycles"] / result["wall_seconds"]
    cpu = result["cycles"] / result["cpu_seconds"]
    print(f"cocotb_replay: PASS: {result['cycles']} cycles of {what} replayed, all {result['outputs_per_cycle']} "
          f"outputs checked in each of the {result['cycles_checked']} cycles after the first reset edge; "
          f"cocotb {result['cocotb']} on {result['simulator']}")
    print(f"  speed {cps:.0f} cycles/s, {cpu:.0f} cycles per CPU second ({result['cpu_seconds']:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
