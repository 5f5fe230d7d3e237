#!/usr/bin/env bash
# Plots of the OS workloads on the RTL (rv64):
#   docs/workload_hit_rate.png     TLB hit rate vs TLB entries (4..128), every workload
#   docs/workload_faults.png       page faults vs frames, clock vs FIFO replacement
# with their data in docs/data/. Builds build-bench/ (every TLB size) when needed.
# Usage: sim/scripts/plot_workloads.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash sim/setup.sh plots
. sim/bench/lib.sh
sizes="4 8 16 32 64 128"
build_bench_variants "$sizes"
sim=build-bench/sim/mmu_sim
workloads="seq_scan random strided working_set fork shm mmap protect threads page_cache huge"
mkdir -p docs/data

hit_rate() { "$@" | sed -n 's/.*TLB hits [0-9]* = \([0-9.]*\)%.*/\1/p'; }
faults() { "$@" | sed -n 's/^  page faults   \([0-9]*\) .*/\1/p'; }

echo "TLB hit rate (%) vs TLB entries"
printf '%-12s' workload; for n in $sizes; do printf '%8s' "$n"; done; echo
{ printf 'entries'; for w in $workloads; do printf ' %s' "$w"; done; echo; } >docs/data/workload_hit_rate.dat
declare -A rate
for w in $workloads; do
  printf '%-12s' "$w"
  for n in $sizes; do
    rate[$w,$n]=$(hit_rate "$sim" --workload "$w" --tlb-entries "$n" --seed 1)
    printf '%8s' "${rate[$w,$n]}"
  done
  echo
done
for n in $sizes; do
  printf '%s' "$n"; for w in $workloads; do printf ' %s' "${rate[$w,$n]}"; done; echo
done >>docs/data/workload_hit_rate.dat

frames="8 12 16 24 32 48 64 96 128"
fw="seq_scan working_set random fork"
echo
echo "page faults vs frames (clock / FIFO)"
printf '%-12s' workload; for f in $frames; do printf '%14s' "$f"; done; echo
: >docs/data/workload_faults.dat
declare -A fc ff
for w in $fw; do
  printf '%-12s' "$w"
  for f in $frames; do
    fc[$w,$f]=$(faults "$sim" --workload "$w" --frames "$f" --seed 1)
    ff[$w,$f]=$(faults "$sim" --workload "$w" --frames "$f" --seed 1 --replacement fifo)
    printf '%14s' "${fc[$w,$f]}/${ff[$w,$f]}"
  done
  echo
done
for f in $frames; do
  printf '%s' "$f"; for w in $fw; do printf ' %s %s' "${fc[$w,$f]}" "${ff[$w,$f]}"; done; echo
done >>docs/data/workload_faults.dat

gnuplot <<'GP'
set terminal pngcairo size 900,500 font "sans,10" noenhanced
set output "docs/workload_hit_rate.png"
set title "TLB hit rate vs TLB entries (rv64 RTL, OS workloads, seed 1)"
set logscale x 2
set xlabel "TLB entries"
set ylabel "hit rate (% of lookups)"
set yrange [0:100]
set key outside right
set grid
plot for [i=2:12] "docs/data/workload_hit_rate.dat" using 1:i with linespoints lw 2 title columnheader(i)
set output "docs/workload_faults.png"
set terminal pngcairo size 1100,700 font "sans,10" noenhanced
set multiplot layout 2,2 title "page faults vs physical frames: clock (second chance) vs FIFO"
unset logscale x
set logscale x 2
set xlabel "frames"
set ylabel "page faults"
set yrange [0:*]
set key inside right top
names = "seq_scan working_set random fork"
do for [k=1:4] {
  set title word(names, k)
  plot "docs/data/workload_faults.dat" using 1:(column(2*k)) with linespoints lw 2 pt 7 title "clock", \
       "" using 1:(column(2*k+1)) with linespoints lw 2 pt 5 dt 2 title "FIFO"
}
unset multiplot
GP
echo "wrote docs/workload_hit_rate.png and docs/workload_faults.png"
