#!/usr/bin/env python3
"""Per-signal toggle coverage of the MMU's top-level ports from Verilator coverage data.

  toggle_report.py BUILD MERGED.dat SIGNAL...

Prints one Markdown table row per signal of the top module (mmu_top.mmu): the build,
the signal, bits toggled of the bits that can toggle, the percentage, and the bits that
never toggled. The low bits of mem_req_addr_o are always zero (a PTE address is
PTE-aligned: 2 bits in rv32, 3 in rv64) and are counted apart. Exit status 1 when a
signal is below 100% of the bits that can toggle, 2 on bad input.
"""
import re
import sys

ALIGNED = {"rv32": 2, "rv64": 3}  # constant-zero low bits of a PTE address


def points(path):
    """(signal, bit) -> count for the toggle points of the top module."""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"C '(.*)' (\d+)\s*$", line)
            if not m:
                continue
            fields = dict(kv.split("\x02", 1) for kv in m.group(1).split("\x01")[1:] if "\x02" in kv)
            if not fields.get("page", "").startswith("v_toggle/") or fields.get("h") != "mmu_top.mmu":
                continue
            b = re.match(r"(\w+)\[(\d+)\]$", fields.get("o", ""))
            if b:
                key = (b.group(1), int(b.group(2)))
                out[key] = out.get(key, 0) + int(m.group(2))
    return out


def main(argv):
    if len(argv) < 4 or argv[1] not in ALIGNED:
        print("usage: toggle_report.py rv32|rv64 MERGED.dat SIGNAL...", file=sys.stderr)
        return 2
    build, dat, signals = argv[1], argv[2], argv[3:]
    try:
        pts = points(dat)
    except OSError as e:
        print(f"toggle_report: {e}", file=sys.stderr)
        return 2
    status = 0
    for sig in signals:
        bits = sorted(b for (s, b) in pts if s == sig)
        if not bits:
            print(f"toggle_report: {dat}: no toggle points for {sig}", file=sys.stderr)
            return 2
        fixed = set(range(ALIGNED[build])) if sig == "mem_req_addr_o" else set()
        can = [b for b in bits if b not in fixed]
        missed = [b for b in can if pts[(sig, b)] == 0]
        hit = len(can) - len(missed)
        note = ", ".join(str(b) for b in missed) if missed else "none"
        if fixed:
            note += f" (bits {max(fixed)}:0 are always 0: PTE-aligned, not counted)"
        print(f"| {build} | `{sig}` | {hit} / {len(can)} | {100.0 * hit / len(can):.1f}% | {note} |")
        if missed:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
