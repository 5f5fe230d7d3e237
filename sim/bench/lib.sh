# Helpers shared by the benchmark scripts (sourced, not run).

# Median of the numbers on standard input.
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# "cycles/s translations/s" of one mmu_sim run (its summary's speed line, wall clock).
sim_speed() { "$@" | awk '/^  speed/ {print $2, $4}'; }

# Simulated cycles per CPU second of one mmu_sim run (its summary's speed line): on a
# shared, noisy machine CPU time is the steadier figure.
sim_cpu_speed() { "$@" | awk '/^  speed/ {print $(NF - 4)}'; }

# Wall-clock seconds of a command (its output discarded).
wall() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
}

# Human-readable rate: 1234567 -> "1.23 M".
human() { awk -v x="$1" 'BEGIN {if (x >= 1e6) printf "%.2f M", x / 1e6; else if (x >= 1e3) printf "%.1f k", x / 1e3; else printf "%.0f", x}'; }

# Build build-bench/ with the rv64 RTL at every TLB size in SIZES (untraced), for the
# benchmarks and plots that sweep the TLB size.
build_bench_variants() {
  local sizes=$1 variants
  variants=$(for n in $sizes; do printf 'rv64:%s;' "$n"; done)
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMMU_VARIANTS="${variants%;}" -DMMU_WAVE_VARIANTS= \
    --log-level=WARNING
  cmake --build build-bench -j"$(nproc)" --target mmu_sim >/dev/null
}
