"""Classification of the differences between the model and QEMU 7.2.

Each rule names a documented cause (xcheck/README.md, "Differences and their causes",
each with a scenario in xcheck/quirks/ that shows it). A difference no rule explains is
'unexplained' and fails the comparison. Rules look at one line at a time: the model's
line, QEMU's line, what the line was (LineMeta), and, for the last two rules, the
model's line for a rewritten copy of the scenario (xcheck.Variants)."""

D_BASE, D_SIZE = 0x88000000, 0x01000000
PA_BITS = {"rv32": 34, "rv64": 56}
ACCESS_FAULT = {"fetch": "1", "load": "5", "store": "7"}
PAGE_FAULT = {"fetch": "12", "load": "13", "store": "15"}

# cause texts; the first word is the cause's id
MODEL_BARE_ALIAS = ("model-bare-alias: the model truncates an untranslated address above the "
                    "PA width instead of raising an access fault (being fixed on main)")
TARGET_UNBACKED = ("target-unbacked: the model's physical address has no memory in QEMU's "
                   "virt machine, QEMU raises an access fault there (platform, not paging)")
PTE_UNBACKED = ("qemu-pte-unbacked-page-fault: QEMU 7.2 reports a PTE read from an address "
                "without memory as a page fault, not an access fault (quirks/pte_unbacked*.txt)")
UNOBSERVABLE = ("unobservable-pa: target outside the tagged region, QEMU's physical address "
                "cannot be read back (only ok/fault compared)")
NO_SVADE = ("qemu-no-svade: `ad fault` scenario; QEMU 7.2 always updates A/D in hardware "
            "(menvcfg.ADUE reads 0 and ignores writes); the line agrees with the model under "
            "`ad hw` (quirks/no_svade.txt)")
TLB = ("qemu-tlb-flush: TLB-dependent line: the model keeps a stale translation that QEMU "
       "7.2 has dropped (QEMU flushes on every sfence.vma whatever its operands, on a satp "
       "ASID change, on an mstatus write such as SUM, and the guest's MPRV loads/stores never "
       "see a stale entry); the line agrees with the model when every access is preceded by "
       "an sfence (quirks/tlb_flush.txt)")
TLB_SVADE = ("qemu-no-svade+tlb-flush: both of the above: the line agrees with the model under "
             "`ad hw` with an sfence before every access")
MRET_MPRV = ("qemu-mret-keeps-mprv: QEMU 7.2's mret to S/U-mode leaves mstatus.MPRV set "
             "(the spec clears it), so M-mode data accesses after the next trap are translated "
             "as the trap's MPP (quirks/mret_keeps_mprv.txt, guest option mprv-exit=mret-keep)")
RESV_IGNORED = ("qemu-ignores-bits-60-54: with Svnapot or Svpbmt on, QEMU 7.2 masks PTE bits "
                "60:54 out of the PPN and never faults on them (the spec reserves them: page "
                "fault); the line agrees with the model with those bits cleared (quirks/resv_bits_napot.txt)")
PBMTE_IGNORED = ("qemu-ignores-pbmte: with Svpbmt on, QEMU 7.2 accepts PBMT in a leaf whatever "
                 "menvcfg.PBMTE says (PBMTE=0 makes the bits reserved: page fault); the line "
                 "agrees with the model under `pbmte 1` (quirks/pbmte_ignored.txt)")
PBMT3 = ("qemu-accepts-pbmt3: QEMU 7.2 translates through a leaf with the reserved PBMT=3 "
         "(the model: page fault); the line agrees with the model with PBMT=3 leaves made "
         "PBMT=0 (quirks/pbmt3.txt)")
SV_LAX = ("qemu-svnapot-svpbmt-lax: two or more of qemu-ignores-bits-60-54, qemu-ignores-pbmte, "
          "qemu-accepts-pbmt3 together: the line agrees with the model with all three rewrites")
NAPOT_AD = ("qemu-napot-ad-before-check: QEMU 7.2 sets A/D in a leaf with N=1 before it checks "
            "the NAPOT encoding and level, then page-faults; the model (and the spec: no A/D "
            "update on a faulting access) leaves the PTE alone (quirks/napot_ad.txt)")
AD_NO_PMP = ("qemu-ad-no-pmp: QEMU 7.2 writes A/D into a PTE without a PMP check (the spec "
             "checks the implicit store like any S-mode store: access fault); the line agrees "
             "with the model when every leaf has A and D already (quirks/ad_no_pmp.txt)")
PMP_W_ONLY = ("pmp-w-without-r: a PMP entry with R=0 W=1 (reserved; WARL) decides the "
              "access: QEMU 7.2 keeps the encoding and grants the store, the model grants no "
              "write (model/pmp.cpp); the line agrees with the model with such entries made "
              "R=1 W=1 (quirks/pmp_w_only.txt)")
MRET = 0x30200073
MRET_NO_PMP = ("qemu-mret-no-pmp-illegal: with every PMP entry off, QEMU 7.2's mret to S/U "
               "is an illegal instruction (op_helper.c helper_mret); the spec allows the mret, "
               "and the fetch in S/U then fails the PMP check: access fault 1, as in the model "
               "(quirks/mret_no_pmp.txt)")
UNEXPLAINED = "unexplained"


def dependent(cause):
    """Causes that a generated scenario must never show (it uses `ad hw` and does not
    depend on TLB contents)."""
    return cause.split(":")[0] in ("qemu-no-svade", "qemu-tlb-flush", "qemu-no-svade+tlb-flush")


def _backed(pa):
    return 0x80000000 <= pa < 0xA0000000


def _unobservable(line):
    w = line.split()
    return len(w) >= 4 and w[2] == "ok" and not w[3].startswith("?") and \
        not (D_BASE <= int(w[3], 16) < D_BASE + D_SIZE)


def matches(model_line, qemu_line):
    """QEMU's line says what the model's says: equal, or the model's target lies outside
    the tagged region and QEMU read an untagged word there ('ok ? value ...')."""
    if model_line == qemu_line:
        return True
    qw = qemu_line.split()
    return _unobservable(model_line) and qw[2:3] == ["ok"] and len(qw) >= 4 and qw[3] == "?" and \
        model_line.split()[:2] == qw[:2]


def _pmp_denied_s_store(meta, pa, nbytes):
    """A PMP view of the scenario up to this line forbade an S-mode store to the PTE
    word at pa (an A/D update may have been refused then)."""
    import xcheck
    return any(not xcheck.pmp_allows(list(v), pa, nbytes, "store", "S", 64) for v in meta.pmp_views)


def _pmp_all_off(view):
    return view is not None and all((cfg >> 3) & 3 == 0 for cfg, _ in view)


def classify(info, meta, model_line, qemu_line, variant_line, cpu=""):
    mw, qw = model_line.split(), qemu_line.split()
    kind = meta.kind
    if kind != "peek" and meta.priv == "M" and "mprv-exit=mret-keep" in info.xcheck_opts and \
            mw[2:3] == ["ok"] and qw[2:3] == ["ok"]:
        return MRET_MPRV
    if kind != "peek":
        model_ok = len(mw) >= 4 and mw[2] == "ok"
        # Untranslated (M-mode or Bare): the model keeps the low PA_BITS bits.
        if not meta.translated and model_ok and qw[2:4] == ["fault", ACCESS_FAULT[kind]] and \
                meta.addr >> PA_BITS[info.build]:
            return MODEL_BARE_ALIAS
        if model_ok and not _backed(int(mw[3], 16)) and qw[2:4] == ["fault", ACCESS_FAULT[kind]]:
            return TARGET_UNBACKED
        if matches(model_line, qemu_line):
            return UNOBSERVABLE
        # A walk that reads a PTE where the model's RAM window ends: the model raises an
        # access fault, QEMU a page fault (the generator's scenarios have the default
        # window, so any walk access fault comes from a PTE address outside RAM).
        if meta.translated and mw[2:4] == ["fault", ACCESS_FAULT[kind]] and \
                qw[2:4] == ["fault", PAGE_FAULT[kind]]:
            return PTE_UNBACKED
    if kind == "peek" and len(mw) == 3 and len(qw) == 3 and mw[:2] == qw[:2]:
        mv, qv = int(mw[2], 16), int(qw[2], 16)
        extra = qv & ~mv
        if qv & ~0xC0 == mv & ~0xC0 and extra:
            if mv >> 63 and "svnapot=true" in cpu:
                return NAPOT_AD
            if _pmp_denied_s_store(meta, meta.addr, 4 if info.build == "rv32" else 8):
                return AD_NO_PMP
    def agrees(variant):
        """QEMU's line says what the model says for the rewritten scenario. A peek: the
        rewrite changes the PTE words themselves, so only their A/D bits are compared
        (the rest must equal the original model's word)."""
        vl = variant_line(variant)
        if kind != "peek":
            return matches(vl, qemu_line)
        vw = vl.split()
        if len(vw) != 3 or len(qw) != 3 or len(mw) != 3:
            return False
        mv, qv, vv = int(mw[2], 16), int(qw[2], 16), int(vw[2], 16)
        return qv & ~0xC0 == mv & ~0xC0 and qv & 0xC0 == vv & 0xC0

    # mret to S/U with every PMP entry off: QEMU raises an illegal instruction at the
    # guest's mret (its encoding in mtval) where the fetch itself should fail
    if kind == "fetch" and meta.priv != "M" and _pmp_all_off(meta.pmp) and \
            qw[2:6] == ["ok", "?", "cause", "2"] and len(qw) >= 8 and int(qw[7], 16) == MRET:
        return MRET_NO_PMP
    lax = "svnapot=true" in cpu
    if lax and agrees("resv"):
        return RESV_IGNORED
    if "svpbmt=true" in cpu:
        if agrees("pbmte1"):
            return PBMTE_IGNORED
        if agrees("pbmt3"):
            return PBMT3
        if agrees("resv+pbmte1+pbmt3"):
            return SV_LAX
    if kind != "peek" and mw[2:3] == ["fault"] and mw[3:4] == [ACCESS_FAULT[kind]] and qw[2:3] == ["ok"]:
        if matches(variant_line("adset"), qemu_line):
            return AD_NO_PMP
        if matches(variant_line("pmpwr"), qemu_line):
            return PMP_W_ONLY
        if matches(variant_line("adset+pmpwr"), qemu_line):
            return AD_NO_PMP.split(":")[0] + "+" + PMP_W_ONLY
    if meta.ad == "fault" and matches(variant_line("hw"), qemu_line):
        return NO_SVADE
    if matches(variant_line("flush"), qemu_line):
        return TLB
    if matches(variant_line("hw+flush"), qemu_line):
        return TLB_SVADE
    return UNEXPLAINED
