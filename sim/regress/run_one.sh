#!/usr/bin/env bash
# One run of a fresh-seed sweep (sim/regress.sh), the same on every backend:
#   run_one.sh OUT [INDEX]
# runs line INDEX of OUT/plan.tsv (INDEX defaults to $SLURM_ARRAY_TASK_ID: one task of a
# SLURM job array) under a timeout, writing OUT/runs/NNNN.{out,err,json,status}. After a
# failure it runs the printed reproduce line once, exactly as printed (its --wave writes a
# waveform of the cycles before the failure), into NNNN.rerun.{out,err,status}. Prints one
# line. Exit status 0 once the result is recorded, whatever it is (sweep.py merge reads
# it); nonzero only when the run could not be started at all.
# OUT/sweep.env (written by regress.sh) gives SIM, TIMEOUT, RUNS and RERUN.
set -uo pipefail
out=${1:?usage: run_one.sh OUT [INDEX]}
idx=${2:-${SLURM_ARRAY_TASK_ID:-}}
if [ -z "$idx" ]; then
  echo "run_one: no INDEX and no SLURM_ARRAY_TASK_ID" >&2
  exit 2
fi
# shellcheck source=/dev/null
. "$out/sweep.env" || exit 2
line=$(awk -F'\t' -v i="$idx" 'NR > 1 && $1 == i' "$out/plan.tsv")
if [ -z "$line" ]; then
  echo "run_one: no run $idx in $out/plan.tsv" >&2
  exit 2
fi
IFS=$'\t' read -r _ seed test build tlb profile args <<<"$line"
eval "argv=($args)"  # shell-quoted by sweep.py (shlex.join)
base=$(printf '%s/runs/%04d' "$out" "$idx")
rm -f "$base".*
cmd=("$SIM" "${argv[@]}" --coverage "$base.json" --coverage-name "run $idx: $test $build tlb$tlb $profile seed $seed")

t0=$(date +%s.%N)
timeout -k 10 "$TIMEOUT" "${cmd[@]}" >"$base.out" 2>"$base.err"
rc=$?
t1=$(date +%s.%N)
seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
timed_out=$(awk -v s="$seconds" -v t="$TIMEOUT" -v rc="$rc" 'BEGIN { print (rc == 124 || (rc == 137 && s >= t)) ? 1 : 0 }')
{
  echo "rc=$rc"
  echo "seconds=$seconds"
  echo "host=$(hostname)"
  echo "slurm=${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} (job ${SLURM_JOB_ID})}"
  [ "$timed_out" = 1 ] && echo "timeout=$TIMEOUT"
  printf 'command='; printf '%q ' "${cmd[@]}"; echo
} >"$base.status.tmp"

rerun=""
repro=$(sed -n 's/^  reproduce: //p' "$base.err" | head -n 1)
if [ "$rc" = 1 ] && [ "${RERUN:-1}" = 1 ] && [ -n "$repro" ]; then
  (cd "$out" && timeout -k 10 "$TIMEOUT" sh -c "$repro") >"$base.rerun.out" 2>"$base.rerun.err"
  echo "rc=$?" >"$base.rerun.status"
  wave=$(sed -n 's/^  waveform: //p' "$base.rerun.err" | head -n 1)
  rerun="; rerun with waves${wave:+: $wave}"
fi
mv "$base.status.tmp" "$base.status"  # last: a status file means a finished run

what="seed $seed $test $build tlb$tlb $profile"
n=$(printf '%*d/%d' "${#RUNS}" $((idx + 1)) "$RUNS")
if [ "$rc" = 0 ]; then
  cycles=$(sed -n 's/^  cycles  *\([0-9]*\).*/\1/p' "$base.out")
  tr=$(sed -n 's/^  translations  *\([0-9]*\).*/\1/p' "$base.out")
  echo "regress: [$n] PASS     $what: $cycles cycles, $tr translations (${seconds} s)"
elif [ "$timed_out" = 1 ]; then
  echo "regress: [$n] TIMEOUT  $what: killed after $TIMEOUT s"
elif [ "$rc" = 1 ]; then
  echo "regress: [$n] FAIL     $what: $(grep -m1 -E '^mmu_sim: (MISMATCH|FAILED)' "$base.err" | sed 's/^mmu_sim: //')$rerun"
else
  echo "regress: [$n] ERROR    $what: exit status $rc: $(grep -m1 . "$base.err")"
fi
exit 0
