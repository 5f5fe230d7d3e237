#!/usr/bin/env bash
# A longer QEMU cross-check with fresh seeds:
#   bash xcheck/sweep.sh [N [SEED]]     N scenarios per build (default 1000), seeds from SEED
# (default: from the clock; printed, so a run can be repeated). Installs QEMU and the
# cross compiler (sim/setup.sh qemu), builds mmu_sim, then compares every scenario on
# the model and on QEMU and prints the figures. Scenarios with an unexplained difference
# are copied to build/xcheck-sweep/failing/ (rerun one with
# `python3 xcheck/xcheck.py qemu FILE` to see QEMU's lines beside the model's).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
seed=${2:-$(( $(date +%s) % 100000000 * 1000 ))}
bash sim/setup.sh qemu
if [ ! -x build/sim/mmu_sim ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release --log-level=WARNING >/dev/null
  cmake --build build -j2 --target mmu_sim >/dev/null
fi
echo "xcheck sweep: $n scenarios per build, seeds $seed..$((seed + n - 1))"
rm -rf build/xcheck-sweep/failing
exec python3 xcheck/xcheck.py generated --build all --seed "$seed" --count "$n" \
  --mmu-sim build/sim/mmu_sim --work build/xcheck-sweep --keep build/xcheck-sweep/failing
