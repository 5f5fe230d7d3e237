#!/usr/bin/env bash
# Figures of the kernel's memory management on the RTL, from the workloads' summaries:
#   docs/workload_reclaim.png   the order in which memory pressure reclaims frames in
#                               the page_cache workload (cumulative, by kind), rv32 and rv64
#   docs/workload_huge.png      the huge workload vs frames: huge pages faulted in, splits,
#                               collapses, and the TLB hit rate, rv32 and rv64
# with their data in docs/data/ and the numbers printed. Uses build/sim/mmu_sim (16 TLB
# entries on both builds, as the CTests) or $SIM.
# Usage: sim/scripts/plot_kernel_mm.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
sim=${SIM:-build/sim/mmu_sim}
command -v gnuplot >/dev/null || bash sim/setup.sh plots
mkdir -p docs/data

# The page_cache workload's reclaim order, expanded to one line per reclaim with the
# running count of each kind.
for build in rv32 rv64; do
  out=$("$sim" --workload page_cache --build "$build" --seed 1)
  echo "page_cache $build: $(grep '^  page cache' <<<"$out" | sed 's/^ *//')"
  echo "page_cache $build: $(grep '^  reclaim order' <<<"$out" | sed 's/^ *//')"
  grep '^  reclaim order' <<<"$out" | sed 's/^  reclaim order //' | tr ' ' '\n' | awk -F x '
    BEGIN { split("cache file-clean file-dirty anon-clean anon-swap", k, " "); print "reclaim cache file_clean file_dirty anon_clean anon_swap" }
    { for (i = 0; i < $2; ++i) { c[$1]++; n++; printf "%d", n; for (j = 1; j <= 5; ++j) printf " %d", c[k[j]]; print "" } }' \
    >"docs/data/workload_reclaim_$build.dat"
done

# The huge workload as frames grow: more free aligned blocks, more huge pages.
field() { sed -n "s/.*$1.*/\\1/p"; }
for build in rv32 rv64; do
  if [ "$build" = rv32 ]; then frames="1100 2100 3100 4200 8192"; else frames="600 1100 1600 4096 266240"; fi
  dat=docs/data/workload_huge_$build.dat
  echo "frames huge_small huge_1g splits collapses fallbacks nonleaf_fences hit_rate" >"$dat"
  printf '%-8s %10s %8s %8s %10s %10s %14s %9s\n' "$build" frames huge "1 GiB" splits collapses "nl-sfences" "hit %"
  for f in $frames; do
    out=$("$sim" --workload huge --build "$build" --seed 1 --frames "$f")
    line=$(grep '^  huge pages' <<<"$out")
    small=$(field 'faults \([0-9]*\) x' <<<"$line")
    big=$(field ', \([0-9]*\) x 1 GiB' <<<"$line")
    s1=$(field 'splits \([0-9]*\) +' <<<"$line")
    s2=$(field 'splits [0-9]* + \([0-9]*\);' <<<"$line")
    col=$(field 'collapses \([0-9]*\);' <<<"$line")
    fb=$(field 'fallbacks to 4 KiB \([0-9]*\);' <<<"$line")
    nl=$(field 'non-leaf sfences \([0-9]*\)' <<<"$line")
    hit=$(grep '^  translations' <<<"$out" | field '= \([0-9.]*\)%')
    echo "$f $small $big $((s1 + s2)) $col $fb $nl $hit" >>"$dat"
    printf '%-8s %10s %8s %8s %10s %10s %14s %9s\n' "" "$f" "$small" "$big" "$((s1 + s2))" "$col" "$nl" "$hit"
  done
done

gnuplot <<'GP'
set terminal pngcairo size 1100,450 font "sans,10" noenhanced
set output "docs/workload_reclaim.png"
set multiplot layout 1,2 title "page_cache workload: frames reclaimed under memory pressure, in order (48 frames, seed 1)"
set xlabel "reclaim number"
set ylabel "reclaims so far"
set key inside left top
set grid
do for [b in "rv32 rv64"] {
  set title b
  f = "docs/data/workload_reclaim_".b.".dat"
  plot f using 1:2 with steps lw 2 title "unmapped cached file page (dropped)", \
       "" using 1:6 with steps lw 2 title "anonymous page swapped out", \
       "" using 1:5 with steps lw 2 dt 2 title "anonymous page dropped (clean)", \
       "" using 1:($3+$4) with steps lw 2 dt 3 title "mapped file page"
}
unset multiplot
set terminal pngcairo size 1100,450 font "sans,10" noenhanced
set output "docs/workload_huge.png"
set multiplot layout 1,2 title "huge workload vs physical frames (seed 1, 16 TLB entries)"
set logscale x 2
set xlabel "frames"
set ylabel "count"
set y2label "TLB hit rate (%)"
set y2range [0:100]
set ytics nomirror
set y2tics
set key inside left top
do for [b in "rv32 rv64"] {
  set title b.(b eq "rv32" ? " (Sv32: 4 MiB megapages)" : " (Sv39 2 MiB, Sv48 1 GiB)")
  f = "docs/data/workload_huge_".b.".dat"
  plot f using 1:2 with linespoints lw 2 pt 7 title "huge faults (2 MiB / 4 MiB)", \
       "" using 1:3 with linespoints lw 2 pt 9 title "1 GiB faults", \
       "" using 1:4 with linespoints lw 2 pt 5 title "splits", \
       "" using 1:5 with linespoints lw 2 pt 11 title "collapses", \
       "" using 1:8 axes x1y2 with linespoints lw 2 dt 2 pt 13 title "TLB hit rate (right)"
}
unset multiplot
GP
echo "wrote docs/workload_reclaim.png and docs/workload_huge.png"
