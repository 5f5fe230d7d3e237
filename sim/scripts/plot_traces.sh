#!/usr/bin/env bash
# TLB hit rate vs TLB entries (4..128) for the real program traces, on the rv64 RTL
# (Sv39, checked against the model every cycle as always):
#   docs/trace_hit_rate.png, its data docs/data/trace_hit_rate.dat, the table printed,
#   and each trace's size (accesses, bytes) in docs/data/trace_sizes.dat.
# The traces are build/traces/{sort,gzip,python,cc1}.rvt, recorded first when missing
# (sim/scripts/record_trace.sh --examples, a few minutes). Builds build-bench/.
# Each run plays the first TRACE_LIMIT accesses of a trace (default 10000000; 0: all)
# with FRAMES physical frames (default 16384: every page stays resident, so that the TLB
# alone decides; evictions would add sfences).
# Usage: [TRACE_LIMIT=N] [FRAMES=N] sim/scripts/plot_traces.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=${TRACE_LIMIT:-10000000}
frames=${FRAMES:-16384}
[[ "$limit" =~ ^[0-9]+$ ]] || { echo "plot_traces: TRACE_LIMIT: '$limit' is not a whole number" >&2; exit 2; }
[[ "$frames" =~ ^[0-9]+$ ]] || { echo "plot_traces: FRAMES: '$frames' is not a whole number" >&2; exit 2; }
bash sim/setup.sh plots
. sim/bench/lib.sh
sizes="4 8 16 32 64 128"
traces="sort gzip python cc1"
dir=build/traces
for t in $traces; do
  [ -f "$dir/$t.rvt" ] || { bash sim/scripts/record_trace.sh --examples "$dir"; break; }
done
build_bench_variants "$sizes"
cmake --build build-bench --target mmu_progtrace >/dev/null
sim=build-bench/sim/mmu_sim
args=(--build rv64 --frames "$frames" --seed 1)
[ "$limit" = 0 ] || args+=(--trace-limit "$limit")
mkdir -p docs/data

echo "trace sizes"
{
  echo "trace accesses bytes bytes_per_access pages"
  for t in $traces; do
    build-bench/sim/mmu_progtrace info "$dir/$t.rvt" |
      awk -v t="$t" 'NR == 1 { gsub(/[(,;]/, " "); for (i = 1; i <= NF; ++i) {
          if ($(i + 1) == "accesses" && !a) a = $i; if ($(i + 1) == "bytes" && !b) b = $i; if ($(i + 1) == "pages") p = $i }
        printf "%s %s %s %.2f %s\n", t, a, b, (b - 16) / a, p }'
  done
} | tee docs/data/trace_sizes.dat | column -t

hit_rate() { "$@" | sed -n 's/.*TLB hits [0-9]* = \([0-9.]*\)%.*/\1/p'; }
echo
echo "TLB hit rate (%) vs TLB entries (rv64, the first ${limit/#0/all} accesses of each trace, $frames frames)"
printf '%-8s' trace; for n in $sizes; do printf '%8s' "$n"; done; echo
declare -A rate
for t in $traces; do
  printf '%-8s' "$t"
  for n in $sizes; do
    rate[$t,$n]=$(hit_rate "$sim" --trace "$dir/$t.rvt" --tlb-entries "$n" "${args[@]}")
    [ -n "${rate[$t,$n]}" ] || { echo; echo "plot_traces: the run of $t with $n entries failed" >&2; exit 1; }
    printf '%8s' "${rate[$t,$n]}"
  done
  echo
done
{
  printf 'entries'; for t in $traces; do printf ' %s' "$t"; done; echo
  for n in $sizes; do
    printf '%s' "$n"; for t in $traces; do printf ' %s' "${rate[$t,$n]}"; done; echo
  done
} >docs/data/trace_hit_rate.dat

gnuplot <<GP
set terminal pngcairo size 900,500 font "sans,10" noenhanced
set output "docs/trace_hit_rate.png"
set title "TLB hit rate vs TLB entries: real program traces (valgrind lackey), rv64 RTL, Sv39"
set logscale x 2
set xlabel "TLB entries"
set ylabel "hit rate (% of lookups)"
set yrange [*:100]
set key outside right
set grid
plot for [i=2:5] "docs/data/trace_hit_rate.dat" using 1:i with linespoints lw 2 title columnheader(i)
GP
echo "wrote docs/trace_hit_rate.png, docs/data/trace_hit_rate.dat and docs/data/trace_sizes.dat"
