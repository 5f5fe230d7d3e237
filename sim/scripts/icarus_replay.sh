#!/usr/bin/env bash
# Icarus Verilog simulates the RTL (assertions included) on a stimulus mmu_sim recorded,
# and must count what mmu_sim counted: the same TLB hits, misses and walks. It shows the
# RTL runs on a second simulator, not only compiles there.
#   icarus_replay.sh MMU_SIM WORKDIR [CYCLES]
set -euo pipefail
sim=$1
work=$2
cycles=${3:-4000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$work"
summary=$("$sim" --test bench --seed 1 --cycles "$cycles" --mem-latency 2 --dump-stimulus "$work")
cfg() { sed -n "s/^$1=//p" "$work/config.txt"; }
xlen=$((16#$(cfg xlen)))
words=$((16#$(cfg mem_words)))
nreq=$((16#$(cfg requests)))
iverilog -g2012 -P tb_replay.Xlen="$xlen" -P tb_replay.MemWords="$words" -P tb_replay.MaxReqs="$nreq" \
  -o "$work/replay.vvp" "$here/rtl/mmu_pkg.sv" "$here/tb/icarus/tb_replay.sv" \
  $(ls "$here"/rtl/*.sv | grep -v '_pkg\.sv$')
plusargs=$(grep -v -E '^(xlen|cycles|mem_words|requests)=' "$work/config.txt" | sed 's/^/+/' | tr '\n' ' ')
out=$(cd "$work" && vvp -n "$work/replay.vvp" +nreq="$(printf %x "$nreq")" $plusargs)
echo "$out" | grep -v readmemh
if echo "$out" | grep -q -i "assert"; then
  echo "icarus_replay: an RTL assertion failed under Icarus" >&2
  exit 1
fi
# mmu_sim's counters: "translations N (TLB hits H = ..., misses M, ...)", "walks W (...)".
want=$(echo "$summary" | awk '/^  translations/ {gsub(/[(,]/, " "); for (i = 1; i <= NF; ++i) {
         if ($i == "hits") h = $(i + 1); if ($i == "misses") m = $(i + 1) } }
       /^  walks/ {w = $2} END {print "hits=" h " misses=" m " walks=" w}')
got=$(echo "$out" | sed -n 's/.* \(hits=[0-9]* misses=[0-9]* walks=[0-9]*\) .*/\1/p')
echo "mmu_sim: $want"
echo "icarus:  $got"
[[ "$want" == "$got" ]] || { echo "icarus_replay: counters differ" >&2; exit 1; }
