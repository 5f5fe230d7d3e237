#!/usr/bin/env bash
# The second level (L2 TLB + page-walk cache) against the L1 TLB alone: every OS workload
# and the committed program trace (tests/trace/true.rvt) on rv64 and rv32, 16 L1 entries,
# seed 1, run by two builds that differ only in the second level:
#   build/bench-l2   MMU_VARIANTS "rv32:16;rv64:16"            (the default second level)
#   build/bench-l1   MMU_VARIANTS "rv32:16:none;rv64:16:none"  (no L2 TLB, no walk cache)
# Writes docs/data/second_level.tsv (one row per workload, build and second level: both
# ports together and the arbiter's figures), docs/data/second_level_ports.tsv (the same runs
# per translation port: data, fetch), docs/second_level.md (tables, the goal check "PTE reads
# per L1 miss <= 1.2 with the second level" overall and per port, the Yosys area of the L1s
# alone, the default and a large second level, and the simulation speed) and
# docs/second_level.png. The workload figures are counts from mmu_sim's summary
# (deterministic for a seed); the speed is simulated cycles per CPU second, medians of 5
# runs of bench_compare.sh's stimulus (both ports active), mmu_sim and the bare loop
# interleaved run by run so that both see the same machine load. A section of docs/second_level.md headed
# "## Recorded" (figures copied by hand, e.g. from a bench_compare.sh run) is kept.
# The speed medians go to docs/data/second_level_speed.tsv.
# Usage: sim/bench/bench_second_level.sh [--no-area | --report-only] [SCALE]
#   SCALE          the workloads' --scale (length multiplier, 1..1000; default 10)
#   --no-area      skip the synthesis; keep the area table of docs/data/second_level_area.tsv
#   --report-only  run nothing: rewrite docs/second_level.md and the plot from the four
#                  docs/data/second_level*.tsv of an earlier run (e.g. after a new area table)
set -euo pipefail
cd "$(dirname "$0")/../.."
area=1
runs=1
scale=10
for a in "$@"; do
  case "$a" in
    --no-area) area=0 ;;
    --report-only) area=0; runs=0 ;;
    *)
      if [[ ! $a =~ ^[0-9]+$ ]] || ((a < 1 || a > 1000)); then
        echo "$0: '$a': expected --no-area, --report-only or a SCALE of 1..1000" >&2
        exit 2
      fi
      scale=$a ;;
  esac
done
if ((area == 0)) && [ ! -f docs/data/second_level_area.tsv ]; then
  echo "$0: --no-area needs docs/data/second_level_area.tsv from an earlier run" >&2
  exit 2
fi
tsv=docs/data/second_level.tsv
ports_tsv=docs/data/second_level_ports.tsv
area_tsv=docs/data/second_level_area.tsv
speed_tsv=docs/data/second_level_speed.tsv
if ((runs == 0)); then
  for f in "$tsv" "$ports_tsv" "$area_tsv" "$speed_tsv"; do
    [ -f "$f" ] || { echo "$0: --report-only needs $f from an earlier run" >&2; exit 2; }
  done
fi
bash sim/setup.sh plots
trace=tests/trace/true.rvt
both_cycles=200000  # random:both, the `bench` stimulus (both ports at once): its length
goal=1.2
mkdir -p docs/data

# Configures DIR once (Release, no traced variants, no gate-level tests) and brings its
# mmu_sim up to date.
build_dir() {  # DIR VARIANTS
  [ -f "$1/CMakeCache.txt" ] ||
    cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DMMU_VARIANTS="$2" -DMMU_WAVE_VARIANTS= \
      -DMMU_GATELEVEL=OFF --log-level=WARNING
  cmake --build "$1" -j"$(nproc)" --target "${@:3}" >/dev/null
}
if ((runs)); then
  build_dir build/bench-l2 "rv32:16;rv64:16" mmu_sim mmu_sim_plain
  build_dir build/bench-l1 "rv32:16:none;rv64:16:none" mmu_sim

  # The workload names, from mmu_sim --list (the lines under "OS workloads").
  workloads=$(build/bench-l2/sim/mmu_sim --list |
    awk '/^OS workloads/ {on = 1; next} /^[^ ]/ {on = 0} on && /^  [a-z_]+ / {print $1}')
  [ -n "$workloads" ] || { echo "$0: no OS workloads in mmu_sim --list" >&2; exit 1; }
fi

# One mmu_sim run -> one TSV row (after NAME XLEN LEVEL): the figures of its summary (both
# ports together, and the arbiter's line), on standard output; and one row per port (after
# NAME XLEN LEVEL PORT) appended to PORTS_TSV. Fails loudly when a line it needs has changed
# shape or the run did not pass.
summary_row() {  # NAME XLEN LEVEL PORTS_TSV mmu_sim-args...
  local name=$1 xlen=$2 level=$3 ports=$4 out
  shift 4
  out=$("$@") || { echo "$0: $name $xlen $level: mmu_sim failed" >&2; exit 1; }
  echo "$out" | awk -v name="$name" -v xlen="$xlen" -v level="$level" -v ports="$ports" '
    function grab(re,   s) {
      if (!match($0, re)) { printf "bench_second_level: %s %s %s: cannot read: %s\n", name, xlen, level, $0 > "/dev/stderr"; bad = 1; exit 1 }
      s = substr($0, RSTART, RLENGTH); match(s, /[0-9][0-9.]*/); return substr(s, RSTART, RLENGTH)
    }
    /^  cycles/       { cy = grab("cycles +[0-9]+") }
    /^  translations/ { tr = grab("translations +[0-9]+"); h = grab("TLB hits [0-9]+"); hr = grab("= [0-9.]+% of lookups")
                        m = grab("misses [0-9]+"); rw = grab("re-walks [0-9]+") }
    /^  L2 TLB/       { l2 = grab("TLB +[0-9]+ hits"); l2r = grab("[0-9.]+% of L1 misses"); below = grab("[0-9]+ walks started below the root") }
    /^  walks/        { w = grab("walks +[0-9]+"); pte = grab("[0-9]+ PTE reads"); ppm = grab("= [0-9.]+ per L1 miss")
                        lat = grab("answered in [0-9.]+ cycles") }
    /^  (data|fetch) +port / {
      p = $1; np++
      prow[p] = sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", name, xlen, level, p,
        grab("port +[0-9]+ translations"), grab("hits [0-9.]+% of lookups"), grab("hits [0-9.]+% of its L1 misses"), grab("walks [0-9]+ [(]"),
        grab("[(][0-9.]+% from the walk cache"), grab("[0-9.]+ PTE reads per L1 miss"), grab("latency [0-9.]+; waited"),
        grab("waited for the walker [0-9]+ times"), grab("at most [0-9]+ edges")) }
    /^  arbiter/      { cf = grab("[0-9]+ edges with both ports. misses"); ba = grab("[0-9]+ edges with both ports answering") }
    /^PASS$/          { pass = 1 }
    END {
      if (bad) exit 1
      if (!pass || cy == "" || tr == "" || l2 == "" || w == "" || cf == "" || !("data" in prow) || !("fetch" in prow)) {
        printf "bench_second_level: %s %s %s: incomplete summary or not PASS\n", name, xlen, level > "/dev/stderr"; exit 1 }
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\n", name, xlen, level, cy, tr, h, m, rw, hr,
        l2, l2r, w, below, (w > 0 ? 100 * below / w : 0), pte, ppm, lat, cf, ba
      print prow["data"] >> ports
      print prow["fetch"] >> ports }'
}

tmp=$(mktemp -d /tmp/mmu_second_level.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. sim/bench/lib.sh
speed_cycles=2000000
if ((runs)); then
  printf 'workload\txlen\tsecond_level\tcycles\ttranslations\tl1_hits\tl1_misses\tsvadu_rewalks\tl1_hit_pct\tl2_hits\tl2_hit_pct_of_l1_misses\twalks\twalks_below_root\twalk_cache_hit_pct\tpte_reads\tpte_reads_per_l1_miss\tl1_miss_latency\tarbiter_conflict_edges\tboth_answering_edges\n' >"$tsv"
  printf 'workload\txlen\tsecond_level\tport\ttranslations\tl1_hit_pct\tl2_hit_pct_of_l1_misses\twalks\twalk_cache_hit_pct\tpte_reads_per_l1_miss\tl1_miss_latency\twalker_waits\tmax_wait_edges\n' >"$ports_tsv"
  for xlen in 64 32; do
    for name in $workloads trace:true random:both; do
      for level in l2 l1; do
        sim=build/bench-$level/sim/mmu_sim
        if [[ $name == trace:* ]]; then
          args=(--trace "$trace")
        elif [[ $name == random:both ]]; then
          args=(--test bench --cycles "$both_cycles")  # the speed stimulus: both ports at once
        else
          args=(--workload "$name" --scale "$scale")
        fi
        summary_row "$name" "rv$xlen" "$level" "$ports_tsv" "$sim" "${args[@]}" --build "rv$xlen" --tlb-entries 16 --seed 1 >>"$tsv"
      done
    done
  done
fi

# Area: synth_rtl.sh (Yosys generic synth, flattened) with the second level's parameters.
if ((area)); then
  syn=$tmp/synth
  printf 'configuration\txlen\tcells\tdepth\n' >"$area_tsv"
  while IFS='|' read -r conf gs; do
    for xlen in 64 32; do
      # shellcheck disable=SC2086  # gs: the -G words
      r=$(bash sim/scripts/synth_rtl.sh $gs "$xlen" 16 "$syn")
      printf '%s\t%s\t%s\t%s\n' "$conf" "rv$xlen" "$(echo "$r" | sed 's/.*cells=\([0-9]*\).*/\1/')" \
        "$(echo "$r" | sed 's/.*depth=\([0-9]*\).*/\1/')" >>"$area_tsv"
      echo "synth: $conf rv$xlen: $r" >&2
    done
  done <<'CONFS'
L1 only (L2Ways=0, WalkCacheEntries=0)|-G L2Ways=0 -G WalkCacheEntries=0
default (L2 64x4+16, walk cache 8)|
large (L2 256x4+32, walk cache 16)|-G L2Sets=256 -G L2SuperEntries=32 -G WalkCacheEntries=16
CONFS
fi

# Speed: bench_compare.sh's stimulus (the random `bench` preset: a data stream on the data
# port and a fetch stream with locality on the instruction port, both active) and its
# CPU-time figure: (a) mmu_sim and (b) the bare Verilator loop with the default second
# level, and (a) with the L1s alone. Five rounds, each running the three once (interleaved,
# so that the load of the shared machine falls on all three alike); medians. Every run must
# PASS and show translations on both ports.
bench=(--test bench --seed 1 --build rv64 --tlb-entries 16 --mem-latency 2 --cycles "$speed_cycles")
speed_run() {  # TAG command...: appends "cycles-per-CPU-second data-translations fetch-translations" to $tmp/speed.TAG
  local tag=$1 out
  shift
  out=$("$@") || { echo "$0: speed run $tag: mmu_sim failed" >&2; exit 1; }
  echo "$out" | awk -v tag="$tag" '
    /^  speed/        { sp = $(NF - 4) }
    /^  data +port /  { d = $3 }
    /^  fetch +port / { f = $3 }
    /^PASS$/          { pass = 1 }
    END {
      if (!pass || sp == "" || d + 0 == 0 || f + 0 == 0) {
        printf "bench_second_level: speed run %s: not PASS, or a port idle (data %s, fetch %s)\n", tag, d, f > "/dev/stderr"; exit 1 }
      print sp, d, f }' >>"$tmp/speed.$tag" || exit 1
}
if ((runs)); then
  for _ in 1 2 3 4 5; do
    speed_run a build/bench-l2/sim/mmu_sim "${bench[@]}"
    speed_run b build/bench-l2/sim/mmu_sim_plain "${bench[@]}"
    speed_run l1 build/bench-l1/sim/mmu_sim "${bench[@]}"
  done
  {
    printf 'run\tcycles_per_cpu_second_median\tdata_translations\tfetch_translations\n'
    for tag in a b l1; do
      read -r _ d f <"$tmp/speed.$tag"
      printf '%s\t%s\t%s\t%s\n' "$tag" "$(awk '{print $1}' "$tmp/speed.$tag" | median)" "$d" "$f"
    done
  } >"$speed_tsv"
fi
speed_of() { awk -F'\t' -v t="$1" -v c="$2" 'NR > 1 && $1 == t {print $c}' "$speed_tsv"; }
sp_a=$(speed_of a 2)
sp_b=$(speed_of b 2)
sp_l1=$(speed_of l1 2)
sp_data=$(speed_of a 3)
sp_fetch=$(speed_of a 4)

# The report.
md=docs/second_level.md
recorded=$tmp/recorded.md
if [ -f "$md" ]; then sed -n '/^## Recorded/,$p' "$md" >"$recorded"; else : >"$recorded"; fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
  echo "# Second level: L2 TLB and page-walk cache, per translation port"
  echo
  echo "Generated by \`bash sim/bench/bench_second_level.sh\` on $(date -u +%Y-%m-%d); data in"
  echo "[data/second_level.tsv](data/second_level.tsv) (both ports together, the arbiter) and"
  echo "[data/second_level_ports.tsv](data/second_level_ports.tsv) (per port), plot"
  echo "[second_level.png](second_level.png)."
  echo
  echo "Every OS workload (\`--scale $scale\`) and the committed program trace \`$trace\`, seed 1,"
  echo "16 entries in each port's L1 TLB (data and instruction), memory latency 1, on the RTL"
  echo "(checked cycle by cycle against the model), once with the default second level (L2 TLB"
  echo "64 sets x 4 ways of 4 KiB leaves + 16 superpage entries, walk cache 8 entries, shared by"
  echo "the two ports) and once with the L1 TLBs alone (variant field \`none\`). The workloads and"
  echo "the trace send instruction fetches to the instruction (fetch) port and loads, stores and"
  echo "AMOs to the data port, one access at a time (so the two ports never compete for the"
  echo "walker there). \`random:both\` is the random \`bench\` stimulus of the speed figure below"
  echo "(\`--test bench\`, $both_cycles cycles): a data stream and a fetch stream with locality"
  echo "on the two ports at once, over a random page table."
  echo
  echo "- L1 hit: the port's L1 TLB hits as a share of its lookups (the two runs can differ a"
  echo "  little: the workloads react to timing, e.g. another hart's page aging during walks)."
  echo "- L2 hit: L2 TLB hits as a share of the L1 misses (per port: of that port's L1 misses)."
  echo "- walk cache: walks started below the root / walks."
  echo "- PTE reads per L1 miss: PTE reads / L1 misses (Svadu re-walks counted as misses), as"
  echo "  mmu_sim prints it; per port, of that port's translations past its L1."
  echo "- L1-miss latency: mean cycles from an L1 miss to its answer (per port: including any"
  echo "  wait for the walker while it serves the other port)."
  echo "- goal: PTE reads per L1 miss <= $goal with the second level on; n/a for a port with no L1"
  echo "  miss in the run."
  for xlen in 64 32; do
    echo
    echo "## rv$xlen: both ports together"
    echo
    echo "| workload | L1 hit % (L2 / L1 only) | L2 hit % | walk cache % | PTE reads per L1 miss (L2 / L1 only) | L1-miss latency, cycles (L2 / L1 only) | goal <= $goal |"
    echo "|----------|-----------:|-----:|-----:|-----------:|-----------:|------|"
    awk -F'\t' -v x="rv$xlen" -v goal="$goal" '
      NR > 1 && $2 == x { k = $1 SUBSEP $3; hr[k] = $9; l2[k] = $11; wc[k] = $14; ppm[k] = $16; lat[k] = $17
                          if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
      END {
        for (i = 1; i <= n; i++) {
          w = order[i]; a = w SUBSEP "l2"; b = w SUBSEP "l1"
          printf "| %s | %s / %s | %s | %s | %s / %s | %s / %s | %s |\n", w, hr[a], hr[b], l2[a], wc[a], ppm[a], ppm[b],
            lat[a], lat[b], (ppm[a] + 0 <= goal + 0 ? "PASS" : "over")
        }
      }' "$tsv"
    echo
    echo "## rv$xlen: per port"
    echo
    echo "| workload | port | translations | L1 hit % (L2 / L1 only) | L2 hit % | walk cache % | PTE reads per L1 miss (L2 / L1 only) | L1-miss latency, cycles (L2 / L1 only) | goal <= $goal |"
    echo "|----------|------|-----------:|-----------:|-----:|-----:|-----------:|-----------:|------|"
    awk -F'\t' -v x="rv$xlen" -v goal="$goal" '
      NR > 1 && $2 == x { k = $1 SUBSEP $4 SUBSEP $3; tr[k] = $5; hr[k] = $6; l2[k] = $7; wc[k] = $9; ppm[k] = $10; lat[k] = $11
                          if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
      END {
        for (i = 1; i <= n; i++) for (j = 1; j <= 2; j++) {
          w = order[i]; p = (j == 1 ? "data" : "fetch"); a = w SUBSEP p SUBSEP "l2"; b = w SUBSEP p SUBSEP "l1"
          printf "| %s | %s | %s | %s / %s | %s | %s | %s / %s | %s / %s | %s |\n", w, p, tr[a], hr[a], hr[b], l2[a], wc[a],
            ppm[a], ppm[b], lat[a], lat[b], (lat[a] + 0 == 0 ? "n/a" : ppm[a] + 0 <= goal + 0 ? "PASS" : "over")
        }
      }' "$ports_tsv"
  done
  echo
  awk -F'\t' -v goal="$goal" 'NR > 1 && $3 == "l2" { n++; if ($16 + 0 <= goal + 0) p++ }
    END { printf "Goal check, both ports together: %d of %d runs (the workloads, the trace and random:both; rv64 and rv32) at or below %s PTE reads per L1 miss with the second level on.\n", p, n, goal }' "$tsv"
  echo
  awk -F'\t' -v goal="$goal" 'NR > 1 && $3 == "l2" { if ($11 + 0 == 0) { none[$4]++; next } n[$4]++; if ($10 + 0 <= goal + 0) p[$4]++; if ($10 + 0 > worst[$4] + 0) { worst[$4] = $10; at[$4] = $1 " " $2 } }
    END { for (j = 1; j <= 2; j++) { q = (j == 1 ? "data" : "fetch")
            printf "Goal check, %s port: %d of %d runs with L1 misses at or below %s (the highest: %s, %s)%s.\n", q, p[q], n[q], goal,
              (at[q] == "" ? "-" : worst[q]), (at[q] == "" ? "-" : at[q]), (none[q] ? sprintf("; %d runs without an L1 miss on this port", none[q]) : "") } }' "$ports_tsv"
  echo
  echo "## Arbiter (second level on)"
  echo
  echo "Conflicts: edges at which both ports' L1 misses asked for the free walker (the round-robin"
  echo "arbiter grants one, the other waits); both answering: edges at which both ports gave a"
  echo "response. Waits: how many of a port's L1 misses found the walker busy with the other"
  echo "port's translation, and the longest such wait in edges."
  echo
  echo "| workload | xlen | conflicts | both answering | data waits (max edges) | fetch waits (max edges) |"
  echo "|----------|------|----------:|---------------:|-----------------------:|------------------------:|"
  awk -F'\t' 'FNR == NR { if (FNR > 1 && $3 == "l2") { k = $1 SUBSEP $2; wt[k SUBSEP $4] = $12 " (" $13 ")" } next }
    FNR > 1 && $3 == "l2" { k = $1 SUBSEP $2
      printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $18, $19, wt[k SUBSEP "data"], wt[k SUBSEP "fetch"] }' "$ports_tsv" "$tsv"
  echo
  echo "## Area and logic depth (Yosys generic \`synth\`, flattened; 16 entries in each L1)"
  echo
  echo "\`sim/scripts/synth_rtl.sh -G NAME=VALUE... XLEN 16\` (both ports, TlbEntries = ITlbEntries"
  echo "= 16); cells are generic gates and flops, depth is \`ltp -noff\` (the longest chain of gates"
  echo "between flops and ports)."
  echo
  echo "| configuration | rv64 cells | rv64 depth | rv32 cells | rv32 depth |"
  echo "|---------------|-----------:|-----------:|-----------:|-----------:|"
  awk -F'\t' 'NR > 1 { k = $1 SUBSEP $2; c[k] = $3; d[k] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END { for (i = 1; i <= n; i++) { w = order[i]; a = w SUBSEP "rv64"; b = w SUBSEP "rv32"
            printf "| %s | %s | %s | %s | %s |\n", w, c[a], d[a], c[b], d[b] } }' "$area_tsv"
  echo
  echo "## Simulation speed (rv64, default configuration, both ports active)"
  echo
  echo "bench_compare.sh's stimulus (\`--test bench --seed 1 --mem-latency 2\`, $speed_cycles cycles): a"
  echo "random data stream on the data port and a fetch stream with locality on the instruction"
  echo "port at the same time ($sp_data data-port and $sp_fetch fetch-port translations per run),"
  echo "full checking, waves off. Simulated cycles per CPU second, medians of 5 rounds; each round"
  echo "runs the three lines once, one after the other, on a shared machine. Goal: mmu_sim"
  echo ">= 1.5 M cycles per CPU second and >= 0.8 of the bare Verilator loop."
  echo
  echo "| run | cycles per CPU second | vs bare loop | translations per run (data + fetch) |"
  echo "|-----|----------------------:|-------------:|------------------------------------:|"
  echo "| mmu_sim (SystemC, full checking), default second level | $(human "$sp_a") | $(ratio "$sp_a" "$sp_b") | $sp_data + $sp_fetch |"
  echo "| mmu_sim_plain (bare Verilator loop, same checking core), default second level | $(human "$sp_b") | 1.00 | $(speed_of b 3) + $(speed_of b 4) |"
  echo "| mmu_sim, L1 TLBs alone (variant \`none\`) | $(human "$sp_l1") | $(ratio "$sp_l1" "$sp_b") | $(speed_of l1 3) + $(speed_of l1 4) |"
  echo
  echo "(The L1-alone run walks every L1 miss from the root, so the same cycles carry fewer"
  echo "translations: its rate is not the same work.)"
  echo
  awk -v a="$sp_a" -v b="$sp_b" 'BEGIN { printf "Goal check: %.2f M cycles per CPU second %s; %.2f of the bare loop %s.\n",
    a / 1e6, (a >= 1.5e6 ? "PASS" : "MISSED"), a / b, (a >= 0.8 * b ? "PASS" : "MISSED") }'
  if [ -s "$recorded" ]; then echo; cat "$recorded"; fi
} >"$md"

# The plot: PTE reads per L1 miss and mean L1-miss latency, with and without the second
# level, both builds: both ports together (top rows) and per port (bottom rows).
for xlen in 64 32; do
  awk -F'\t' -v x="rv$xlen" 'NR > 1 && $2 == x { k = $1 SUBSEP $3; ppm[k] = $16; lat[k] = $17
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END { for (i = 1; i <= n; i++) { w = order[i]; printf "%s %s %s %s %s\n", w, ppm[w SUBSEP "l2"], ppm[w SUBSEP "l1"],
            lat[w SUBSEP "l2"], lat[w SUBSEP "l1"] } }' "$tsv" >"$tmp/rv$xlen.dat"
  # Per port: workload, then (PTE reads per L1 miss, latency) for data L2, data L1 only,
  # fetch L2, fetch L1 only; "-" (no bar) where the port had no L1 miss.
  awk -F'\t' -v x="rv$xlen" 'NR > 1 && $2 == x { k = $1 SUBSEP $4 SUBSEP $3; ppm[k] = ($11 + 0 == 0 ? "-" : $10); lat[k] = ($11 + 0 == 0 ? "-" : $11)
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END { for (i = 1; i <= n; i++) { w = order[i]; printf "%s", w
            for (j = 1; j <= 4; j++) { k = w SUBSEP (j <= 2 ? "data" : "fetch") SUBSEP (j % 2 ? "l2" : "l1"); printf " %s %s", ppm[k], lat[k] }
            printf "\n" } }' "$ports_tsv" >"$tmp/ports_rv$xlen.dat"
done
gnuplot <<GP
set terminal pngcairo size 1400,1500 font "sans,10" noenhanced
set output "docs/second_level.png"
set multiplot layout 4,2 title "L2 TLB + walk cache vs L1 TLBs alone (16 entries per L1, seed 1, workloads --scale $scale)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set datafile missing "-"
set xtics rotate by -40 scale 0
set grid ytics
set key inside top center horizontal
set yrange [0:*]
set offsets 0, 0, graph 0.25, 0
do for [x in "rv64 rv32"] {
  set title x.", both ports: PTE reads per L1 miss"
  set ylabel "PTE reads per L1 miss"
  plot "$tmp/".x.".dat" using 2:xtic(1) title "L2 + walk cache", "" using 3 title "L1 only", \
       $goal with lines dt 2 lw 2 lc rgb "red" title "goal $goal"
}
do for [x in "rv64 rv32"] {
  set title x.", both ports: mean L1-miss latency"
  set ylabel "cycles"
  plot "$tmp/".x.".dat" using 4:xtic(1) title "L2 + walk cache", "" using 5 title "L1 only"
}
set offsets 0, 0, graph 0.45, 0
set key maxcols 3
do for [x in "rv64 rv32"] {
  set title x.", per port: PTE reads per L1 miss"
  set ylabel "PTE reads per L1 miss"
  plot "$tmp/ports_".x.".dat" using 2:xtic(1) title "data, L2 + walk cache" lc rgb "#1f77b4", "" using 4 title "data, L1 only" lc rgb "#aec7e8", \
       "" using 6 title "fetch, L2 + walk cache" lc rgb "#d62728", "" using 8 title "fetch, L1 only" lc rgb "#ff9896", \
       $goal with lines dt 2 lw 2 lc rgb "red" title "goal $goal"
}
do for [x in "rv64 rv32"] {
  set title x.", per port: mean L1-miss latency"
  set ylabel "cycles"
  plot "$tmp/ports_".x.".dat" using 3:xtic(1) title "data, L2 + walk cache" lc rgb "#1f77b4", "" using 5 title "data, L1 only" lc rgb "#aec7e8", \
       "" using 7 title "fetch, L2 + walk cache" lc rgb "#d62728", "" using 9 title "fetch, L1 only" lc rgb "#ff9896"
}
unset multiplot
GP
cat "$md"
echo "wrote $md, $tsv, $ports_tsv and docs/second_level.png"
