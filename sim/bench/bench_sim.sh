#!/usr/bin/env bash
# Simulation speed of mmu_sim with full cycle-by-cycle checking and waves off, for each
# build: simulated cycles/s and translations/s, the median of RUNS runs (default 3).
# Usage: sim/bench/bench_sim.sh [CYCLES] [RUNS]     (run after sim/build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-2000000}
runs=${2:-3}
sim=build/sim/mmu_sim
[ -x "$sim" ] || { echo "bench: $sim not built (run bash sim/build.sh)" >&2; exit 2; }

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

printf '%-6s %-5s %12s %16s %16s\n' build tlb cycles "cycles/s" "translations/s"
for build in rv64 rv32; do
  cps=(); tps=()
  for ((i = 0; i < runs; i++)); do
    line=$("$sim" --test random --seed 1 --build "$build" --tlb-entries 16 --mem-latency 2 --cycles "$cycles" |
           awk '/^  speed/ {print $2, $4}')
    cps+=("${line% *}"); tps+=("${line#* }")
  done
  printf '%-6s %-5s %12s %16.0f %16.0f\n' "$build" 16 "$cycles" \
    "$(printf '%s\n' "${cps[@]}" | median)" "$(printf '%s\n' "${tps[@]}" | median)"
done
