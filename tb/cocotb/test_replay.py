"""cocotb testbench: the RTL `mmu` under Icarus Verilog replays a cycle trace recorded by
mmu_sim (--record-trace) and is checked against it every cycle.

Each cycle of the trace: with the clock low, every input port is driven to its recorded
value; 1 ns later every output port is read and compared with the value the Verilated RTL
drove in that cycle (which mmu_sim's scoreboard checked against the golden model); then
the rising edge. Every output is checked in every cycle after the first rising edge in
reset (before it the flops hold no defined value: X in Icarus, the --x-initial value in
Verilator). An output that differs, or has X or Z bits, fails the test at that cycle with
the expected and seen values. sim/scripts/cocotb_replay.py builds and runs it;
MMU_TRACE names the trace, MMU_RESULT the JSON file the outcome and timing go to.
"""

import json
import os
import time

import cocotb
from cocotb.triggers import Timer

import mmu_trace


def _hex(v) -> str:
    return f"0x{v:x}" if isinstance(v, int) else str(v)


def _write_result(result: dict) -> None:
    path = os.environ.get("MMU_RESULT")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)


@cocotb.test()
async def replay(dut):
    trace = mmu_trace.load(os.environ["MMU_TRACE"])
    ins = [getattr(dut, name) for name, _ in trace.inputs]
    outs = [getattr(dut, name) for name, _ in trace.outputs]
    # The trace's ports must be the RTL's, width for width.
    for handle, (name, width) in zip(ins + outs, trace.inputs + trace.outputs):
        assert len(handle) == width, f"{trace.path}: {name} is {width} bits in the trace, {len(handle)} in the RTL"
    # A trace without PMP columns ran with the bench's default PMP view: every entry off
    # but the last, NAPOT R W X over the whole physical address space.
    names = [name for name, _ in trace.inputs]
    if "pmpcfg_i" not in names and hasattr(dut, "pmpcfg_i"):
        entries = len(dut.pmpcfg_i) // 8
        addr_bits = len(dut.pmpaddr_i) // entries
        dut.pmpcfg_i.value = 0x1F << (8 * (entries - 1))
        dut.pmpaddr_i.value = ((1 << addr_bits) - 1) << (addr_bits * (entries - 1))
    clk = dut.clk_i
    half = Timer(1, "ns")
    mismatch = None
    cpu0, wall0 = time.process_time(), time.perf_counter()
    rst = [name for name, _ in trace.inputs].index("rst_ni")
    defined = False  # a rising edge in reset has been taken: the RTL's state is defined
    checked = 0
    for cycle, (in_values, out_values) in enumerate(trace.rows):
        clk.value = 0
        for handle, v in zip(ins, in_values):
            handle.value = v
        await half
        if defined:
            for handle, want in zip(outs, out_values):
                seen = handle.value
                if not seen.is_resolvable or int(seen) != want:
                    mismatch = cycle
                    break
            if mismatch is not None:
                break
            checked += 1
        clk.value = 1
        await half
        defined = defined or not in_values[rst]
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    result = {"trace": trace.path, "cycles": cycle + 1, "cycles_checked": checked,
              "outputs_per_cycle": len(outs), "cpu_seconds": cpu, "wall_seconds": wall,
              "cocotb": cocotb.__version__, "simulator": f"{cocotb.SIM_NAME} {cocotb.SIM_VERSION}"}
    if mismatch is not None:
        # Every output that differs in that cycle.
        diffs = []
        for handle, (name, _), want in zip(outs, trace.outputs, trace.rows[mismatch][1]):
            seen = handle.value
            if not seen.is_resolvable or int(seen) != want:
                diffs.append({"output": name, "expected": _hex(want),
                              "seen": _hex(int(seen)) if seen.is_resolvable else str(seen)})
        result.update(status="mismatch", cycle=mismatch, line=trace.line_of(mismatch), differences=diffs)
        _write_result(result)
        text = "; ".join(f"{d['output']} expected {d['expected']} seen {d['seen']}" for d in diffs)
        assert False, f"MISMATCH at cycle {mismatch} ({trace.path}:{trace.line_of(mismatch)}): {text}"
    result.update(status="pass")
    _write_result(result)
