#!/usr/bin/env bash
# Opens a GTKWave save file of the project headless (Xvfb) with a fresh mmu_sim waveform
# and checks that its translate filters load and decode (check_filters.py).
#   check_gtkw.sh MMU_SIM GTKW WORKDIR
#   check_gtkw.sh unit          the filters' unit test alone (test_filters_unit.py)
# Exit 77 (CTest skip) when gtkwave, Xvfb or python3 is missing: bash sim/setup.sh installs them.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "${1:-}" = unit ]; then
  command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed (bash sim/setup.sh installs it)"; exit 77; }
  exec python3 "$here/test_filters_unit.py"
fi
for tool in gtkwave fst2vcd xvfb-run xauth python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (bash sim/setup.sh installs it)"
    exit 77
  fi
done
mmu_sim=$1 gtkw=$(realpath "$2") work=$3
name=$(basename "$gtkw" .gtkw)          # mmu_rv64
build=${name#mmu_}                      # rv64
mkdir -p "$work"
fst="$work/$name.fst"
rm -f "$fst"
# A mismatch (exit 1) is the regression's business; here only the waveform matters.
"$mmu_sim" --test random --seed 1 --cycles 1500 --mem-latency 2 --build "$build" \
  --wave "$fst" --quiet || echo "note: mmu_sim exited with status $? (the waveform is used anyway)"
[ -s "$fst" ] || { echo "FAIL: mmu_sim wrote no waveform $fst"; exit 1; }

# Run GTKWave from the work directory, not the repository root: the filters must be
# found next to the save file (its [savefile] line), whatever the current directory.
cd "$work"
rm -f "$name.dump" "$name.log"
python3 "$here/check_filters.py" --gtkw "$gtkw" --fst "$fst" --times 300 >"$name.times" || exit 1
MMU_WAVE_DUMP="$work/$name.dump" MMU_WAVE_TIMES="$work/$name.times" timeout 300 \
  xvfb-run -a -s "-screen 0 1600x1000x24" gtkwave -S "$here/dump_traces.tcl" "$fst" "$gtkw" \
  >"$name.log" 2>&1
rc=$?
if [ ! -s "$name.dump" ]; then
  echo "FAIL: GTKWave (exit $rc) wrote no trace dump; its output:"
  cat "$name.log"
  exit 1
fi
python3 "$here/check_filters.py" --gtkw "$gtkw" --fst "$fst" --dump "$name.dump" --log "$name.log"
