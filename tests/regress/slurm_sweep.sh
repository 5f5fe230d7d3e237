#!/usr/bin/env bash
# The fresh-seed sweep as a SLURM job array, on a one-node SLURM started here:
#   slurm_sweep.sh MMU_SIM DIR
# Starts munged (own key, socket, log, pid and seed files), slurmctld and slurmd, all
# configured in DIR (slurm.conf there: SlurmctldHost=localhost, one node of this
# machine's CPUs, linuxproc process tracking, no cgroups, job completions logged to a
# file), on free loopback ports. Submits sim/regress.sh --backend slurm (sbatch --wait
# --array) and checks the merged result: one passing JUnit test case per array task,
# each run by SLURM, merged coverage, and SLURM's own completion record of every task.
# Then a small failing array (injected mismatches): exit status 1, and each failure
# rerun with waves inside its array task. The daemons are stopped on exit (trap).
# Exit 77 (skipped) when SLURM or MUNGE is not installed (bash sim/setup.sh slurm) or
# when not run as root (slurmd runs jobs as their user).
set -euo pipefail
sim=$1
dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=$PATH:/usr/sbin:/sbin

for tool in munged mungekey munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  if ! command -v "$tool" >/dev/null; then
    echo "slurm_sweep: SKIP: $tool not found (bash sim/setup.sh slurm installs SLURM and MUNGE)"
    exit 77
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "slurm_sweep: SKIP: not root (slurmd must be root to run jobs as their user)"
  exit 77
fi

rm -rf "$dir"
mkdir -p "$dir"/{state,log,munge,spool}
dir=$(cd "$dir" && pwd)
# Unix socket paths (munged's, slurmd's in its spool) must fit in 108 bytes: a deep build
# tree gets a short directory under /tmp for them instead.
run=$dir
if [ ${#dir} -gt 60 ]; then
  run=$(mktemp -d /tmp/mmu-slurm.XXXXXX)
  mkdir -p "$run"/{munge,spool}
  echo "slurm_sweep: $dir is too long a path for the daemons' sockets: munge/ and spool/ in $run"
fi
export SLURM_CONF=$dir/slurm.conf
pids=()

stop() {
  set +e
  if [ -f "$SLURM_CONF" ] && [ ${#pids[@]} -gt 1 ]; then
    scancel --full --quiet --user=root 2>/dev/null
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do  # slurmd, slurmctld, then munged
    kill "${pids[i]}" 2>/dev/null
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  [ "$run" != "$dir" ] && rm -rf "$run"
}
trap stop EXIT
logs() {
  for f in "$dir"/log/*.log; do
    echo "----- $f (last 30 lines)"
    tail -n 30 "$f"
  done
}
die() {
  echo "slurm_sweep: FAIL: $*" >&2
  logs >&2
  exit 1
}
wait_for() {  # seconds command...: until the command succeeds
  local n=$(($1 * 10))
  shift
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# MUNGE: SLURM's authentication, with its own key and socket.
sock=$run/munge/munge.socket
mungekey --create --bits=1024 --keyfile="$run/munge/munge.key"
munged --foreground --socket="$sock" --key-file="$run/munge/munge.key" --log-file="$dir/log/munged.log" \
  --pid-file="$run/munge/munged.pid" --seed-file="$run/munge/munged.seed" >>"$dir/log/munged.log" 2>&1 &
pids+=($!)
munge_ok() { munge --socket="$sock" --no-input | unmunge --socket="$sock"; }
wait_for 20 munge_ok || die "munged did not answer on $sock"
echo "slurm_sweep: munged up (pid ${pids[0]}, socket $sock)"

# Free loopback ports for slurmctld and slurmd.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
cpus=$(nproc)
cat >"$SLURM_CONF" <<EOF
# One-node SLURM for tests/regress/slurm_sweep.sh (written by it).
ClusterName=mmutest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$run/spool
SlurmctldPidFile=$dir/state/slurmctld.pid
SlurmdPidFile=$run/spool/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MailProg=/bin/true
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=60
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 &
pids+=($!)
wait_for 20 scontrol ping || die "slurmctld did not answer (scontrol ping)"
slurmd -D -N localhost -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { [ "$(sinfo -h -N -n localhost -o %t)" = idle ]; }
wait_for 30 node_idle || die "node localhost not idle: $(sinfo -h -N -o '%N %t %E' 2>&1)"
echo "slurm_sweep: slurmctld (pid ${pids[1]}, port $ctld_port) and slurmd (pid ${pids[2]}, port $slurmd_port) up:"
sinfo

# 1. A passing sweep as a job array.
status=0
bash "$root/sim/regress.sh" --backend slurm --runs 8 --cycles 50000 --sim "$sim" --out "$dir/sweep" || status=$?
[ "$status" = 0 ] || die "the SLURM sweep exited $status"

# 2. A failing one: each failure rerun with waves inside its array task.
status=0
bash "$root/sim/regress.sh" --backend slurm --runs 2 --cycles 20000 --seed 9 --sim "$sim" \
  --out "$dir/failing" -- --inject-mismatch 2000 || status=$?
[ "$status" = 1 ] || die "the failing SLURM sweep exited $status, not 1"

echo "slurm_sweep: SLURM's job completion log ($dir/log/jobcomp.txt):"
sed -E 's/^(JobId=[0-9]+).* (JobState=[A-Z]+).* (NodeList=[^ ]+).* (ArrayJobId=[0-9]+ ArrayTaskId=[0-9]+).*/  \1 \4 \2 \3/' \
  "$dir/log/jobcomp.txt"

python3 - "$dir" <<'EOF'
import os, re, sys
import xml.etree.ElementTree as ET

d = sys.argv[1]
def fail(msg):
    sys.exit("slurm_sweep: FAIL: " + msg)
comp = open(os.path.join(d, "log", "jobcomp.txt")).read()

def check(sweep, runs, passing):
    suite = ET.parse(os.path.join(d, sweep, "junit.xml")).getroot()
    tcs = suite.findall("testcase")
    if len(tcs) != runs:
        fail(f"{sweep}: {len(tcs)} JUnit test cases, not {runs}")
    arrays = set()
    for i, tc in enumerate(tcs):
        p = {e.get("name"): e.get("value") for e in tc.find("properties")}
        m = re.match(r"(\d+)_(\d+) \(job (\d+)\)$", p["slurm"])
        if not m or int(m.group(2)) != i:
            fail(f"{sweep}: test case {i} was not run by SLURM array task {i}: slurm='{p['slurm']}'")
        arrays.add(m.group(1))
        if re.search(rf"^JobId={m.group(3)} .*JobState=COMPLETED .*ArrayJobId={m.group(1)} ArrayTaskId={i} ",
                     comp, re.M) is None:
            fail(f"{sweep}: no COMPLETED record of job {m.group(3)} (array {m.group(1)} task {i}) in jobcomp.txt")
        failed = tc.find("failure") is not None or tc.find("error") is not None
        if failed == passing:
            fail(f"{sweep}: test case {i} {'failed' if failed else 'passed'}")
        if not passing:
            if p["rerun"] != "reproduced" or not p["waveform"] or not os.path.exists(p["waveform"]):
                fail(f"{sweep}: test case {i}: rerun '{p['rerun']}', waveform '{p['waveform']}'")
            os.remove(p["waveform"])  # it went to waves/ in the source tree
    if len(arrays) != 1:
        fail(f"{sweep}: the runs came from {len(arrays)} job arrays, not one")
    # Passing runs are merged; failing ones are left out (and counted) by mmu_cov.
    cov = open(os.path.join(d, sweep, "coverage.log")).read()
    want = (f"mmu_cov: {runs} runs merged (0 failing left out)" if passing
            else f"mmu_cov: 0 runs merged ({runs} failing left out)")
    if not cov.startswith(want):
        fail(f"{sweep}: the coverage of the {runs} runs is not merged as expected ({want}): {cov}")
    return arrays.pop()

a = check("sweep", 8, True)
b = check("failing", 2, False)
print(f"slurm_sweep: OK: array job {a}: 8 tasks, 8 JUnit test cases passed, coverage of 8 runs merged; "
      f"array job {b}: 2 failures, each rerun with waves in its task")
EOF
