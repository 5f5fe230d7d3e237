#!/usr/bin/env python3
"""Decodes RISC-V page-table entries for GTKWave ("Translate Filter Process").

GTKWave starts this program once and keeps it running: for every value it wants to
show it writes one line with the value in hex, zero-padded to the signal's width,
and reads one line back (the text shown in the waveform). The PTE size follows from
the number of hex digits: up to 8 is a 32-bit Sv32 PTE (rv32 build), more is a
64-bit Sv39/Sv48/Sv57 PTE (rv64 build).

Output, e.g. for 0x200004cf (Sv32):  leaf VRWX--AD ppn=0x80001
  kind   leaf (V and R or X set), ptr (V set, R W X clear: points to the next level),
         reserved (V set, W without R: a reserved encoding, page fault),
         invalid (V clear; the other fields still shown), 0 for an all-zero word
  flags  V R W X U G A D (bits 0..7), '-' where clear
  ppn    bits 31:10 (Sv32) or 53:10 (64-bit)
  only when nonzero: rsw=N (bits 9:8); for 64-bit PTEs rsvd=0x.. (bits 60:54),
         pbmt=NC / IO / rsvd (bits 62:61, Svpbmt; 0 = PMA is not shown), N (bit 63, Svnapot)
Input that is not hex (x, z) is echoed back unchanged.

Command line: pte_decode.py [--bits 32|64] VALUE...  decodes the values given
(hex, 0x optional) and exits; without values it runs as the GTKWave filter.
"""
import sys

FLAGS = "VRWXUGAD"
PBMT = {1: "NC", 2: "IO", 3: "rsvd"}


def decode(text, bits=None):
    """Returns the display text for one value, given as hex digits (0x optional)."""
    s = text.strip()
    digits = s[2:] if s[:2].lower() == "0x" else s
    try:
        pte = int(digits, 16)
    except ValueError:
        return s
    if bits is None:
        bits = 32 if len(digits) <= 8 else 64
    if pte == 0:
        return "0"
    v, r, w, x = (pte >> 0) & 1, (pte >> 1) & 1, (pte >> 2) & 1, (pte >> 3) & 1
    if not v:
        kind = "invalid"
    elif w and not r:
        kind = "reserved"
    elif r or x:
        kind = "leaf"
    else:
        kind = "ptr"
    flags = "".join(FLAGS[i] if (pte >> i) & 1 else "-" for i in range(8))
    if bits <= 32:
        ppn = (pte >> 10) & ((1 << 22) - 1)
    else:
        ppn = (pte >> 10) & ((1 << 44) - 1)
    out = [kind, flags, "ppn=0x%x" % ppn]
    rsw = (pte >> 8) & 3
    if rsw:
        out.append("rsw=%d" % rsw)
    if bits > 32:
        reserved = (pte >> 54) & 0x7F
        pbmt = (pte >> 61) & 3
        if reserved:
            out.append("rsvd=0x%x" % reserved)
        if pbmt:
            out.append("pbmt=" + PBMT[pbmt])
        if (pte >> 63) & 1:
            out.append("N")
    return " ".join(out)


def main(argv):
    bits = None
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--bits":
        bits = int(args[1])
        args = args[2:]
    if args:
        for a in args:
            print(decode(a, bits))
        return 0
    # Filter mode: one answer per line, flushed at once (GTKWave waits for it).
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        sys.stdout.write(decode(line, bits) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
