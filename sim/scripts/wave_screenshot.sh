#!/usr/bin/env bash
# Renders a GTKWave view of a short rv64 simulation, headless (Xvfb), into
# docs/wave_rv64.png: the picture in the README. Usage: sim/scripts/wave_screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash sim/setup.sh screenshot
[ -x build/sim/mmu_sim ] || bash sim/build.sh
build/sim/mmu_sim --test random --seed 4 --cycles 400 --mem-latency 2 --wave /tmp/mmu_shot.fst --quiet
mkdir -p docs
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  gtkwave /tmp/mmu_shot.fst waves/mmu_rv64.gtkw >/dev/null 2>&1 &
  pid=$!
  sleep 6
  import -window root docs/wave_rv64.png
  kill $pid'
echo "wrote docs/wave_rv64.png"
