#!/usr/bin/env bash
# How simulation time scales: with TLB entries (8..128, rv64, 10^6 cycles) and with run
# length (10^5, 10^6, 10^7 cycles, 16 entries); mmu_sim with full checking, waves off,
# the `bench` stimulus at memory latency 2; medians of RUNS runs. Writes a table to
# standard output, data to docs/data/, and the plot docs/bench_scaling.png.
# It builds build-bench/ with every TLB size (the default build has fewer).
# Usage: sim/bench/bench_scaling.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. sim/bench/lib.sh
runs=${1:-3}
bash sim/setup.sh plots
sizes="4 8 16 32 64 128"
build_bench_variants "$sizes"
sim=build-bench/sim/mmu_sim
mkdir -p docs/data
common=(--test bench --seed 1 --build rv64 --mem-latency 2 --quiet)

echo "TLB entries vs speed (10^6 cycles, medians of $runs)"
printf '%8s %14s %16s %12s\n' entries "cycles/s" "translations/s" "ns/cycle"
: >docs/data/scaling_entries.dat
for n in 8 16 32 64 128; do
  c=(); t=()
  for ((i = 0; i < runs; i++)); do
    line=$(sim_speed "$sim" --test bench --seed 1 --build rv64 --mem-latency 2 --tlb-entries "$n" --cycles 1000000)
    c+=("${line% *}"); t+=("${line#* }")
  done
  mc=$(printf '%s\n' "${c[@]}" | median); mt=$(printf '%s\n' "${t[@]}" | median)
  printf '%8s %14s %16s %12.0f\n' "$n" "$(human "$mc")" "$(human "$mt")" "$(awk -v c="$mc" 'BEGIN {print 1e9 / c}')"
  echo "$n $mc $mt" >>docs/data/scaling_entries.dat
done

echo
echo "run length vs wall time (16 entries, medians of $runs)"
printf '%12s %10s %14s\n' cycles "seconds" "ns/cycle"
: >docs/data/scaling_cycles.dat
for n in 100000 1000000 10000000; do
  s=()
  for ((i = 0; i < runs; i++)); do s+=("$(wall "$sim" "${common[@]}" --tlb-entries 16 --cycles "$n")"); done
  ms=$(printf '%s\n' "${s[@]}" | median)
  printf '%12s %10.3f %14.0f\n' "$n" "$ms" "$(awk -v s="$ms" -v n="$n" 'BEGIN {print s * 1e9 / n}')"
  echo "$n $ms" >>docs/data/scaling_cycles.dat
done

gnuplot <<'GP'
set terminal pngcairo size 1100,420 font "sans,10"
set output "docs/bench_scaling.png"
set multiplot layout 1,2 title "mmu_sim (SystemC, full checking, waves off), rv64, bench stimulus, latency 2"
set title "speed vs TLB entries (10^6 cycles)"
set logscale x 2
set xlabel "TLB entries"
set ylabel "simulated cycles/s (millions)"
set yrange [0:*]
set grid
plot "docs/data/scaling_entries.dat" using 1:($2/1e6) with linespoints lw 2 pt 7 title "cycles/s"
set title "wall time vs simulated cycles (16 entries)"
set logscale xy 10
set xlabel "simulated cycles"
set ylabel "wall time (s)"
set yrange [*:*]
plot "docs/data/scaling_cycles.dat" using 1:2 with linespoints lw 2 pt 7 title "measured", \
     "docs/data/scaling_cycles.dat" using 1:($1*0.0000007) with lines dt 2 title "linear, 0.7 us/cycle"
unset multiplot
GP
echo "wrote docs/bench_scaling.png and docs/data/scaling_*.dat"
