"""The cycle trace that `mmu_sim --record-trace FILE` writes (the format: tb/core/trace.h).

Every input the C++ bench applied and every output the Verilated RTL drove, one line per
clock cycle. load() reads and checks a whole file; a malformed one raises TraceError,
whose text is one line `FILE:LINE: message`.
"""

from __future__ import annotations

import dataclasses

MAGIC = "# rvmmu cycle trace 1"
MAX_WIDTH = 1024  # the widest port: pmpaddr_i, 16 entries of PaBits-2 = 54 bits (864)


class TraceError(Exception):
    """A malformed trace: str() is `FILE:LINE: message`."""


@dataclasses.dataclass
class Trace:
    path: str
    build: str  # "rv32" or "rv64"
    tlb_entries: int
    inputs: list[tuple[str, int]]  # (port, width) in column order
    outputs: list[tuple[str, int]]
    rows: list[tuple[list[int], list[int]]]  # per cycle: input values, output values
    first_line: int  # the file line of cycle 0

    @property
    def xlen(self) -> int:
        return 32 if self.build == "rv32" else 64

    def line_of(self, cycle: int) -> int:
        return self.first_line + cycle


def _ports(path: str, number: int, line: str, key: str) -> list[tuple[str, int]]:
    words = line.split()
    if not words or words[0] != key or len(words) < 2:
        raise TraceError(f"{path}:{number}: expected '{key} NAME:WIDTH ...'")
    ports = []
    for w in words[1:]:
        name, sep, width = w.partition(":")
        if not sep or not name or not width.isdigit() or not 1 <= int(width) <= MAX_WIDTH:
            raise TraceError(f"{path}:{number}: '{w}' is not NAME:WIDTH with a width of 1..{MAX_WIDTH}")
        ports.append((name, int(width)))
    return ports


def _values(path: str, number: int, words: list[str], ports: list[tuple[str, int]]) -> list[int]:
    values = []
    for word, (name, width) in zip(words, ports):
        try:
            v = int(word, 16)
        except ValueError:
            raise TraceError(f"{path}:{number}: {name}: '{word}' is not a hex number") from None
        if word[0] in "+-" or v >> width:
            raise TraceError(f"{path}:{number}: {name}: {word} does not fit in {width} bits")
        values.append(v)
    return values


def load(path: str) -> Trace:
    try:
        with open(path, encoding="ascii") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise TraceError(f"{path}:1: cannot read the trace: {e}") from None
    if not lines or lines[0] != MAGIC:
        raise TraceError(f"{path}:1: not a cycle trace (the first line must be '{MAGIC}')")
    head = lines[1].split() if len(lines) > 1 else []
    if len(head) != 5 or head[:2] != ["#", "build"] or head[2] not in ("rv32", "rv64") \
            or head[3] != "tlb_entries" or not head[4].isdigit():
        raise TraceError(f"{path}:2: expected '# build rv32|rv64 tlb_entries N'")
    inputs = _ports(path, 3, lines[2] if len(lines) > 2 else "", "in")
    outputs = _ports(path, 4, lines[3] if len(lines) > 3 else "", "out")
    rows = []
    nin, nout = len(inputs), len(outputs)
    for number, line in enumerate(lines[4:], start=5):
        words = line.split()
        if len(words) != nin + 1 + nout or words[nin] != "|":
            raise TraceError(f"{path}:{number}: expected {nin} input values, '|', {nout} output values")
        rows.append((_values(path, number, words[:nin], inputs),
                     _values(path, number, words[nin + 1:], outputs)))
    if not rows:
        raise TraceError(f"{path}:{len(lines)}: the trace has no cycles")
    return Trace(path, head[2], int(head[4]), inputs, outputs, rows, 5)
