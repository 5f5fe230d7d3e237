#!/usr/bin/env python3
"""Replay a cycle trace of mmu_sim on the RTL under cocotb + Icarus Verilog, checking every
output every cycle (tb/cocotb/test_replay.py).

  build/sim/mmu_sim --test bench --cycles 20000 --mem-latency 2 --record-trace run.trace
  python3 sim/scripts/cocotb_replay.py run.trace [--rtl DIR] [--work DIR] [--json FILE]

Builds rtl/ (or --rtl DIR: mmu_pkg.sv first, then every other *.sv) with the trace's Xlen
and TlbEntries, runs the cocotb test, and prints one line: PASS with the speed, or the
first mismatch (cycle, the trace's line, each output's expected and seen value). An RTL
assertion that fires under Icarus fails the run too. Exit status: 0 pass, 1 mismatch or
assertion, 2 bad usage or a malformed trace (`FILE:LINE: message`).

cocotb comes from the virtual environment sim/setup.sh python creates; run with another
Python, the script starts itself again with that one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile

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


# An RTL assertion that fails under Icarus prints "ERROR: FILE.sv:LINE: ...".
ASSERTION = re.compile(r"^ERROR: \S+\.sv:\d+:")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace", help="cycle trace (mmu_sim --record-trace FILE)")
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
    from cocotb_tools.runner import get_runner
    from cocotb_tools.check_results import get_results

    work = args.work or tempfile.mkdtemp(prefix="cocotb_replay.")
    os.makedirs(work, exist_ok=True)
    result_file = os.path.join(work, "result.json")
    if os.path.exists(result_file):
        os.remove(result_file)
    log = os.path.join(work, "sim.log")
    runner = get_runner("icarus")
    params = {"Xlen": trace.xlen, "TlbEntries": trace.tlb_entries}
    try:
        runner.build(sources=rtl_sources(args.rtl), hdl_toplevel="mmu", parameters=params,
                     build_args=["-g2012"], build_dir=os.path.join(work, "sim_build"),
                     timescale=("1ns", "1ps"), always=True, log_file=os.path.join(work, "build.log"))
        xml = runner.test(test_module="test_replay", hdl_toplevel="mmu", test_dir=TB,
                          build_dir=os.path.join(work, "sim_build"), results_xml=os.path.join(work, "results.xml"),
                          extra_env={"MMU_TRACE": os.path.abspath(args.trace), "MMU_RESULT": result_file,
                                     "PYTHONPATH": TB},
                          log_file=log)
        tests, failed = get_results(xml)
    except (RuntimeError, SystemExit) as e:
        for name in ("build.log", "sim.log"):
            path = os.path.join(work, name)
            if os.path.exists(path):
                sys.stderr.write(open(path, encoding="utf-8", errors="replace").read()[-3000:])
        print(f"cocotb_replay: error: the cocotb run failed: {e}", file=sys.stderr)
        return 1
    with open(log, encoding="utf-8", errors="replace") as f:
        asserts = [line.rstrip() for line in f if ASSERTION.match(line)]
    result = json.load(open(result_file, encoding="utf-8")) if os.path.exists(result_file) else {}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dict(result, assertions=asserts), f, indent=1)
    what = f"{args.trace} ({trace.build}, {trace.tlb_entries} TLB entries)"
    if asserts:
        print(f"cocotb_replay: an RTL assertion failed under Icarus on {what}:", file=sys.stderr)
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
