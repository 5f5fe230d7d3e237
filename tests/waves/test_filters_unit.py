#!/usr/bin/env python3
"""Unit test of the waveform filters in waves/filters, no GTKWave needed:
  - the PTE decoder on hand-decoded values (Sv32 and 64-bit PTEs), on the command line
    and as a filter process (one answer per line, before the next line is sent, as
    GTKWave drives it);
  - the filter tables: every value of each field named, and named as rtl/mmu_pkg.sv
    encodes it (access kinds, privilege, satp modes, fault causes);
  - the .gtkw files: every filter path relative, after the [savefile] line, present
    next to the save file, and the filter process executable.
Exit status 0 when all pass; each failure printed on one line.
"""
import os
import select
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_filters  # noqa: E402

REPO = check_filters.REPO
FILTERS = os.path.join(REPO, "waves", "filters")
PTE = os.path.join(FILTERS, "pte_decode.py")
failures = []


def expect(what, got, want):
    if got != want:
        failures.append("%s: got %r, expected %r" % (what, got, want))


# Hand-decoded PTEs. Bits: V0 R1 W2 X3 U4 G5 A6 D7, RSW 9:8, PPN from bit 10 (Sv32 up to
# bit 31, 64-bit up to bit 53), 64-bit only: reserved 60:54, PBMT 62:61, N 63.
PTES = [
    # 0xcf = D A - - X W R V; 0x200004cf >> 10 = 0x80001
    ("200004CF", "leaf VRWX--AD ppn=0x80001"),
    # 0x51 = A, U, V: a pointer (R W X clear) with U and A set
    ("0000000020002051", "ptr V---U-A- ppn=0x80008"),
    ("00000001", "ptr V------- ppn=0x0"),
    ("00000000", "0"),
    ("0000000000000000", "0"),
    ("00000002", "invalid -R------ ppn=0x0"),          # V clear: fields still shown
    ("00000005", "reserved V-W----- ppn=0x0"),         # W without R
    ("0000000D", "reserved V-WX---- ppn=0x0"),         # W without R, X set
    ("0000000B", "leaf VR-X---- ppn=0x0"),             # R X: execute-read
    ("00000009", "leaf V--X---- ppn=0x0"),             # execute-only
    ("00000021", "ptr V----G-- ppn=0x0"),
    ("FFFFFC01", "ptr V------- ppn=0x3fffff"),         # Sv32 PPN: 22 bits
    ("00000301", "ptr V------- ppn=0x0 rsw=3"),
    ("800000CF", "leaf VRWX--AD ppn=0x200000"),        # Sv32: bit 31 is PPN, not N
    ("003FFFFFFFFFFC01", "ptr V------- ppn=0xfffffffffff"),  # 64-bit PPN: 44 bits
    ("20000000200004CF", "leaf VRWX--AD ppn=0x80001 pbmt=NC"),
    ("40000000200004CF", "leaf VRWX--AD ppn=0x80001 pbmt=IO"),
    ("60000000200004CF", "leaf VRWX--AD ppn=0x80001 pbmt=rsvd"),
    ("80000000200004CF", "leaf VRWX--AD ppn=0x80001 N"),
    ("00400000000000CF", "leaf VRWX--AD ppn=0x0 rsvd=0x1"),
    ("FFC0000000000001", "ptr V------- ppn=0x0 rsvd=0x7f pbmt=rsvd N"),
    ("XXXXXXXX", "XXXXXXXX"),                          # not a number: echoed
]

mod = check_filters.pte_decode_module()
for raw, want in PTES:
    expect("decode(%s)" % raw, mod.decode(raw), want)
expect("decode(0x200004cf)", mod.decode("0x200004cf"), "leaf VRWX--AD ppn=0x80001")
expect("decode(200004cf, bits=64)", mod.decode("200004cf", 64), "leaf VRWX--AD ppn=0x80001")

# Command line.
cli = subprocess.run([PTE, "200004cf", "0000000020002051"], capture_output=True, text=True)
expect("pte_decode.py 200004cf 0000000020002051 (exit status)", cli.returncode, 0)
expect("pte_decode.py 200004cf 0000000020002051", cli.stdout,
       "leaf VRWX--AD ppn=0x80001\nptr V---U-A- ppn=0x80008\n")

# Filter process: each answer must come back before the next value is written.
proc = subprocess.Popen([PTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
try:
    for raw, want in PTES:
        proc.stdin.write(raw + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        if not ready:
            failures.append("filter process: no answer to %s within 10 s (not line-buffered?)" % raw)
            break
        expect("filter process, %s" % raw, proc.stdout.readline().rstrip("\n"), want)
finally:
    proc.stdin.close()
    proc.wait(timeout=10)
expect("filter process exit status at end of input", proc.returncode, 0)

# Tables: hex keys as GTKWave prints the field (the .gtkw files set hex).
TABLES = {
    "access_kind.txt": {"0": "fetch", "1": "load", "2": "store", "3": "amo"},
    "fault_cause.txt": {"0": "none", "1": "fetch access fault", "5": "load access fault",
                        "7": "store/amo access fault", "C": "fetch page fault",
                        "D": "load page fault", "F": "store/amo page fault",
                        "12": "fetch page fault", "13": "load page fault",
                        "15": "store/amo page fault"},
    "satp_mode_rv64.txt": dict({"%X" % m: "bare(%d)" % m for m in range(16)},
                               **{str(m): "bare(%d)" % m for m in range(11, 16)},
                               **{"0": "Bare", "8": "Sv39", "9": "Sv48", "A": "Sv57", "10": "Sv57"}),
    "satp_mode_rv32.txt": dict({"%X" % m: "bare(%d)" % m for m in range(16)},
                               **{str(m): "bare(%d)" % m for m in range(10, 16)},
                               **{"0": "Bare", "1": "Sv32"}),
    "priv.txt": {"0": "U", "1": "S", "2": "reserved(2)", "3": "M"},
}
for name, want in TABLES.items():
    expect(name, check_filters.load_table(os.path.join(FILTERS, name)), want)

# The tables against the RTL's own encodings (rtl/mmu_pkg.sv), when the RTL has them.
PKG = os.path.join(REPO, "rtl", "mmu_pkg.sv")
if os.path.isfile(PKG):
    import re
    enc = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"localparam\s+logic\s*\[\d+:0\]\s*(\w+)\s*=\s*\d+'d(\d+)\s*;", open(PKG).read())}
    checks = [("access_kind.txt", "AccFetch", "fetch"), ("access_kind.txt", "AccLoad", "load"),
              ("access_kind.txt", "AccStore", "store"), ("access_kind.txt", "AccAmo", "amo"),
              ("priv.txt", "PrivU", "U"), ("priv.txt", "PrivS", "S"), ("priv.txt", "PrivM", "M"),
              ("satp_mode_rv32.txt", "ModeBare", "Bare"), ("satp_mode_rv32.txt", "ModeSv32", "Sv32"),
              ("satp_mode_rv64.txt", "ModeBare", "Bare"), ("satp_mode_rv64.txt", "ModeSv39", "Sv39"),
              ("satp_mode_rv64.txt", "ModeSv48", "Sv48"), ("satp_mode_rv64.txt", "ModeSv57", "Sv57"),
              ("fault_cause.txt", "CauseNone", "none"),
              ("fault_cause.txt", "CauseFetchAccess", "fetch access fault"),
              ("fault_cause.txt", "CauseLoadAccess", "load access fault"),
              ("fault_cause.txt", "CauseStoreAccess", "store/amo access fault"),
              ("fault_cause.txt", "CauseFetchPage", "fetch page fault"),
              ("fault_cause.txt", "CauseLoadPage", "load page fault"),
              ("fault_cause.txt", "CauseStorePage", "store/amo page fault")]
    for table, param, text in checks:
        if param in enc:  # ModeSv57 only once the RTL has it
            expect("%s %s (%d in mmu_pkg.sv)" % (table, param, enc[param]),
                   check_filters.load_table(os.path.join(FILTERS, table)).get("%X" % enc[param]), text)
    for table, prefix in (("access_kind.txt", "Acc"), ("priv.txt", "Priv"), ("fault_cause.txt", "Cause")):
        for k, v in enc.items():
            if k.startswith(prefix) and not any(c[1] == k for c in checks):
                failures.append("mmu_pkg.sv has %s = %d: not known to %s" % (k, v, table))

# The save files.
for b in ("rv32", "rv64"):
    gtkw = os.path.join(REPO, "waves", "mmu_%s.gtkw" % b)
    savefile, signals, filters = check_filters.parse_gtkw(gtkw)
    expect("%s [savefile]" % b, savefile, "waves/mmu_%s.gtkw" % b)
    for kind, name, no, after in filters:
        where = "mmu_%s.gtkw:%d" % (b, no)
        if os.path.isabs(name):
            failures.append("%s: absolute filter path %s" % (where, name))
        if not after:
            failures.append("%s: filter before [savefile]" % where)
        path = check_filters.resolve_filter(gtkw, savefile, name)
        if not os.path.isfile(path):
            failures.append("%s: %s not found at %s" % (where, name, path))
        elif kind == "proc" and not os.access(path, os.X_OK):
            failures.append("%s: %s not executable" % (where, path))
    got = {s["name"].rsplit(".", 1)[-1].split("[")[0]: os.path.basename(s["file"] or s["proc"] or "")
           for s in signals if s["file"] or s["proc"]}
    expect("%s filtered signals" % b, got, {
        "req_kind_i": "access_kind.txt", "req_priv_i": "priv.txt", "rsp_cause_o": "fault_cause.txt",
        "ireq_priv_i": "priv.txt", "irsp_cause_o": "fault_cause.txt",
        "kind_q": "access_kind.txt", "wdata_q": "pte_decode.py", "mem_req_cmp_o": "pte_decode.py",
        "mem_req_wdata_o": "pte_decode.py", "mem_rsp_rdata_i": "pte_decode.py",
        "satp_mode_i": "satp_mode_%s.txt" % b})

for f in failures:
    print("FAIL: " + f)
print("waves filters: %d PTE values, %d tables, 2 save files checked; %d failures"
      % (len(PTES), len(TABLES), len(failures)))
sys.exit(1 if failures else 0)
