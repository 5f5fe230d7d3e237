#!/usr/bin/env bash
# A longer QEMU cross-check with fresh seeds:
#   bash xcheck/sweep.sh [N [SEED [SETS]]]
# N scenarios per build and feature set (default 1000), seeds from SEED (default: from
# the clock; printed, so a run can be repeated). SETS: comma-separated feature sets of
# gen.py (default "base,sv57,napot,pbmt,pmp,svinval"; base = the original scenarios, rv32
# and rv64; sv57, napot, pbmt: rv64; pmp, svinval: rv32 and rv64). Installs QEMU and the cross
# compiler (sim/setup.sh qemu), builds mmu_sim, then compares every scenario on the model
# and on QEMU and prints the figures per set. Scenarios with an unexplained difference
# are copied to build/xcheck-sweep/SET/failing/ (rerun one with
# `python3 xcheck/xcheck.py qemu FILE` to see QEMU's lines beside the model's).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
seed=${2:-$(( $(date +%s) % 100000000 * 1000 ))}
sets=${3:-base,sv57,napot,pbmt,pmp,svinval}
bash sim/setup.sh qemu
if [ ! -x build/sim/mmu_sim ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release --log-level=WARNING >/dev/null
  cmake --build build -j2 --target mmu_sim >/dev/null
fi
status=0
for set in ${sets//,/ }; do
  case $set in
    base) args=(--build all) ;;
    pmp|svinval) args=(--build all --features "$set") ;;
    sv57|napot|pbmt) args=(--build rv64 --features "$set") ;;
    *) echo "sweep.sh: unknown set '$set' (base, sv57, napot, pbmt, pmp, svinval)"; exit 2 ;;
  esac
  echo "xcheck sweep [$set]: $n scenarios per build, seeds $seed..$((seed + n - 1))"
  rm -rf "build/xcheck-sweep/$set/failing"
  python3 xcheck/xcheck.py generated "${args[@]}" --seed "$seed" --count "$n" \
    --mmu-sim build/sim/mmu_sim --work "build/xcheck-sweep/$set" --keep "build/xcheck-sweep/$set/failing" || status=1
done
exit $status
