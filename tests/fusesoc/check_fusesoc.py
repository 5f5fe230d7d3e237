#!/usr/bin/env python3
"""CTest driver of the FuseSoC core (mmu.core at the repository root).

  check_fusesoc.py files                 the rtl fileset lists every rtl/*.sv, the package first
  check_fusesoc.py lint WORK             `fusesoc run --target lint` passes (Verilator -Wall)
  check_fusesoc.py sim WORK MMU_SIM      `fusesoc run --target sim`: Icarus replays a stimulus
                                         mmu_sim recorded and counts what mmu_sim counted
  check_fusesoc.py smoke WORK            `fusesoc run --target smoke` builds mmu_sim around
                                         the RTL and runs the smoke test; the binary it built
                                         must also catch a mismatch injected on purpose

FuseSoC comes from the venv of `sim/setup.sh python`; each run uses WORK as its build root.
"""

import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "sim", "scripts"))
from cocotb_replay import venv_dir  # noqa: E402  (where sim/setup.sh python puts the venv)

CORE = "rvmmu:mmu:mmu"


def fail(msg: str) -> None:
    print(f"check_fusesoc: FAIL: {msg}")
    sys.exit(1)


def run(cmd: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    print(r.stdout + r.stderr + f"exit status {r.returncode}", flush=True)
    return r


def fusesoc(work: str, target: str, *params: str) -> subprocess.CompletedProcess:
    exe = os.path.join(venv_dir(), "bin", "fusesoc")
    if not os.path.exists(exe):
        fail(f"no {exe}: run bash sim/setup.sh python")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # Only the repository root as a cores root (the build trees hold no .core files).
    return run([exe, "--cores-root", ROOT, "run", "--build-root", work, "--target", target, CORE, *params], cwd=work)


def rtl_fileset() -> list[str]:
    """The files of mmu.core's `rtl` fileset, in order (a plain reading of its YAML block)."""
    lines = open(os.path.join(ROOT, "mmu.core"), encoding="utf-8").read().splitlines()
    start = lines.index("  rtl:")
    files = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= 2:
            break
        m = re.match(r"^\s+- (\S+)\s*$", line)
        if m:
            files.append(m.group(1))
    return files


def check_files() -> None:
    listed = rtl_fileset()
    present = sorted(os.path.relpath(f, ROOT) for f in glob.glob(os.path.join(ROOT, "rtl", "*.sv")))
    missing = [f for f in present if f not in listed]
    stale = [f for f in listed if f not in present]
    dup = sorted({f for f in listed if listed.count(f) > 1})
    if missing or stale or dup:
        fail(f"mmu.core's rtl fileset: missing {missing}, not in rtl/ {stale}, listed twice {dup}")
    packages = [f for f in listed if f.endswith("_pkg.sv")]
    if listed[:len(packages)] != packages:
        fail(f"mmu.core's rtl fileset must list the packages first: {listed}")
    print(f"check_fusesoc: OK: mmu.core lists the {len(listed)} files of rtl/, {', '.join(packages)} first")


def check_lint(work: str) -> None:
    r = fusesoc(work, "lint")
    if r.returncode != 0 or "verilator -f" not in r.stdout + r.stderr:
        fail("fusesoc run --target lint did not run Verilator's lint cleanly")
    print("check_fusesoc: OK: Verilator lint through FuseSoC")


def check_sim(work: str, sim: str) -> None:
    rec = os.path.join(work + "_stimulus")
    shutil.rmtree(rec, ignore_errors=True)
    os.makedirs(rec)
    r = run([sim, "--test", "bench", "--seed", "1", "--cycles", "4000", "--mem-latency", "2", "--dump-stimulus", rec])
    if r.returncode != 0:
        fail("mmu_sim failed")
    m = re.search(r"TLB hits (\d+) .*misses (\d+),", r.stdout)
    w = re.search(r"^  walks +(\d+)", r.stdout, re.M)
    want = f"hits={m.group(1)} misses={m.group(2)} walks={w.group(1)}"
    cfg = dict(line.split("=", 1) for line in open(os.path.join(rec, "config.txt")).read().split())
    params = [f"--Xlen={int(cfg['xlen'], 16)}", f"--MemWords={int(cfg['mem_words'], 16)}",
              f"--MaxReqs={int(cfg['requests'], 16)}", f"--mem={rec}/mem.hex", f"--requests={rec}/requests.hex",
              f"--nreq={cfg['requests']}"]
    params += [f"--{k}={cfg[k]}" for k in ("satp_mode", "satp_asid", "satp_ppn", "priv", "sum", "mxr", "ad_hw",
                                           "ram_base", "ram_size")]
    r = fusesoc(work, "sim", *params)
    out = r.stdout + r.stderr
    got = re.search(r"replay: cycles=\d+ responses=\d+ faults=\d+ (hits=\d+ misses=\d+ walks=\d+)", out)
    if r.returncode != 0 or not got:
        fail("fusesoc run --target sim did not run the Icarus replay to its end")
    if re.search(r"^ERROR: \S+\.sv:\d+:", out, re.M):
        fail("an RTL assertion failed under Icarus")
    if got.group(1) != want:
        fail(f"Icarus counted {got.group(1)}, mmu_sim {want}")
    print(f"check_fusesoc: OK: the Icarus replay through FuseSoC counts what mmu_sim counted: {want}")


def check_smoke(work: str) -> None:
    r = fusesoc(work, "smoke")
    out = r.stdout + r.stderr
    if r.returncode != 0:
        fail("fusesoc run --target smoke failed")
    if not re.search(r"mmu_sim: test random seed 1 on rv64 \(16 TLB entries\)", out) or \
            not re.search(r"^  cycles +50000$", out, re.M) or not re.search(r"^PASS$", out, re.M):
        fail("the smoke run's summary (random, rv64, 16 entries, 50000 cycles, PASS) is missing")
    exe = glob.glob(os.path.join(work, "*", "smoke", "Vmmu"))
    if len(exe) != 1:
        fail("no Vmmu built under the build root")
    # The same binary must fail a run with a mismatch injected on purpose.
    r = run([exe[0], "--test", "random", "--cycles", "5000", "--inject-mismatch", "3000", "--quiet"])
    if r.returncode != 1 or "MISMATCH at cycle 3000" not in r.stderr:
        fail("the FuseSoC-built mmu_sim did not report the injected mismatch")
    print("check_fusesoc: OK: FuseSoC built mmu_sim around the RTL; the smoke test passed, an injected mismatch failed")


def main() -> None:
    mode = sys.argv[1]
    if mode == "files":
        check_files()
    elif mode == "lint":
        check_lint(sys.argv[2])
    elif mode == "sim":
        check_sim(sys.argv[2], sys.argv[3])
    elif mode == "smoke":
        check_smoke(sys.argv[2])
    else:
        sys.exit(f"check_fusesoc: unknown mode {mode}")


if __name__ == "__main__":
    main()
