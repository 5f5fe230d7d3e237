#!/usr/bin/env bash
# Renders the tutorial's GTKWave picture, headless (Xvfb): the Sv32 walk of
# docs/tutorial/sv32_walk.txt in waves/mmu_rv32.gtkw, from the first cycle, into
# docs/tutorial/sv32_walk.png. Usage: sim/scripts/tutorial_screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash sim/setup.sh screenshot
[ -x build/sim/mmu_sim ] || bash sim/build.sh
build/sim/mmu_sim --scenario docs/tutorial/sv32_walk.txt --wave tutorial_sv32.fst >/dev/null
# The save file as it is, but shown from time 0 with the marker on the walk's answer
# (65 ns: the walk's response; the TLB hit answers at 85 ns). The copy sits next to the original so that its
# relative filter paths resolve the same way; it is removed afterwards.
save=waves/.tutorial_sv32.gtkw
trap 'rm -f "$save"' EXIT
sed -e 's/^\[timestart\] .*/[timestart] 0/' -e 's/^\*-6\.000000 [0-9]* /*-5.000000 65 /' -e 's/^\[sst_expanded\] 1/[sst_expanded] 0/' \
  waves/mmu_rv32.gtkw >"$save"
xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  gtkwave waves/tutorial_sv32.fst '"$save"' >/dev/null 2>&1 &
  pid=$!
  sleep 6
  import -window root docs/tutorial/sv32_walk.png
  kill $pid'
echo "wrote docs/tutorial/sv32_walk.png"
