#!/usr/bin/env bash
# Fresh-seed sweep: N runs of the constrained-random tests with fresh seeds, spread over
# random tests x compiled RTL variants (build, TLB entries) x memory profiles, in parallel
# on the local cores (xargs -P) or as a SLURM job array. Each run has a timeout; a failing
# run is rerun once with its printed reproduce line (which writes a waveform). The results
# are merged into one JUnit file (a test case per run, with properties seed, check,
# expected, seen), merged functional coverage, and a summary with the failures grouped by
# the check that failed. Exit status 1 when any run failed, 2 on bad usage.
#
#   sim/regress.sh [options] [-- mmu_sim options for every run]
#     -n, --runs N|all      runs (default 40); all: one run of each cell of the matrix
#     -c, --cycles N        cycles per run (default 300000, as the fixed-seed regression)
#     -b, --backend B       local (default) or slurm
#     -j, --jobs N          local: runs at once (default nproc); slurm: at most N array tasks at once
#     -t, --timeout S       per-run timeout in seconds (default 600; a rerun has its own)
#     -o, --out DIR         results (default build/regress/DATE-TIME-PID); a sweep already
#                           there is replaced
#     -s, --seed S          sweep seed: every run's seed derives from it (default from /dev/urandom);
#                           the same seed and options plan the same runs
#     --tests a,b           only these random tests (default: all of mmu_sim --list)
#     --variants rv64:16,.. only these RTL variants (default: all compiled)
#     --profiles fast,..    only these memory profiles (default: all of sim/regress/profiles.txt)
#     --sim PATH            mmu_sim (default build/sim/mmu_sim); mmu_cov is taken next to it
#     --no-rerun            do not rerun failures with waves
#     --sbatch ARGS         more sbatch options (slurm backend), e.g. "--partition=sim --qos=low"
#     --merge DIR           only merge the results in DIR again (e.g. after an interrupted sweep)
#
# Files in the results directory: plan.tsv (every run: index, seed, test, variant, profile,
# mmu_sim options), runs/NNNN.* (output, status, coverage, rerun), slurm/ (SLURM logs),
# junit.xml, summary.txt, failures.tsv, coverage.txt, coverage.html and regress.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/sim/regress

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit "${1:-2}"
}
die() {
  echo "regress: error: $*" >&2
  exit 2
}
posint() {  # option value
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer, not '$2'"
}

runs=40 cycles=300000 backend=local jobs="" timeout=600 out="" seed="" sim="$root/build/sim/mmu_sim"
rerun=1 tests="" variants="" profiles="" sbatch_args="" merge_only="" extra=()
while [ $# -gt 0 ]; do
  opt=$1
  case "$opt" in
    -h|--help) usage 0 ;;
    --no-rerun) rerun=0; shift; continue ;;
    --) shift; extra=("$@"); break ;;
  esac
  [ $# -ge 2 ] || die "$opt needs a value (see --help)"
  val=$2
  case "$opt" in
    -n|--runs) [ "$val" = all ] || posint "$opt" "$val"; runs=$val ;;
    -c|--cycles) posint "$opt" "$val"; cycles=$val ;;
    -b|--backend) [[ $val =~ ^(local|slurm)$ ]] || die "--backend is local or slurm, not '$val'"; backend=$val ;;
    -j|--jobs) posint "$opt" "$val"; jobs=$val ;;
    -t|--timeout) posint "$opt" "$val"; timeout=$val ;;
    -o|--out) out=$val ;;
    -s|--seed) [[ $val =~ ^[0-9]+$ ]] || die "--seed needs a non-negative integer, not '$val'"; seed=$val ;;
    --tests) tests=$val ;;
    --variants) variants=$val ;;
    --profiles) profiles=$val ;;
    --sim) sim=$val ;;
    --sbatch) sbatch_args=$val ;;
    --merge) merge_only=$val ;;
    *) die "unknown option '$opt' (see --help)" ;;
  esac
  shift 2
done

if [ -n "$merge_only" ]; then
  [ -f "$merge_only/plan.tsv" ] || die "no plan.tsv in $merge_only"
  out=$(cd "$merge_only" && pwd)
  # shellcheck source=/dev/null
  . "$out/sweep.env"
  sim=$SIM
else
  [ -x "$sim" ] || die "no mmu_sim at $sim (build first, or --sim PATH)"
  sim=$(cd "$(dirname "$sim")" && pwd)/$(basename "$sim")
  [ -n "$seed" ] || seed=$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')
  [ -n "$out" ] || out=$root/build/regress/$(date +%Y%m%d-%H%M%S)-$$
  if [ -e "$out/plan.tsv" ]; then  # a previous sweep: its files go
    rm -rf "${out:?}/runs" "$out/slurm"
    rm -f "$out"/{plan.tsv,sweep.env,junit.xml,summary.txt,failures.tsv,coverage.txt,coverage.html,coverage.log,regress.log}
  fi
  mkdir -p "$out/runs" "$out/slurm"
  out=$(cd "$out" && pwd)
  {
    echo "SIM=$(printf '%q' "$sim")"
    echo "TIMEOUT=$timeout"
    echo "RERUN=$rerun"
    echo "SWEEP_SEED=$seed"
    echo "BACKEND=$backend"
    echo "CYCLES=$cycles"
  } >"$out/sweep.env"
fi
cov=$(dirname "$sim")/mmu_cov
start=$(date +%s)
# Everything printed also goes to OUT/regress.log (sweep seed, every run's seed and result,
# summary), e.g. for CI to show after a CTest run.
if [ -n "$merge_only" ]; then
  exec > >(tee -a "$out/regress.log") 2>&1
else
  exec > >(tee "$out/regress.log") 2>&1
fi
teepid=$!

if [ -z "$merge_only" ]; then
  python3 "$here/sweep.py" plan "$out" --sim "$sim" --runs "$([ "$runs" = all ] && echo 0 || echo "$runs")" \
    --cycles "$cycles" --seed "$seed" --tests "$tests" --variants "$variants" --profiles "$profiles" \
    --extra="${extra[*]:-}"
  runs=$(($(wc -l <"$out/plan.tsv") - 1))
  echo "RUNS=$runs" >>"$out/sweep.env"
  echo "regress: results in $out; the plan (every run's seed) in $out/plan.tsv"
  echo "regress: the same sweep again: $0 --seed $seed --runs $runs --cycles $cycles${tests:+ --tests $tests}${variants:+ --variants $variants}${profiles:+ --profiles $profiles} --backend $backend${extra:+ -- ${extra[*]}}"
  case "$backend" in
    local)
      jobs=${jobs:-$(nproc 2>/dev/null || echo 2)}
      echo "regress: $runs runs, $jobs at a time on $(hostname), timeout $timeout s each"
      # run_one.sh exits 0 once it has recorded the result; xargs fails only when a run
      # could not start, which the merge reports as "did not run".
      seq 0 $((runs - 1)) | xargs -P "$jobs" -n 1 bash "$here/run_one.sh" "$out" || true
      ;;
    slurm)
      command -v sbatch >/dev/null || die "sbatch not found (bash sim/setup.sh slurm; SLURM_CONF names the cluster)"
      # The task time limit covers the run and its rerun, in minutes.
      minutes=$(((2 * timeout + 60 + 59) / 60))
      echo "regress: submitting a job array of $runs tasks${jobs:+, at most $jobs at once}, timeout $timeout s each"
      # shellcheck disable=SC2086
      if ! sbatch --wait --array="0-$((runs - 1))${jobs:+%$jobs}" --job-name=mmu-regress --ntasks=1 \
          --cpus-per-task=1 --time="$minutes" --output="$out/slurm/%A_%a.log" --chdir="$out" \
          $sbatch_args "$here/run_one.sh" "$out"; then
        echo "regress: the job array did not finish cleanly (see $out/slurm/); merging what ran" >&2
      fi
      # The runs' lines, in order, from the task logs.
      for ((i = 0; i < runs; i++)); do
        cat "$out"/slurm/*_"$i".log 2>/dev/null || true
      done
      ;;
  esac
fi

# Functional coverage of every run that wrote some, merged (a report, no threshold: a
# short sweep need not reach every bin).
shopt -s nullglob
covs=("$out"/runs/*.json)
if [ ${#covs[@]} -gt 0 ] && [ -x "$cov" ]; then
  if "$cov" --text "$out/coverage.txt" --html "$out/coverage.html" "${covs[@]}" >"$out/coverage.log" 2>&1; then
    echo "regress: functional coverage merged: $out/coverage.txt, $out/coverage.html"
    # The first missed bins (all of them in coverage.txt; the totals come in the summary).
    awk 'NR > 1 && NR <= 6 { print "regress: " $0 } END { if (NR > 6) print "regress:     ... " NR - 6 " more missed" }' \
      "$out/coverage.log"
  else
    echo "regress: mmu_cov could not merge the coverage files (see $out/coverage.log)" >&2
  fi
fi

status=0
python3 "$here/sweep.py" merge "$out" || status=$?
echo "regress: JUnit $out/junit.xml; $(($(date +%s) - start)) s wall"
exec >&- 2>&-
wait "$teepid"
exit "$status"
