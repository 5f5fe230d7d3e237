#!/usr/bin/env bash
# Fuzz the scenario reader and mmu_sim's option parser with libFuzzer (Debian's clang),
# under AddressSanitizer and UBSan. Usage: sim/scripts/fuzz.sh [SECONDS_PER_TARGET]
# (default 300: two targets, ten minutes). A crash, hang (>5 s) or sanitizer report fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-300}
bash sim/setup.sh fuzz
CXX=clang++ CC=clang cmake -S . -B build-fuzz -DMMU_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING
cmake --build build-fuzz -j"$(nproc)"
for t in scenario options; do
  corpus=build-fuzz/corpus-$t
  mkdir -p "$corpus"
  cp tests/fuzz/corpus/$t/* "$corpus"/
  echo "fuzz: $t for ${secs}s"
  build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -close_fd_mask=3 \
    -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$t-" "$corpus" 2>&1 | tail -n 12
done
echo "fuzz: no crash, hang or sanitizer report"
