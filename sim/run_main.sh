#!/usr/bin/env bash
# The main job: set up, build, and run the example scenarios through the golden model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash sim/setup.sh
bash sim/build.sh
for f in tests/scenarios/[0-9]*.txt; do
  echo "== $f"
  build/sim/mmu_sim --model-only --scenario "$f"
done
