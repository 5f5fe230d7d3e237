#!/usr/bin/env bash
# Side-by-side simulation benchmark on one stimulus (the `bench` test: random translations
# over a random Sv39 page table, hits and misses, memory latency 2), medians of RUNS runs:
#   (a) mmu_sim: SystemC testbench, full cycle-by-cycle checking, waves off
#   (b) mmu_sim_plain: the same RTL and checking core under a bare Verilator loop
#   (c) Icarus Verilog replaying the same requests and page tables (no checking possible)
#   (d) the golden model alone on the same requests
#   (e) cocotb 2 + Icarus Verilog replaying a cycle trace of the same stimulus (every input
#       driven from the recording, every output checked every cycle; medians of 3 at most)
#   (f) the same with cocotb 1.8.1 + Verilator 5.006 (Debian's; the newest cocotb for it)
#   (a) again with FST waves on
#   and (a) with --sc-quantum 8: SystemC wakes every 8 cycles (temporal decoupling)
# Usage: sim/bench/bench_compare.sh [CYCLES] [RUNS] [BUILD]   (defaults 2000000 5 rv64)
set -euo pipefail
cd "$(dirname "$0")/../.."
. sim/bench/lib.sh
cycles=${1:-2000000}
runs=${2:-5}
build=${3:-rv64}
icarus_cycles=20000
bash sim/setup.sh python   # python: the venv with cocotb
[ -x build/sim/mmu_sim ] && [ -x build/sim/model_bench ] || bash sim/build.sh >/dev/null
work=$(mktemp -d /tmp/mmu_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
common=(--test bench --seed 1 --build "$build" --tlb-entries 16 --mem-latency 2)

measure() {  # command...: medians of cycles/s, translations/s (wall) and cycles per CPU second
  local c=() t=() u=() line
  for ((i = 0; i < runs; i++)); do
    line=$("$@" | awk '/^  speed/ {print $2, $4, $(NF - 4)}')
    read -r lc lt lu <<<"$line"
    c+=("$lc"); t+=("$lt"); u+=("$lu")
  done
  echo "$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${t[@]}" | median) $(printf '%s\n' "${u[@]}" | median)"
}

echo "bench: $build, 16 TLB entries, memory latency 2, seed 1; medians of $runs runs" >&2
read -r a_c a_t a_u < <(measure build/sim/mmu_sim "${common[@]}" --cycles "$cycles")
read -r q_c q_t q_u < <(measure build/sim/mmu_sim "${common[@]}" --cycles "$cycles" --sc-quantum 8)
read -r b_c b_t b_u < <(measure build/sim/mmu_sim_plain "${common[@]}" --cycles "$cycles")
read -r w_c w_t w_u < <(measure build/sim/mmu_sim "${common[@]}" --cycles $((cycles / 10)) --wave "$work/bench.fst")

# (c) and (d): record the stimulus, replay it.
mkdir -p "$work/small" "$work/big"
build/sim/mmu_sim "${common[@]}" --cycles "$icarus_cycles" --dump-stimulus "$work/small" --quiet
build/sim/mmu_sim "${common[@]}" --cycles "$cycles" --dump-stimulus "$work/big" --quiet
cfg() { sed -n "s/^$2=//p" "$1/config.txt"; }
xlen=$((16#$(cfg "$work/small" xlen)))
words=$((16#$(cfg "$work/small" mem_words)))
nreq=$((16#$(cfg "$work/small" requests)))
iverilog -g2012 -P tb_replay.Xlen="$xlen" -P tb_replay.MemWords="$words" -P tb_replay.MaxReqs="$nreq" \
  -o "$work/replay.vvp" rtl/mmu_pkg.sv tb/icarus/tb_replay.sv $(ls rtl/*.sv | grep -v _pkg.sv)
plusargs=$(grep -v -E '^(xlen|cycles|mem_words|requests)=' "$work/small/config.txt" | sed 's/^/+/' | tr '\n' ' ')
c_cycles=0
secs=()
for ((i = 0; i < runs; i++)); do
  out=$(cd "$work/small" && vvp -n "$work/replay.vvp" +nreq="$(printf %x "$nreq")" $plusargs)
  c_cycles=$(echo "$out" | sed -n 's/^replay: cycles=\([0-9]*\) .*/\1/p')
  secs+=("$(wall bash -c "cd '$work/small' && vvp -n '$work/replay.vvp' +nreq=$(printf %x "$nreq") $plusargs")")
done
c_secs=$(printf '%s\n' "${secs[@]}" | median)
c_c=$(awk -v n="$c_cycles" -v s="$c_secs" 'BEGIN {print n / s}')
c_t=$(awk -v n="$nreq" -v s="$c_secs" 'BEGIN {print n / s}')
# (e) and (f): a cycle trace of the same stimulus, as long as (c)'s, replayed under cocotb
# on Icarus (cocotb 2) and on Verilator 5.006 (cocotb 1.8.1); medians of 3 runs at most.
build/sim/mmu_sim "${common[@]}" --cycles "$icarus_cycles" --record-trace "$work/small.trace" --quiet
cocotb_measure() {  # SIMULATOR: medians of cycles/s, cycles per CPU second, translations/s
  local c=() u=() t=() lc lu lt
  for ((i = 0; i < (runs < 3 ? runs : 3); i++)); do
    python3 sim/scripts/cocotb_replay.py "$work/small.trace" --simulator "$1" --work "$work/cocotb_$1" \
      --json "$work/cocotb.json" >/dev/null
    read -r lc lu lt < <(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(r["cycles"] / r["wall_seconds"], r["cycles"] / r["cpu_seconds"], int(sys.argv[2], 16) / r["wall_seconds"])' \
      "$work/cocotb.json" "$(cfg "$work/small" requests)")
    c+=("$lc"); u+=("$lu"); t+=("$lt")
  done
  echo "$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${u[@]}" | median) $(printf '%s\n' "${t[@]}" | median)"
}
read -r e_c e_u e_t < <(cocotb_measure icarus)
read -r f_c f_u f_t < <(cocotb_measure verilator)
d_t=$(build/sim/model_bench "$work/big" "$((runs < 3 ? 3 : runs))" | sed -n 's/.*: \([0-9]*\) translations\/s/\1/p')

ratio() { awk -v x="$1" -v y="$b_c" 'BEGIN {printf "%.2f", x / y}'; }
printf '\n%-58s %12s %16s %10s\n' "run ($build, tlb 16, latency 2)" "cycles/s" "translations/s" "vs (b)"
printf '%-58s %12s %16s %10s\n' "(a) mmu_sim: SystemC, full checking, waves off" "$(human "$a_c")" "$(human "$a_t")" "$(ratio "$a_c")"
printf '%-58s %12s %16s %10s\n' "(a) with --sc-quantum 8 (SystemC wakes every 8 cycles)" "$(human "$q_c")" "$(human "$q_t")" "$(ratio "$q_c")"
printf '%-58s %12s %16s %10s\n' "(b) mmu_sim_plain: Verilator loop, same checking core" "$(human "$b_c")" "$(human "$b_t")" "1.00"
printf '%-58s %12s %16s %10s\n' "(c) Icarus Verilog replay (no model checking possible)" "$(human "$c_c")" "$(human "$c_t")" "$(ratio "$c_c")"
printf '%-58s %12s %16s %10s\n' "(d) golden model alone (no RTL, no timing)" "-" "$(human "$d_t")" "-"
printf '%-58s %12s %16s %10s\n' "(e) cocotb 2.1 + Icarus 11: every output checked every cycle" "$(human "$e_c")" "$(human "$e_t")" "$(ratio "$e_c")"
printf '%-58s %12s %16s %10s\n' "(f) cocotb 1.8.1 + Verilator 5.006: the same checks" "$(human "$f_c")" "$(human "$f_t")" "$(ratio "$f_c")"
printf '%-58s %12s %16s %10s\n' "(a) with FST waves on" "$(human "$w_c")" "$(human "$w_t")" "$(ratio "$w_c")"
echo
printf '%-58s %16s %10s\n' "CPU time (steadier on a shared machine)" "cycles/CPU-s" "vs (b)"
cpu_ratio() { awk -v x="$1" -v y="$b_u" 'BEGIN {printf "%.2f", x / y}'; }
printf '%-58s %16s %10s\n' "(a) mmu_sim: SystemC, full checking, waves off" "$(human "$a_u")" "$(cpu_ratio "$a_u")"
printf '%-58s %16s %10s\n' "(a) with --sc-quantum 8" "$(human "$q_u")" "$(cpu_ratio "$q_u")"
printf '%-58s %16s %10s\n' "(b) mmu_sim_plain: Verilator loop, same checking core" "$(human "$b_u")" "1.00"
printf '%-58s %16s %10s\n' "(a) with FST waves on (the trace thread's CPU counts)" "$(human "$w_u")" "$(cpu_ratio "$w_u")"
printf '%-58s %16s %10s\n' "(e) cocotb 2.1 + Icarus 11: every output checked every cycle" "$(human "$e_u")" "$(cpu_ratio "$e_u")"
printf '%-58s %16s %10s\n' "(f) cocotb 1.8.1 + Verilator 5.006: the same checks" "$(human "$f_u")" "$(cpu_ratio "$f_u")"
echo
awk -v a="$a_c" -v b="$b_c" -v c="$c_c" -v w="$w_c" 'BEGIN {
  printf "targets: (a) >= 50%% of (b): %.0f%% %s; (a) >= 100x (c): %.0fx %s; (a) >= 1.5 M cycles/s: %.2f M %s\n",
    100 * a / b, (a >= 0.5 * b ? "met" : "MISSED"), a / c, (a >= 100 * c ? "met" : "MISSED"), a / 1e6, (a >= 1.5e6 ? "met" : "MISSED")
  printf "waves on cost: %.0f%% of (a)\n", 100 * (1 - w / a) }'
awk -v a="$a_u" -v e="$e_u" -v f="$f_u" -v n="$icarus_cycles" 'BEGIN {
  printf "cocotb: (a) >= 200x cocotb in cycles per CPU second: (e) Icarus %.0fx %s, (f) Verilator %.0fx %s ((e), (f): a %d-cycle trace of the same stimulus)\n",
    a / e, (a >= 200 * e ? "met" : "MISSED"), a / f, (a >= 200 * f ? "met" : "MISSED"), n }'
echo "Icarus replay: $c_cycles cycles for $nreq requests (mmu_sim: $((16#$(cfg "$work/small" cycles))) cycles, same counters)"
