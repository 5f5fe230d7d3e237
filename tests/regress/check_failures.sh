#!/usr/bin/env bash
# sim/regress.sh on failing runs, with a fixed sweep seed:
#   check_failures.sh MMU_SIM WORK
# 1. Every run fails on purpose (--inject-mismatch): the sweep must exit 1; summary.txt
#    must group the runs under their check; junit.xml must hold one <failure> test case
#    per run whose properties seed, check, expected and seen match the plan and the
#    mismatch report; each run's reproduce line must have been rerun, reproducing the
#    failure and writing the waveform it lists.
# 2. Runs that outlive the per-run timeout: exit 1, grouped as "timeout", <error> cases.
set -euo pipefail
sim=$1
work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"

status=0
bash "$root/sim/regress.sh" --runs 4 --cycles 20000 --seed 7 --variants rv32:8,rv64:16 --sim "$sim" \
  --out "$work/mismatch" -- --inject-mismatch 3000 >"$work/mismatch.log" 2>&1 || status=$?
cat "$work/mismatch.log"
[ "$status" = 1 ] || { echo "check_failures: the failing sweep exited $status, not 1" >&2; exit 1; }

status=0
bash "$root/sim/regress.sh" --runs 2 --cycles 1000000000 --timeout 2 --seed 8 --tests random --sim "$sim" \
  --out "$work/timeout" >"$work/timeout.log" 2>&1 || status=$?
cat "$work/timeout.log"
[ "$status" = 1 ] || { echo "check_failures: the sweep that timed out exited $status, not 1" >&2; exit 1; }

python3 - "$work" <<'EOF'
import os, re, sys
import xml.etree.ElementTree as ET

work = sys.argv[1]
def fail(msg):
    sys.exit("check_failures: " + msg)

def cases(sweep):
    suite = ET.parse(os.path.join(work, sweep, "junit.xml")).getroot()
    plan = [l.split("\t") for l in open(os.path.join(work, sweep, "plan.tsv")).read().splitlines()[1:]]
    tcs = suite.findall("testcase")
    if len(tcs) != len(plan):
        fail(f"{sweep}: {len(tcs)} test cases for {len(plan)} runs")
    for tc, row in zip(tcs, plan):
        props = {p.get("name"): p.get("value") for p in tc.find("properties")}
        for k in ("seed", "check", "expected", "seen"):
            if k not in props:
                fail(f"{sweep}: test case {tc.get('name')} has no property {k}")
        if props["seed"] != row[1] or row[1] not in tc.get("name"):
            fail(f"{sweep}: test case {tc.get('name')}: seed {props['seed']}, the plan says {row[1]}")
        yield suite, tc, props

# 1. Injected mismatches.
summary = open(os.path.join(work, "mismatch", "summary.txt")).read()
if not re.search(r"^  4 x performance counters$", summary, re.M):
    fail("the summary does not group the 4 runs under 'performance counters':\n" + summary)
waves = []
for suite, tc, p in cases("mismatch"):
    f = tc.find("failure")
    if f is None or p["check"] != "performance counters" or not p["expected"] or not p["seen"] \
            or p["expected"] == p["seen"]:
        fail(f"mismatch: test case {tc.get('name')}: no failure with check/expected/seen: {p}")
    if p["rerun"] != "reproduced":
        fail(f"mismatch: test case {tc.get('name')}: rerun '{p['rerun']}'")
    if " --wave " not in p["reproduce"] or f"_s{p['seed']}.fst" not in p["reproduce"]:
        fail(f"mismatch: test case {tc.get('name')}: reproduce line without its waveform: {p['reproduce']}")
    if not p["waveform"] or not os.path.getsize(p["waveform"]):
        fail(f"mismatch: test case {tc.get('name')}: no waveform from the rerun")
    if p["waveform"] not in summary:
        fail(f"mismatch: the summary does not list the waveform {p['waveform']}")
    waves.append(p["waveform"])
# The expected/seen properties are the report's lines.
err0 = open(os.path.join(work, "mismatch", "runs", "0000.err")).read()
_, _, p0 = next(cases("mismatch"))
if f"  expected: {p0['expected']}\n  seen:     {p0['seen']}\n" not in err0:
    fail("run 0's expected/seen properties are not its report's lines")
for w in waves:  # rerun waveforms go to waves/ of the source tree: not left behind by a test
    os.remove(w)

# 2. Timeouts.
summary = open(os.path.join(work, "timeout", "summary.txt")).read()
if not re.search(r"^  2 x timeout$", summary, re.M):
    fail("the summary does not group the 2 runs under 'timeout':\n" + summary)
for suite, tc, p in cases("timeout"):
    if tc.find("error") is None or p["check"] != "timeout":
        fail(f"timeout: test case {tc.get('name')} is no timeout error: {p}")
print("check_failures: failing sweeps exit 1, grouped by check, JUnit properties, reruns with waves: OK")
EOF
