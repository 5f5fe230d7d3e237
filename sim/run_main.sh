#!/usr/bin/env bash
# The main job: set up, build, and run the default RTL simulation (constrained-random
# stimulus, checked cycle by cycle against the golden model) for both builds, writing a
# waveform of the first 20000 cycles of each into waves/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash sim/setup.sh
bash sim/build.sh
for build in rv64 rv32; do
  echo
  build/sim/mmu_sim --test random --build "$build" --seed 1 --wave "mmu_$build.fst" --wave-stop 20000
done
echo
echo "waves: gtkwave waves/mmu_rv64.fst waves/mmu_rv64.gtkw   (and the same for rv32)"
