#!/usr/bin/env python3
"""CTest driver of the cocotb testbench (tb/cocotb, sim/scripts/cocotb_replay.py).

  check_cocotb.py pass MMU_SIM WORK MMU_SIM_ARGS...    a recorded run replays and passes
  check_cocotb.py corrupt MMU_SIM WORK                  a recording changed at one cycle fails there
  check_cocotb.py bug MMU_SIM WORK BUG.cmake mismatch|assertion MMU_SIM_ARGS...
                                                        the RTL with an injected bug (tests/rtl/bugs)
                                                        fails a replay of the correct RTL's recording
                                                        with a mismatch, or an RTL assertion under Icarus
  check_cocotb.py malformed WORK                        malformed traces: one FILE:LINE line, exit 2
  check_cocotb.py usage MMU_SIM WORK                    mmu_sim --record-trace misused: one line, exit 2
  check_cocotb.py --simulator verilator MODE ...        the same on Verilator 5.006 (cocotb 1.8.1)
"""

import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPLAY = os.path.join(ROOT, "sim", "scripts", "cocotb_replay.py")


def fail(msg: str) -> None:
    print(f"check_cocotb: FAIL: {msg}")
    sys.exit(1)


def record(sim: str, work: str, args: list[str]) -> str:
    os.makedirs(work, exist_ok=True)
    trace = os.path.join(work, "run.trace")
    r = subprocess.run([sim, *args, "--record-trace", trace], capture_output=True, text=True)
    print(f"$ {sim} {' '.join(args)} --record-trace {trace}\n{r.stdout}{r.stderr}", end="")
    if r.returncode != 0:
        fail(f"mmu_sim exited {r.returncode}")
    return trace


SIMULATOR = ["--simulator", "icarus"]  # check_cocotb.py --simulator verilator MODE ...: cocotb 1.8.1


def replay(trace: str, work: str, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, REPLAY, trace, "--work", os.path.join(work, "cocotb"), *SIMULATOR, *extra]
    r = subprocess.run(cmd, capture_output=True, text=True)
    print(f"$ {' '.join(cmd)}\n{r.stdout}{r.stderr}exit status {r.returncode}")
    return r


def data_lines(trace: str) -> tuple[list[str], int]:
    lines = open(trace, encoding="ascii").read().splitlines()
    return lines, 4  # index of cycle 0 (tb/core/trace.h: four header lines)


def check_pass(sim: str, work: str, args: list[str]) -> None:
    trace = record(sim, work, args)
    lines, first = data_lines(trace)
    cycles = len(lines) - first
    r = replay(trace, work)
    if r.returncode != 0:
        fail("the replay of a passing run did not pass")
    # Every output port the trace lists (its "out" header line) is checked.
    outputs = len(lines[3].split()) - 1
    m = re.search(r"PASS: (\d+) cycles .* all (\d+) outputs checked in each of the (\d+) cycles", r.stdout)
    if not m or int(m.group(1)) != cycles or int(m.group(2)) != outputs or int(m.group(3)) < cycles - 2:
        fail(f"the PASS line does not show all {cycles} cycles replayed and checked")
    print(f"check_cocotb: OK: {cycles} cycles replayed, {m.group(3)} checked, {outputs} outputs each")


def check_corrupt(sim: str, work: str) -> None:
    trace = record(sim, work, ["--test", "bench", "--seed", "3", "--cycles", "3000", "--mem-latency", "2"])
    lines, first = data_lines(trace)
    outputs = [p.split(":")[0] for p in lines[3].split()[1:]]
    cycle, port = 2500, "mem_req_addr_o"
    words = lines[first + cycle].split()
    k = words.index("|") + 1 + outputs.index(port)
    want = int(words[k], 16) ^ 0x40  # the recording now expects another address
    words[k] = f"{want:x}"
    lines[first + cycle] = " ".join(words)
    bad = os.path.join(work, "corrupt.trace")
    with open(bad, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")
    r = replay(bad, work)
    if r.returncode != 1:
        fail(f"exit status {r.returncode}, not 1, for a corrupted recording")
    if f"MISMATCH at cycle {cycle} of {bad}" not in r.stderr or f"line {first + cycle + 1}" not in r.stderr:
        fail(f"the report does not name cycle {cycle} and line {first + cycle + 1}")
    seen = int(words[k], 16) ^ 0x40
    if f"{port}: expected 0x{want:x}, seen 0x{seen:x}" not in r.stderr:
        fail(f"the report does not show {port} expected 0x{want:x} and seen 0x{seen:x}")
    print(f"check_cocotb: OK: the corrupted cycle {cycle} is reported with expected and seen values")


def check_bug(sim: str, work: str, bugfile: str, expect: str, args: list[str]) -> None:
    trace = record(sim, work, args)
    text = open(bugfile, encoding="utf-8").read()
    field = {k: re.search(rf'set\({k}\s+"?(.*?)"?\)\n', text) for k in ("BUG_FILE", "BUG_FROM", "BUG_TO")}
    if not all(field.values()):
        fail(f"{bugfile}: no BUG_FILE, BUG_FROM and BUG_TO")
    name, old, new = (field[k].group(1).replace('\\"', '"') for k in ("BUG_FILE", "BUG_FROM", "BUG_TO"))
    rtl = os.path.join(work, "rtl")
    shutil.rmtree(rtl, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "rtl"), rtl)
    src = open(os.path.join(rtl, name), encoding="utf-8").read()
    if old not in src:
        fail(f"{bugfile}: '{old}' is not in rtl/{name} any more; update the bug")
    with open(os.path.join(rtl, name), "w", encoding="utf-8") as f:
        f.write(src.replace(old, new))
    r = replay(trace, work, "--rtl", rtl)
    report = {"mismatch": r"MISMATCH at cycle \d+ .*\n  \w+: expected 0x[0-9a-f]+, seen ",
              "assertion": r"an RTL assertion failed under \w+ .*\n  (ERROR: \S+\.sv:\d+:|.*%Error: \S+\.sv:\d+: "
                           r"Assertion failed)"}[expect]
    if r.returncode != 1 or not re.search(report, r.stderr):
        fail(f"the replay on the RTL with the injected bug did not fail with {expect} report")
    print(f"check_cocotb: OK: the injected bug {os.path.basename(bugfile)} fails the replay")


def check_malformed(work: str) -> None:
    os.makedirs(work, exist_ok=True)
    head = ("# rvmmu cycle trace 1\n# build rv32 tlb_entries 8\nin rst_ni:1 req_kind_i:2\n"
            "out req_ready_o:1\n")
    cases = {
        "magic": ("# a trace\n", 1),
        "build": ("# rvmmu cycle trace 1\n# build rv16 tlb_entries 8\n", 2),
        "ports": ("# rvmmu cycle trace 1\n# build rv32 tlb_entries 8\nin rst_ni\n", 3),
        "columns": (head + "1 0 | 1\n1 0 1\n", 6),
        "hex": (head + "1 0 | 1\n1 g | 1\n", 6),
        "width": (head + "1 0 | 1\n1 0 | 1\n1 4 | 1\n", 7),
        "empty": (head, 4),
    }
    for name, (text, line) in cases.items():
        path = os.path.join(work, f"{name}.trace")
        with open(path, "w", encoding="ascii") as f:
            f.write(text)
        r = subprocess.run([sys.executable, REPLAY, path], capture_output=True, text=True)
        err = r.stderr.strip().splitlines()
        print(f"{name}: exit {r.returncode}: {r.stderr.strip()}")
        if r.returncode != 2 or len(err) != 1 or not err[0].startswith(f"{path}:{line}: "):
            fail(f"{name}: expected exit 2 and one line '{path}:{line}: message'")
    print(f"check_cocotb: OK: {len(cases)} malformed traces rejected with FILE:LINE")


def check_usage(sim: str, work: str) -> None:
    os.makedirs(work, exist_ok=True)
    scn = os.path.join(ROOT, "tests", "scenarios", "21_kill.txt")
    cases = {
        "unwritable": ([sim, "--test", "bench", "--cycles", "10", "--record-trace", os.path.join(work, "no", "t")],
                       "--record-trace: cannot write"),
        "model-only": ([sim, "--scenario", scn, "--model-only", "--record-trace", os.path.join(work, "t")],
                       "--record-trace records one RTL run"),
        "two scenarios": ([sim, "--scenario", scn, "--scenario", scn, "--record-trace", os.path.join(work, "t")],
                          "--record-trace records one RTL run"),
    }
    for name, (cmd, text) in cases.items():
        r = subprocess.run(cmd, capture_output=True, text=True)
        err = r.stderr.strip().splitlines()
        print(f"{name}: exit {r.returncode}: {r.stderr.strip()}")
        if r.returncode != 2 or len(err) != 1 or not err[0].startswith("mmu_sim: error: ") or text not in err[0]:
            fail(f"{name}: expected exit 2 and one line 'mmu_sim: error: ...{text}...'")
    print(f"check_cocotb: OK: {len(cases)} misuses of --record-trace rejected")


def main() -> None:
    if sys.argv[1] == "--simulator":
        SIMULATOR[1] = sys.argv[2]
        del sys.argv[1:3]
    mode = sys.argv[1]
    if mode == "pass":
        check_pass(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif mode == "corrupt":
        check_corrupt(sys.argv[2], sys.argv[3])
    elif mode == "bug":
        check_bug(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
    elif mode == "usage":
        check_usage(sys.argv[2], sys.argv[3])
    elif mode == "malformed":
        check_malformed(sys.argv[2])
    else:
        sys.exit(f"check_cocotb: unknown mode {mode}")


if __name__ == "__main__":
    main()
