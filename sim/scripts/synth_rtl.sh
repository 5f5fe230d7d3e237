#!/usr/bin/env bash
# Generic Yosys synthesis of the MMU RTL: checks that no latch is inferred and reports
# the size and the logic depth.
#
#   synth_rtl.sh [-G NAME=VALUE]... XLEN ENTRIES [OUTDIR]
#
# -G sets another parameter of `mmu` (e.g. -G L2Ways=0 -G WalkCacheEntries=0: the L1
# alone; -G L2Sets=256 -G L2SuperEntries=32 -G WalkCacheEntries=16: a large second level).
# Prints one line:  xlen=XLEN entries=ENTRIES [NAME=VALUE]... cells=N depth=D
#   cells: cells of the flattened design after `synth -top mmu` (generic gates + flops)
#   depth: `ltp -noff` on that netlist, i.e. the longest chain of generic gate cells
#          between flops/ports (flip-flops excluded): a technology-free proxy for the
#          critical path, counted in gates (a $_MUX_ counts as one).
# Exits nonzero, with a message, if Yosys fails or a latch ($dlatch / $_DLATCH_*) appears.
set -euo pipefail

usage="usage: $0 [-G NAME=VALUE]... XLEN ENTRIES [OUTDIR]"
chparams=""  # extra `-set NAME VALUE` pairs for chparam
shown=""     # the same as NAME=VALUE words, for the output line
tagx=""      # and for the file names
while [[ $# -gt 0 && $1 == -G* ]]; do
  if [[ $1 == -G ]]; then
    [[ $# -ge 2 ]] || { echo "$0: -G needs NAME=VALUE" >&2; exit 2; }
    g=$2; shift 2
  else
    g=${1#-G}; shift
  fi
  if [[ ! $g =~ ^([A-Za-z_][A-Za-z0-9_]*)=([0-9]+)$ ]]; then
    echo "$0: -G '$g': expected NAME=VALUE with a decimal VALUE" >&2
    exit 2
  fi
  chparams+=" -set ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  shown+=" $g"
  tagx+="_${BASH_REMATCH[1]}${BASH_REMATCH[2]}"
done
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "$usage" >&2
  exit 2
fi
xlen=$1
entries=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)
outdir=${3:-$(mktemp -d /tmp/mmu_synth.XXXXXX)}
mkdir -p "$outdir"
tag="mmu_x${xlen}_e${entries}${tagx}"
log="$outdir/$tag.yosys.log"

srcs=(mmu_pkg.sv mmu.sv mmu_tlb.sv mmu_ptw.sv mmu_plru.sv mmu_perm.sv mmu_leaf_ppn.sv mmu_entry_check.sv mmu_l2_tlb.sv mmu_walk_cache.sv mmu_port.sv mmu_pmp.sv)
files=""
for f in "${srcs[@]}"; do files+=" $rtl/$f"; done

script="read_verilog -sv$files;
chparam -set Xlen $xlen -set TlbEntries $entries -set ITlbEntries $entries$chparams mmu;
hierarchy -check -top mmu;
rename -top mmu;
proc;
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr;
flatten;
synth -top mmu;
select -assert-none t:\$_DLATCH_* t:\$_DLATCHSR_* t:\$dlatch t:\$adlatch;
tee -o $outdir/$tag.stat stat;
tee -o $outdir/$tag.ltp ltp -noff;
write_verilog -noattr $outdir/$tag.netlist.v"

status=0
yosys -q -l "$log" -p "$script" >/dev/null 2>&1 || status=$?
# A latch shows up as Yosys' own "Latch inferred" error (always_comb), as a proc_dlatch
# message, or as a failed `select -assert-none` on latch cells.
if grep -q "Latch inferred" "$log" || grep -q "Assertion failed: selection is not empty" "$log"; then
  echo "synth_rtl.sh: LATCH inferred (xlen=$xlen entries=$entries$shown), see $log" >&2
  grep -E "Latch inferred|Assertion failed" "$log" | head -20 >&2
  exit 1
fi
if [[ $status -ne 0 ]]; then
  echo "synth_rtl.sh: yosys failed (xlen=$xlen entries=$entries$shown), see $log" >&2
  tail -20 "$log" >&2
  exit 1
fi

cells=$(awk '/Number of cells:/ {n=$4} END {print n}' "$outdir/$tag.stat")
depth=$(sed -n 's/.*(length=\([0-9]*\)).*/\1/p' "$outdir/$tag.ltp" | tail -1)
echo "xlen=$xlen entries=$entries$shown cells=$cells depth=$depth"
