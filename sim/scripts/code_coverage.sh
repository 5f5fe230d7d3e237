#!/usr/bin/env bash
# Verilator code coverage of rtl/ (line — which counts every branch arm — and toggle)
# over a regression subset: every test preset, both builds, TLB sizes 8 and 16, several
# memory profiles, the scenarios and the OS workloads. Merged with verilator_coverage,
# exported to lcov and rendered with genhtml into build-cov/html/index.html; annotated
# sources in build-cov/annotated/. Prints the line and toggle figures.
# Usage: sim/scripts/code_coverage.sh [MIN_LINE_PCT]   (fails below it; default 95)
set -euo pipefail
cd "$(dirname "$0")/../.."
min=${1:-95}
bash sim/setup.sh coverage
cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Release -DMMU_VARIANTS="rv32:8;rv32:16;rv64:8;rv64:16" \
  -DMMU_WAVE_VARIANTS= -DMMU_VERILATOR_FLAGS=--coverage --log-level=WARNING
cmake --build build-cov -j"$(nproc)" --target mmu_sim >/dev/null
dat=build-cov/vcov
rm -rf "$dat" build-cov/html build-cov/annotated
mkdir -p "$dat"
export MMU_CODE_COVERAGE_DIR=$PWD/$dat
sim=build-cov/sim/mmu_sim
runs=0
for build in rv32 rv64; do
  for n in 8 16; do
    for t in random hits walks faults sfence csr svadu buserr reset; do
      for profile in "--mem-latency 1" "--mem-latency 1-8 --backpressure 0.4 --error-rate 0.01"; do
        $sim --test "$t" --build "$build" --tlb-entries "$n" --seed 3 --cycles 100000 $profile --quiet
        runs=$((runs + 1))
      done
    done
  done
  for w in seq_scan random strided working_set fork shm mmap protect; do
    $sim --workload "$w" --build "$build" --quiet --ad hw; $sim --workload "$w" --build "$build" --quiet --ad fault
    runs=$((runs + 2))
  done
done
for f in tests/scenarios/[0-9]*.txt; do $sim --scenario "$f" >/dev/null; runs=$((runs + 1)); done
verilator_coverage --write build-cov/merged.dat "$dat"/*.dat
verilator_coverage --write-info build-cov/merged.info build-cov/merged.dat
verilator_coverage --annotate build-cov/annotated build-cov/merged.dat >/dev/null
genhtml -q build-cov/merged.info -o build-cov/html --title "rvmmu RTL coverage" >/dev/null 2>&1 || true
echo "code coverage: $runs runs merged"
lcov --summary build-cov/merged.info 2>&1 | grep -E "lines|branches" || true
line=$(lcov --summary build-cov/merged.info 2>&1 | sed -n 's/.*lines\.*: \([0-9.]*\)%.*/\1/p')
echo "HTML: build-cov/html/index.html   annotated sources: build-cov/annotated/"
awk -v l="$line" -v m="$min" 'BEGIN {exit !(l >= m)}' || { echo "code coverage: line coverage $line% is below $min%"; exit 1; }
