#!/usr/bin/env bash
# Malformed trace files and lackey text: exit status 2 and one line on standard error,
# "FILE: offset N: message" (trace files) or "FILE:LINE: message" (lackey text), from
# mmu_sim --trace, mmu_progtrace dump/info and mmu_progtrace encode.
#   tests/trace/check_bad.sh MMU_SIM MMU_TRACE GOOD_TRACE WORKDIR
set -euo pipefail
sim=$(realpath "$1") tool=$(realpath "$2") good=$(realpath "$3") dir=$4
mkdir -p "$dir"
cd "$dir"
fails=0
size=$(stat -c %s "$good")

# expect WANT_LINE COMMAND...: status 2, stderr exactly WANT_LINE, nothing on stdout.
expect() {
  local want=$1
  shift
  local st=0
  "$@" >out.txt 2>err.txt || st=$?
  if [ "$st" -ne 2 ] || [ "$(cat err.txt)" != "$want" ] || [ -s out.txt ]; then
    echo "FAIL: $*"
    echo "  want: status 2, stderr: $want"
    echo "  got:  status $st, stderr: $(cat err.txt), stdout: $(head -c 200 out.txt)"
    fails=$((fails + 1))
  else
    echo "ok: $* -> $want"
  fi
}
play() { "$sim" --trace "$1" --build rv32 --tlb-entries 8 --quiet; }

# The committed trace cut in the middle of its records.
head -c $((size / 2)) "$good" >cut.rvt
line=$(play cut.rvt 2>&1 >/dev/null || true)
[[ "$line" =~ ^cut\.rvt:\ offset\ [0-9]+:\ the\ file\ ends\ (inside\ a\ record|after\ [0-9]+\ of\ the\ [0-9]+\ records\ the\ header\ announces)$ ]] ||
  { echo "FAIL: cut trace: $line"; fails=$((fails + 1)); }
expect "$line" play cut.rvt
expect "$line" "$tool" info cut.rvt
# A byte more than the records.
{ cat "$good"; printf '\001'; } >long.rvt
n=$("$tool" info "$good" | sed -n 's/.*: \([0-9]*\) accesses, .*/\1/p')
expect "long.rvt: offset $size: data after the last of the $n records the header announces" play long.rvt
# Not a trace.
printf 'I  0401ab70,3\n' >text.rvt
expect "text.rvt: offset 0: not a trace file (it does not start with MMUTRC01)" play text.rvt
# A header cut short.
head -c 11 "$good" >short.rvt
expect "short.rvt: offset 11: the header ends early (16 bytes: magic and record count)" play short.rvt
# A record that leaves the 47-bit space: one fetch 2^47 up (delta bits 3:0 then 7 bytes).
{ printf 'MMUTRC01\001\000\000\000\000\000\000\000'; printf '\200\200\200\200\200\200\200\002'; } >high.rvt
expect "high.rvt: offset 16: fetch address at or above 2^47 (previous 0x0, delta +0x800000000000)" play high.rvt
expect "high.rvt: offset 16: fetch address at or above 2^47 (previous 0x0, delta +0x800000000000)" "$tool" dump high.rvt
# A missing file.
expect "missing.rvt: offset 0: cannot open: No such file or directory" play missing.rvt
# Lackey text: the line at fault.
printf '==1== Lackey\nI  0401ab70,3\n L zz,8\n' >bad_lackey.txt
expect "bad_lackey.txt:3: expected a hex address and a comma after the kind" "$tool" encode --out x.rvt bad_lackey.txt
expect "<stdin>:2: expected a decimal size 1..4096 after the comma, and nothing else" \
  sh -c "printf 'I  0401ab70,3\n S 1000,0\n' | '$tool' encode --out y.rvt"

# A well-formed trace too spread out for Sv32: 300 loads 16 MiB apart (300 regions of a
# 4 MiB block, 1200 MiB with the gaps > the 1 GiB from 0x80000000 to the kernel's page).
for i in $(seq 0 299); do printf ' L %x,8\n' $((i << 24)); done | "$tool" encode --out wide.rvt 2>/dev/null
expect "wide.rvt: the trace's 300 regions (1200 MiB of 4 MiB blocks) do not fit between 0x80000000 and 0xc0000000 in sv32" \
  play wide.rvt
"$sim" --trace wide.rvt --build rv64 --tlb-entries 16 --quiet || { echo "FAIL: wide.rvt on rv64"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo "all malformed inputs refused with exit status 2 and their place"
