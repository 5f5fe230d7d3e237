#!/usr/bin/env bash
# Gate-level netlists of the MMU for simulation: generic Yosys synthesis of one
# configuration per argument, written as a flat Verilog module `mmu` with the RTL's
# ports (names and widths) and no parameters. The configurations run in parallel.
#
#   synth_netlist.sh OUTDIR XLEN:ENTRIES [XLEN:ENTRIES ...]
#
# Writes OUTDIR/mmu_rv<XLEN>_t<ENTRIES>.v (IdBits 4, the testbench's width) and its
# Yosys log next to it, and prints one line per configuration:
#   rv<XLEN> tlb<ENTRIES>: <cells> cells, <wall> s (CPU <user+system> s)
# The netlist: `synth -flatten` maps the design to Yosys' internal gate library
# ($_AND_, $_MUX_, $_DFF_P_, $_SDFFE_PN0P_, ...); write_verilog prints the gates as
# expressions and each flip-flop as an always block, so any Verilog simulator runs it.
# Undefined constants (x) and undriven nets become 0. The RTL's assertions sit under
# `ifndef SYNTHESIS: the netlist has none.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 OUTDIR XLEN:ENTRIES [XLEN:ENTRIES ...]" >&2
  exit 2
fi
outdir=$1
shift
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)

# The package first; the other files in name order. Relative names (Yosys runs in rtl/)
# keep the netlist the same whatever the checkout's path.
files="mmu_pkg.sv"
for f in $(cd "$rtl" && ls ./*.sv | sed 's|^\./||' | grep -v '_pkg\.sv$'); do files+=" $f"; done

synth_one() {
  local xlen=$1 entries=$2
  local tag="mmu_rv${xlen}_t${entries}"
  local out="$outdir/$tag.v" log="$outdir/$tag.yosys.log"
  # Into a temporary file first: an interrupted run leaves no partial netlist that a
  # later build would take for up to date.
  local times wall user sys
  if ! times=$( { TIMEFORMAT='%R %U %S'; time (cd "$rtl" && yosys -q -l "$log" -p "
      read_verilog -sv $files;
      chparam -set Xlen $xlen -set TlbEntries $entries -set ITlbEntries $entries -set IdBits 4 mmu;
      synth -top mmu -flatten;
      setundef -undriven -zero;
      splitnets;
      opt_clean -purge;
      select -assert-none t:\$_DLATCH_* t:\$_DLATCHSR_* t:\$dlatch t:\$adlatch;
      tee -q -o $outdir/$tag.stat stat;
      write_verilog -noattr $out.tmp" >/dev/null 2>&1); } 2>&1 ); then
    echo "synth_netlist.sh: yosys failed (rv$xlen tlb$entries), see $log" >&2
    tail -20 "$log" >&2
    return 1
  fi
  mv "$out.tmp" "$out"
  local cells
  cells=$(awk '/Number of cells:/ {n=$4} END {print n}' "$outdir/$tag.stat")
  read -r wall user sys <<<"$times"
  echo "rv$xlen tlb$entries: $cells cells, ${wall} s (CPU $(awk "BEGIN {printf \"%.1f\", $user + $sys}") s)"
}

pids=()
for config in "$@"; do
  if [[ ! $config =~ ^(32|64):([0-9]+)$ ]]; then
    echo "synth_netlist.sh: bad configuration '$config' (want XLEN:ENTRIES, XLEN 32 or 64)" >&2
    exit 2
  fi
  synth_one "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
