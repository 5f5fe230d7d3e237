#!/usr/bin/env bash
# Lint the MMU RTL: Verilator --lint-only -Wall (any warning fails) for Xlen 32 and 64
# at several TlbEntries values, then an Icarus Verilog (-g2012) compile of both Xlen.
#
#   lint_rtl.sh [BUILDDIR]     (Icarus outputs go to BUILDDIR, default a temp dir)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)
build=${1:-$(mktemp -d /tmp/mmu_lint.XXXXXX)}
mkdir -p "$build"

srcs=(mmu_pkg.sv mmu.sv mmu_tlb.sv mmu_ptw.sv mmu_plru.sv mmu_perm.sv mmu_leaf_ppn.sv mmu_entry_check.sv mmu_l2_tlb.sv mmu_walk_cache.sv mmu_port.sv mmu_pmp.sv)
files=()
for f in "${srcs[@]}"; do files+=("$rtl/$f"); done

status=0

# TLB sizes at both ends of the range, each with another request ID width (1..16).
for xlen in 32 64; do
  for entries in 4 16 128; do
    ids=$(( entries == 4 ? 1 : entries == 16 ? 4 : 16 ))
    out="$build/verilator_x${xlen}_e${entries}.log"
    if verilator --lint-only -Wall --assert --top-module mmu \
         -GXlen="$xlen" -GTlbEntries="$entries" -GIdBits="$ids" "${files[@]}" >"$out" 2>&1 \
       && ! grep -q '%Warning' "$out"; then
      echo "verilator lint  xlen=$xlen entries=$entries id_bits=$ids: ok"
    else
      echo "verilator lint  xlen=$xlen entries=$entries id_bits=$ids: FAILED"
      cat "$out"
      status=1
    fi
  done
done

# The second level at both ends of its ranges, and switched off (L2Ways=0,
# WalkCacheEntries=0): "sets ways super walk-cache".
for xlen in 32 64; do
  for l2 in "2 2 4 2" "1024 8 64 64" "64 0 16 0" "64 0 16 8" "64 4 16 0"; do
    read -r sets ways super pwc <<<"$l2"
    out="$build/verilator_x${xlen}_l2_${sets}_${ways}_${super}_${pwc}.log"
    if verilator --lint-only -Wall --assert --top-module mmu -GXlen="$xlen" -GL2Sets="$sets" \
         -GL2Ways="$ways" -GL2SuperEntries="$super" -GWalkCacheEntries="$pwc" "${files[@]}" >"$out" 2>&1 \
       && ! grep -q '%Warning' "$out"; then
      echo "verilator lint  xlen=$xlen l2 ${sets}x${ways}+${super} walk cache $pwc: ok"
    else
      echo "verilator lint  xlen=$xlen l2 ${sets}x${ways}+${super} walk cache $pwc: FAILED"
      cat "$out"
      status=1
    fi
  done
done

# Svnapot off (rv64; rv32 ignores the parameter), at both TLB size extremes.
for entries in 4 128; do
  out="$build/verilator_x64_nonapot_e${entries}.log"
  if verilator --lint-only -Wall --assert --top-module mmu -GXlen=64 -GSvnapot="1'b0" \
       -GTlbEntries="$entries" "${files[@]}" >"$out" 2>&1 && ! grep -q '%Warning' "$out"; then
    echo "verilator lint  xlen=64 entries=$entries Svnapot=0: ok"
  else
    echo "verilator lint  xlen=64 entries=$entries Svnapot=0: FAILED"
    cat "$out"
    status=1
  fi
done

# PMP: none, one entry, every entry; granularity 0, 1 (no NA4) and 3.
for xlen in 32 64; do
  for pmp in "0 0" "1 0" "16 1" "8 3"; do
    read -r n g <<<"$pmp"
    out="$build/verilator_x${xlen}_pmp_${n}_${g}.log"
    if verilator --lint-only -Wall --assert --top-module mmu -GXlen="$xlen" -GPmpEntries="$n" \
         -GPmpGranularity="$g" "${files[@]}" >"$out" 2>&1 \
       && ! grep -q '%Warning' "$out"; then
      echo "verilator lint  xlen=$xlen pmp entries $n granularity $g: ok"
    else
      echo "verilator lint  xlen=$xlen pmp entries $n granularity $g: FAILED"
      cat "$out"
      status=1
    fi
  done
done

for xlen in 32 64; do
  out="$build/iverilog_x${xlen}.log"
  # Icarus reports unsupported constructs as "sorry:" without failing; count those too,
  # except that it ignores the unique qualifier of `unique case` (a lint hint to it).
  if iverilog -g2012 -Wall -s mmu -Pmmu.Xlen="$xlen" -o "$build/mmu_x${xlen}.vvp" \
       "${files[@]}" >"$out" 2>&1 &&
     ! grep -v 'Case unique/unique0 qualities are ignored' "$out" | grep -q -E 'sorry|warning|error'; then
    echo "iverilog -g2012 xlen=$xlen: ok"
  else
    echo "iverilog -g2012 xlen=$xlen: FAILED"
    cat "$out"
    status=1
  fi
done

# Yosys reads the same assertions for formal proofs (read_verilog -formal defines FORMAL
# instead of SYNTHESIS): every one of them must become an $assert cell.
if command -v yosys >/dev/null 2>&1; then
  # mmu_tlb is instantiated three times (the two ports' L1s and the L2's superpage
  # array) and mmu_port twice: their assertions become that many cells each.
  want=$(( $(cat "${files[@]}" | grep -c -E '^\s*assert \(') + 2 * $(grep -c -E '^\s*assert \(' "$rtl/mmu_tlb.sv") +
           $(grep -c -E '^\s*assert \(' "$rtl/mmu_port.sv") ))
  for xlen in 32 64; do
    out="$build/yosys_formal_x${xlen}.log"
    got=$(yosys -p "read_verilog -formal -sv ${files[*]}; chparam -set Xlen $xlen mmu; prep -top mmu; flatten; select -count t:\$assert" \
          2>&1 | tee "$out" | sed -n 's/^\([0-9]*\) objects\.$/\1/p' | tail -1)
    if [[ "$got" == "$want" ]]; then
      echo "yosys read_verilog -formal xlen=$xlen: ok ($got assertions)"
    else
      echo "yosys read_verilog -formal xlen=$xlen: FAILED ($got of $want assertions read, see $out)"
      status=1
    fi
  done
fi

exit $status
