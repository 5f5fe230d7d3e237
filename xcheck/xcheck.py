#!/usr/bin/env python3
"""QEMU cross-check of the golden model: plays scenario files on QEMU's RISC-V paging
(qemu-system-riscv32/64 7.2, machine virt) through a bare-metal guest, and compares
its lines with `mmu_sim --model-only`. Python 3 standard library only.

  xcheck.py compare [--mmu-sim PATH] FILE...     compare scenarios, print the figures
  xcheck.py gen --build rv64 --seed N --count K --out DIR    random scenarios
  xcheck.py check-tools                          exit 0 when qemu and the cross compiler exist

See xcheck/README.md for the scheme (how the guest finds physical addresses), the
rules the generator follows, and QEMU 7.2's quirks."""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import quirks  # noqa: E402  (the classification rules; one per documented quirk)

# ---------------------------------------------------------------------------------
# The guest's memory map (must agree with guest/guest.c and guest/link.ld)

D_BASE, D_SIZE = 0x88000000, 0x01000000        # tagged region: word at P holds tag(P)
RAM_LO, RAM_HI = 0x80000000, 0x90000000        # RAM a scenario may use (the model's default window)
GUEST_LO, GUEST_HI = 0x90000000, 0xA0000000    # the guest, its op list, QEMU's FDT
OPS_ADDR = 0x91000000
OPS_MAX = 0x9E000000 - OPS_ADDR
QEMU_RAM = "512M"

OP_END_LIST, OP_BEGIN, OP_END, OP_SATP, OP_SUM, OP_MXR, OP_AD, OP_MEM = 0, 1, 2, 4, 5, 6, 7, 8
OP_RETAG, OP_SFENCE, OP_ACCESS, OP_PEEK, OP_SKIP = 10, 11, 12, 13, 14
OP_PBMTE, OP_PMP, OP_SINVAL, OP_SFENCE_W_INVAL, OP_SFENCE_INVAL_IR = 16, 17, 18, 19, 20
KINDS = {"fetch": 0, "load": 1, "store": 2}
PRIVS = {"U": 0, "S": 1, "M": 3}
MODES32 = {"bare": 0, "sv32": 1}
MODES64 = {"bare": 0, "sv39": 8, "sv48": 9, "sv57": 10}
PA_BITS = {"rv32": 34, "rv64": 56}
PTE_BYTES = {"rv32": 4, "rv64": 8}
XLEN = {"rv32": 32, "rv64": 64}


def device_region(build, pa):
    """True when QEMU virt has a device (or a PCIe window) at pa, or the guest lives
    there: the guest must not touch it on a scenario's behalf."""
    if pa < RAM_LO:
        return "device"
    if GUEST_LO <= pa < GUEST_HI:
        return "guest"
    if build == "rv32" and 0x300000000 <= pa < 0x400000000:
        return "device"
    if build == "rv64" and 0x400000000 <= pa < 0x800000000:
        return "device"
    return None


def backed(pa):
    return RAM_LO <= pa < GUEST_HI


# ---------------------------------------------------------------------------------
# Scenarios


def pmp_range(entries, i, xlen):
    """[lo, hi) of PMP entry i (cfg, pmpaddr) or None when it is off."""
    cfg, addr = entries[i]
    a = (cfg >> 3) & 3
    if a == 1:      # TOR
        lo = (entries[i - 1][1] << 2) if i else 0
        return (lo, addr << 2) if lo < addr << 2 else None
    if a == 2:      # NA4
        return (addr << 2, (addr << 2) + 4)
    if a == 3:      # NAPOT: trailing ones of pmpaddr give the size
        t = 0
        while t < xlen + 2 and (addr >> t) & 1:
            t += 1
        size = 8 << t
        base = (addr << 2) & ~(size - 1)
        return (base, base + size)
    return None


def pmp_allows(entries, pa, nbytes, kind, priv, xlen):
    """The priv spec's PMP check (entries: 16 (cfg, pmpaddr)): the lowest entry that
    matches any byte decides; a partial match fails; M-mode is checked only by locked
    entries; no match: M passes, S/U fail."""
    bit = {"load": 1, "store": 2, "fetch": 4}[kind]
    for i in range(len(entries)):
        r = pmp_range(entries, i, xlen)
        if r is None or pa + nbytes <= r[0] or pa >= r[1]:
            continue
        if not (r[0] <= pa and pa + nbytes <= r[1]):
            return False
        cfg = entries[i][0]
        if priv == "M" and not cfg & 0x80:
            return True
        return bool(cfg & bit)
    return priv == "M"


def default_pmp():
    """The project's default PMP view: entry 15 NAPOT over everything, RWX, unlocked."""
    return [(0, 0)] * 15 + [(0x1F, (1 << 64) - 1)]


class ScenarioInfo:
    """What the converter and the comparison need from one scenario file."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.lines = []            # (lineno, words)
        self.build = "rv64"
        self.xcheck_opts = set()   # '# xcheck: OPT' comments
        self.comments = {}         # line number -> trailing comment (the generator's "page 2M")
        with open(path) as f:
            for n, text in enumerate(f, 1):
                m = re.match(r"\s*#\s*xcheck:\s*(.*)", text)
                if m:
                    self.xcheck_opts.update(m.group(1).split())
                words = text.split("#", 1)[0].split()
                if not words:
                    continue
                if "#" in text:
                    self.comments[n] = text.split("#", 1)[1].strip()
                self.lines.append((n, words))
                if words[0] == "mode" and len(words) == 2 and words[1] == "sv32":
                    self.build = "rv32"
        # the hart's extensions this scenario needs on QEMU (qemu_cpu())
        self.uses_napot_pbmt = any(w[0] == "mem" and len(w) >= 3 and num(w[2]) >> 61 for _, w in self.lines)
        self.uses_pbmte = any(w[:2] == ["pbmte", "1"] for _, w in self.lines)
        self.locked_pmp = any(w[0] == "pmp" and len(w) >= 4 and num(w[2]) & 0x80 for _, w in self.lines)


# What the model's scenario player implements (probe_model): QEMU gets Svnapot/Svpbmt
# only where the model has them, so a model without them is compared with a QEMU
# without them (N and PBMT then reserved on both).
CAPS = {"napot": True, "pbmte": True, "sv57": True, "pmp": True, "svinval": True}

PROBES = {
    # feature: (scenario, the line the model must print)
    "napot": ("mode sv39\nroot 0x80000\nad hw\nmem 0x80000000 0x20000401\nmem 0x80001000 0x20000801\n"
              "mem 0x80002000 0x80000000220020c3\nload 0x4\n", "load 0x4 ok 0x88000004"),
    "pbmte": ("mode sv39\npbmte 1\nload 0x0\n", None),
    "sv57": ("mode sv57\nroot 0x80000\nmem 0x80000000 0x20000401\nmem 0x80001000 0x200000cf\nload 0x10\n",
             "load 0x10 fault 13"),
    "pmp": ("mode bare\npmp 0 0x18 0x22000000\nload 0x88000000\n", "load 0x88000000 fault 5"),
    "svinval": ("mode bare\nsfence.w.inval\nsinval va=0x1000\nsfence.inval.ir\n", None),
}


def probe_model(mmu_sim, workdir):
    """Which of Svnapot (on in the rv64 player), `pbmte`, `mode sv57` and `pmp` the
    model's scenario player has: a tiny scenario each (None: any output, exit 0)."""
    caps = {}
    for feat, (text, want) in PROBES.items():
        path = os.path.join(workdir, "probe_%s.txt" % feat)
        with open(path, "w") as f:
            f.write(text)
        p = subprocess.run([mmu_sim, "--model-only", "--scenario", path], capture_output=True, text=True)
        caps[feat] = p.returncode == 0 and (want is None or want in p.stdout.splitlines())
    return caps


def qemu_cpu(info):
    """`-cpu` for QEMU 7.2 (its Sv* properties default to false): Svinval always;
    Svnapot when a PTE of the scenario has bit 63, 62 or 61 set, Svpbmt when the
    scenario also sets menvcfg.PBMTE. QEMU 7.2 ignores menvcfg.PBMTE and, with either
    extension on, bits 60:54 (quirks), so a scenario that needs neither keeps QEMU's
    strict check of bits 63:54, and one without `pbmte 1` keeps PBMT a page fault."""
    props = ["svinval=true"]
    if info.build == "rv64" and CAPS["napot"] and (info.uses_napot_pbmt or info.uses_pbmte):
        props.append("svnapot=true")
        if info.uses_pbmte and CAPS["pbmte"]:
            props.append("svpbmt=true")
    return "%s,%s" % (info.build, ",".join(props))


def num(w):
    return int(w, 16) if w.lower().startswith("0x") else int(w)


PERTURB = {"on": False, "count": 0}


def perturb(line):
    """The self-test's wrong model: for some accesses (chosen by their VA, so every
    rewritten copy of a scenario gets the same wrong answers) a translation moves by one
    page and a load/store page fault takes the other kind's cause."""
    w = line.split()
    if w[0] not in KINDS or (int(w[1], 16) >> 2) % 11:
        return line
    if w[2] == "ok" and D_BASE + 0x1000 <= int(w[3], 16) < D_BASE + D_SIZE - 0x1000:
        w[3] = "0x%x" % (int(w[3], 16) ^ 0x1000)
    elif w[2] == "fault" and w[3] in ("13", "15"):
        w[3] = "15" if w[3] == "13" else "13"
    else:
        return line
    return " ".join(w)


PBMT_SUFFIX = re.compile(r" (nc|io)$")


def strip_pbmt(lines):
    """The model's ` nc` / ` io` suffix (Svpbmt memory type of a successful access):
    QEMU 7.2 computes no memory type a program can see, so it is not compared.
    Returns the lines without it and how many had one."""
    out = [PBMT_SUFFIX.sub("", l) for l in lines]
    return out, sum(a != b for a, b in zip(lines, out))


def run_model(mmu_sim, path, counts=None):
    p = subprocess.run([mmu_sim, "--model-only", "--scenario", path], capture_output=True, text=True)
    lines, n = strip_pbmt(p.stdout.splitlines())
    if counts is not None:
        counts["pbmt"] = n
    if PERTURB["on"]:
        lines = [perturb(l) for l in lines]
    return p.returncode, lines, p.stderr.strip()


class LineMeta:
    def __init__(self, kind, addr, priv, mode, lineno):
        self.kind, self.addr, self.priv, self.mode, self.lineno = kind, addr, priv, mode, lineno
        self.pmp = None           # the PMP view (16 (cfg, pmpaddr)) when the line runs
        self.pmp_views = []       # every PMP view of the scenario up to this line
        self.skip = None          # reason the guest does not play this line
        self.ad = "fault"
        self.sum = self.mxr = 0

    @property
    def translated(self):
        return self.kind != "peek" and self.priv != "M" and self.mode != "bare"

    @property
    def mode_label(self):
        """The row of the figures: the satp mode, or M (untranslated) for M-mode."""
        if self.kind == "peek":
            return "peek"
        return "M" if self.priv == "M" else self.mode


class Converted:
    def __init__(self):
        self.ops = []
        self.meta = []            # one LineMeta per output line
        self.not_comparable = None
        self.written = {}         # PTE address -> size, for the reset after the scenario
        self.locked_pmp = False


def not_comparable_reason(info):
    """Whole-scenario reasons: what QEMU cannot emulate, or what the guest must not
    touch. Each is listed by name in the figures."""
    build = info.build
    for _, w in info.lines:
        if w[0] == "buserr":
            return "buserr (QEMU has no bus errors on RAM)"
        if w[0] == "ram":
            return "ram window (QEMU's RAM is fixed)"
        if w[0] == "at":
            return "timed directive (at N: a kill, CSR change or sfence racing a walk; QEMU has no cycle timing)"
        if w[0] == "race":
            return "race (another agent's store between a walk's read and its A/D update: no such window in QEMU)"
        if w[0] == "mem" and (not backed(num(w[1])) or device_region(build, num(w[1]))):
            return "mem outside the RAM the guest may write"
        if w[0] == "root" and device_region(build, num(w[1]) << 12):
            return "page table in a QEMU device or guest region"
        if w[0] == "mem":
            v = num(w[2])
            if v & 0xF == 1:      # a pointer: V=1, R=W=X=0
                ppn = (v >> 10) & ((1 << (22 if build == "rv32" else 44)) - 1)
                if device_region(build, ppn << 12):
                    return "page table in a QEMU device or guest region"
    return None


def convert(info, model_lines, index, alt_lines=None):
    """Turns a scenario into guest ops. model_lines: mmu_sim's output, one per access or
    peek, in order: the model's physical address is the guest's hint (where it puts the
    fetch marker, where it looks first for a store's nonce)."""
    c = Converted()
    c.not_comparable = not_comparable_reason(info)
    c.locked_pmp = info.locked_pmp
    build = info.build
    pte = PTE_BYTES[build]
    modes = MODES32 if build == "rv32" else MODES64
    st = {"mode": "bare", "asid": 0, "root": 0, "priv": "S", "sum": 0, "mxr": 0, "ad": "fault"}
    pmp = default_pmp()
    pmp_views = [tuple(pmp)]
    xlen = XLEN[build]

    def m_may(pa):
        """The guest's own M-mode housekeeping (a fetch marker, a store's look-up and
        restore) may read and write pa: no locked PMP entry forbids it."""
        return all(pmp_allows(pmp, pa & ~3, 4, kind, "M", xlen) for kind in ("load", "store"))
    ops = c.ops
    ops += [OP_BEGIN, index]
    mem_values = set()
    for _, w in info.lines:
        if w[0] == "mem":
            v = num(w[2])
            mem_values.update({v & 0xFFFFFFFF, v >> 32})
    nonce = 0x5A5A5A5A
    while nonce in mem_values:
        nonce += 0x01010101
    out = 0

    def satp():
        m = modes[st["mode"]]
        if build == "rv32":
            return (m << 31) | (st["asid"] << 22) | st["root"]
        return (m << 60) | (st["asid"] << 44) | st["root"]

    for lineno, w in info.lines:
        k = w[0]
        if k in ("mode", "asid", "root"):
            st[k] = w[1] if k == "mode" else num(w[1])
            ops += [OP_SATP, satp()]
        elif k == "priv":
            st["priv"] = w[1]
        elif k in ("sum", "mxr"):
            st[k] = num(w[1])
            ops += [(OP_SUM if k == "sum" else OP_MXR) | (st[k] << 8)]
        elif k == "ad":
            st["ad"] = w[1]
            ops += [OP_AD | ((1 if w[1] == "hw" else 0) << 8)]
        elif k == "mem":
            pa, v = num(w[1]), num(w[2])
            if backed(pa) and not device_region(build, pa):   # (else not comparable: never written)
                c.written[pa] = pte
                ops += [OP_MEM | (pte << 8), pa, v]
        elif k == "pbmte":
            ops += [OP_PBMTE | (num(w[1]) << 8)]
        elif k == "pmp":
            i, cfg, addr = num(w[1]), num(w[2]), num(w[3])
            if not pmp[i][0] & 0x80:      # a locked entry keeps its value, as on the hart
                tor_locked = i + 1 < 16 and pmp[i + 1][0] & 0x98 == 0x88
                pmp[i] = (cfg, pmp[i][1] if tor_locked else addr)
                pmp_views.append(tuple(pmp))
            ops += [OP_PMP | (i << 8), cfg, addr]
        elif k in ("sfence.w.inval", "sfence.inval.ir"):
            ops += [OP_SFENCE_W_INVAL if k == "sfence.w.inval" else OP_SFENCE_INVAL_IR]
        elif k in ("sfence", "sinval"):
            flags, va, asid = 0, 0, 0
            for kv in w[1:]:
                key, val = kv.split("=", 1)
                if key == "va":
                    flags |= 1
                    va = num(val)
                else:
                    flags |= 2
                    asid = num(val)
            ops += [(OP_SFENCE if k == "sfence" else OP_SINVAL) | (flags << 24), va, asid]
        elif k == "amo":
            # Not played: the guest performs no AMOs (it would need an amoor through
            # MPRV and a read-back of the word's old value).
            m = LineMeta(k, num(w[1]), st["priv"], st["mode"], lineno)
            m.skip = "amo (the guest plays loads, stores and fetches only)"
            out += 1
            c.meta.append(m)
            ops += [OP_SKIP | (KINDS["store"] << 8), m.addr]
        elif k in KINDS or k == "peek":
            addr = num(w[1])
            m = LineMeta(k, addr, st["priv"], st["mode"], lineno)
            m.ad, m.sum, m.mxr, m.pmp, m.pmp_views = st["ad"], st["sum"], st["mxr"], list(pmp), list(pmp_views)
            mline = model_lines[out].split() if out < len(model_lines) else []
            out += 1
            hint = hint2 = None
            if k == "peek":
                if not backed(addr) or device_region(build, addr):
                    m.skip = "peek outside the RAM the guest may touch"
                elif D_BASE <= addr < D_BASE + D_SIZE and addr not in c.written:
                    m.skip = "peek of a tagged word the scenario never wrote"
            else:
                if len(mline) >= 4 and mline[2] == "ok":
                    hint = int(mline[3], 16)
                if alt_lines and out - 1 < len(alt_lines):
                    # where the model under `ad hw` with an sfence before every access
                    # goes: QEMU may go there (a second fetch marker, a second place to
                    # look for a store)
                    aw = alt_lines[out - 1].split()
                    if len(aw) >= 4 and aw[2] == "ok" and not device_region(build, int(aw[3], 16)):
                        hint2 = int(aw[3], 16)
                if not m.translated:
                    reason = device_region(build, addr)
                    if reason:
                        m.skip = "M-mode/Bare access to a QEMU %s region" % reason
                elif hint is not None:
                    reason = device_region(build, hint)
                    if reason:
                        m.skip = "target in a QEMU %s region" % reason
            c.meta.append(m)
            if m.skip:
                ops += [OP_SKIP | ((3 if k == "peek" else KINDS[k]) << 8), addr]
            elif k == "peek":
                ops += [OP_PEEK | (pte << 8), addr]
            else:
                # a locked PMP entry may forbid the guest's M-mode marker write or look-up
                if hint is not None and not m_may(hint):
                    hint = None
                if hint2 is not None and not m_may(hint2):
                    hint2 = None
                exit_mret = {"mprv-exit=mret", "mprv-exit=mret-keep"} & info.xcheck_opts
                flags = (1 if hint is not None else 0) | (2 if exit_mret else 0) | \
                    (4 if hint2 is not None else 0) | (8 if "mprv-exit=mret-keep" in info.xcheck_opts else 0)
                word0 = OP_ACCESS | (KINDS[k] << 8) | (PRIVS[st["priv"]] << 16) | (flags << 24) | (nonce << 32)
                ops += [word0, addr, hint or 0, hint2 or 0]
    # Reset what the scenario wrote, so that the next one starts from zeroed tables and
    # intact tags.
    for pa, size in sorted(c.written.items()):
        for a in range(pa, pa + size, 4):
            if D_BASE <= a < D_BASE + D_SIZE:
                ops += [OP_RETAG, a]
            else:
                ops += [OP_MEM | (4 << 8), a, 0]
    ops += [OP_END]
    return c


# ---------------------------------------------------------------------------------
# The guest and QEMU

GUEST_SRC = ["start.S", "guest.c", "link.ld"]
CROSS = "riscv64-unknown-elf-gcc"


def tools_present():
    missing = [t for t in ("qemu-system-riscv32", "qemu-system-riscv64", CROSS) if not shutil.which(t)]
    return missing


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-riscv64", "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0]
    except OSError:
        return "?"


def build_guest(build, workdir):
    os.makedirs(workdir, exist_ok=True)
    elf = os.path.join(workdir, "guest_%s.elf" % build)
    src = [os.path.join(HERE, "guest", f) for f in GUEST_SRC]
    if os.path.exists(elf) and all(os.path.getmtime(elf) >= os.path.getmtime(s) for s in src):
        return elf
    arch = "-march=rv32ima_zicsr_zifencei -mabi=ilp32" if build == "rv32" else "-march=rv64ima_zicsr_zifencei -mabi=lp64"
    cmd = [CROSS] + arch.split() + ["-mcmodel=medany", "-O2", "-ffreestanding", "-nostdlib", "-nostartfiles",
                                    "-fno-pic", "-Wall", "-Wextra", "-Werror", "-Wl,--no-warn-rwx-segments",
                                    "-T", src[2], src[0], src[1], "-o", elf + ".tmp"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit("xcheck: guest build failed:\n" + " ".join(cmd) + "\n" + p.stderr)
    os.replace(elf + ".tmp", elf)
    return elf


def run_qemu(build, elf, ops, workdir, timeout, cpu=None):
    data = struct.pack("<%dQ" % (len(ops) + 1), *(ops + [OP_END_LIST]))
    if len(data) > OPS_MAX:
        sys.exit("xcheck: op list too large (%d bytes)" % len(data))
    fd, opsfile = tempfile.mkstemp(prefix="ops_%s_" % build, suffix=".bin", dir=workdir)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    cmd = ["qemu-system-riscv%d" % XLEN[build], "-machine", "virt", "-m", QEMU_RAM, "-bios", "none",
           "-display", "none", "-monitor", "none", "-serial", "stdio",
           "-device", "loader,file=%s,cpu-num=0" % elf,
           "-device", "loader,file=%s,addr=0x%x,force-raw=on" % (opsfile, OPS_ADDR)]
    if cpu:
        cmd += ["-cpu", cpu]
    cmd += os.environ.get("XCHECK_QEMU_ARGS", "").split()   # e.g. "-cpu rv64,priv_spec=v1.12.0"
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        out, status = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        status = "timeout"
    finally:
        os.unlink(opsfile)
    return status, out.replace("\r", "")


def split_guest_output(text):
    """{index: (lines, notes)} from the guest's '=== begin N' ... '=== end' blocks."""
    res = {}
    cur = None
    for line in text.splitlines():
        if line.startswith("=== begin "):
            cur = int(line.split()[2])
            res[cur] = ([], [])
        elif line == "=== end":
            cur = None
        elif cur is not None:
            (res[cur][1] if line.startswith("note ") else res[cur][0]).append(line)
    return res


def play_on_qemu(build, items, workdir, batch=40, cpu=None):
    """items: [(index, Converted)]. Returns {index: (lines, notes) or error string}."""
    elf = build_guest(build, workdir)
    results = {}
    if any(c.locked_pmp for _, c in items) and batch > 1:
        # a locked PMP entry lasts until reset: such a scenario gets a QEMU of its own
        results.update(play_on_qemu(build, [it for it in items if it[1].locked_pmp], workdir, 1, cpu))
        items = [it for it in items if not it[1].locked_pmp]
    for start in range(0, len(items), batch):
        chunk = items[start:start + batch]
        ops = []
        for _, conv in chunk:
            ops += conv.ops
        status, out = run_qemu(build, elf, ops, workdir, timeout=20 + 2 * len(chunk), cpu=cpu)
        got = split_guest_output(out)
        if status != 0 and len(chunk) > 1:
            # isolate the scenario that hung or crashed the guest
            results.update(play_on_qemu(build, [(i, cv) for i, cv in chunk], workdir, batch=1, cpu=cpu))
            continue
        for i, _ in chunk:
            results[i] = got.get(i, "QEMU run failed (status %s), no output for this scenario" % status)
            if status != 0 and isinstance(results[i], tuple):
                results[i][1].append("note qemu status %s" % status)
    return results


# ---------------------------------------------------------------------------------
# Comparison


class Tally:
    def __init__(self):
        self.rows = {}          # mode label -> [compared, agree, ok, fault]
        self.sizes = {}         # (mode, page size) -> [compared, agree, ok, fault] (generated scenarios)
        self.diffs = {}         # cause -> count
        self.examples = {}      # cause -> first few (scenario, line, model, qemu)
        self.skipped = {}       # reason -> lines
        self.not_comparable = {}  # reason -> scenarios
        self.scenarios = 0
        self.errors = []
        self.notes = {}

    def row(self, label):
        return self.rows.setdefault(label, [0, 0, 0, 0])

    def add_diff(self, cause, example):
        self.diffs[cause] = self.diffs.get(cause, 0) + 1
        ex = self.examples.setdefault(cause, [])
        if len(ex) < 3:
            ex.append(example)


def hint_variant(info):
    """The rewrite of the scenario whose model answers give the guest its second hint
    (a second fetch marker, a second place to look for a store): what QEMU 7.2 would
    answer if the model had its known differences: `ad hw`, a flush before every access,
    and, where the scenario's QEMU has them on, the laxer Svnapot/Svpbmt (bits 60:54,
    PBMTE, PBMT=3) and PMP (no check of A/D updates, R=0 W=1 grants W)."""
    cpu = qemu_cpu(info)
    v = ["hw", "flush"]
    if "svnapot=true" in cpu:
        v.append("resv")
    if "svpbmt=true" in cpu:
        v += ["pbmte1", "pbmt3"]
    if any(w[0] == "pmp" for _, w in info.lines):
        v += ["adset", "pmpwr"]
    return "+".join(v)


class Variants:
    """The model's output for rewritten copies of a scenario, made on demand:
    'hw' (every `ad fault` made `ad hw`), 'flush' (a full sfence before every access),
    'hw+flush'. A line that differs from QEMU but agrees with one of them is explained
    by that rewrite (QEMU 7.2 has no Svade; QEMU's TLB flushes more than the model's)."""

    def __init__(self, info, mmu_sim, workdir):
        self.info, self.mmu_sim, self.workdir = info, mmu_sim, workdir
        self.cache = {}

    def lines(self, variant):
        """variant: rewrites joined by '+': hw, flush, and for QEMU 7.2's laxer
        Svnapot/Svpbmt/PMP: resv (bits 60:54 of every PTE cleared), pbmte1 (menvcfg.PBMTE
        = 1 throughout), pbmt3 (leaves with PBMT=3 get PBMT=0), adset (every leaf has A
        and D already: no A/D update, so no PMP check of one)."""
        if variant not in self.cache:
            rw = set(variant.split("+"))
            out = []
            if "hw" in rw:
                out.append("ad hw")
            if "pbmte1" in rw:
                out.append("pbmte 1")
            with open(self.info.path) as f:
                for text in f:
                    words = text.split("#", 1)[0].split()
                    if "hw" in rw and words[:2] == ["ad", "fault"]:
                        text = "ad hw\n"
                    if "flush" in rw and words and words[0] in KINDS:
                        out.append("sfence")
                    if "pmpwr" in rw and words[:1] == ["pmp"] and len(words) == 4 and num(words[2]) & 3 == 2:
                        text = "pmp %s 0x%x %s\n" % (words[1], num(words[2]) | 1, words[3])
                    if "pbmte1" in rw and words[:1] == ["pbmte"]:
                        text = " ".join(words[:-2] + ["pbmte", "1"]) + "\n"
                    if words[:1] == ["mem"] and len(words) == 3 and rw & {"resv", "pbmt3", "adset"}:
                        v = num(words[2])
                        leaf = v & 1 and v & 0xE
                        if "resv" in rw:
                            v &= ~(0x7F << 54)
                        if "pbmt3" in rw and leaf and (v >> 61) & 3 == 3:
                            v &= ~(3 << 61)
                        if "adset" in rw and leaf:
                            v |= 0xC0
                        text = "mem %s 0x%x\n" % (words[1], v)
                    out.append(text.rstrip("\n"))
            fd, path = tempfile.mkstemp(suffix=".txt", dir=self.workdir)
            with os.fdopen(fd, "w") as f:
                f.write("\n".join(out) + "\n")
            status, lines, _ = run_model(self.mmu_sim, path)
            os.unlink(path)
            self.cache[variant] = lines if status == 0 else []
        return self.cache[variant]


def compare_scenario(info, model_lines, conv, qemu, tally, verbose, variants=None, strict=False):
    if isinstance(qemu, str):
        tally.errors.append("%s: %s" % (info.path, qemu))
        return False
    qlines, notes = qemu
    for n in notes:
        key = re.sub(r"0x[0-9a-f]+", "N", n)
        tally.notes[key] = tally.notes.get(key, 0) + 1
    if len(qlines) != len(model_lines) or len(conv.meta) != len(model_lines):
        tally.errors.append("%s: the model printed %d lines, QEMU %d" % (info.path, len(model_lines), len(qlines)))
        return False
    clean = True
    for i, (m, ml, ql) in enumerate(zip(conv.meta, model_lines, qlines)):
        if m.skip:
            tally.skipped[m.skip] = tally.skipped.get(m.skip, 0) + 1
            continue
        row = tally.row(m.mode_label)
        row[0] += 1
        mw = ml.split()
        note = info.comments.get(m.lineno, "")
        srow = tally.sizes.setdefault((m.mode_label, note.split()[1]), [0, 0, 0, 0]) \
            if m.translated and note.startswith("page ") else [0, 0, 0, 0]
        srow[0] += 1
        if len(mw) >= 3 and m.kind != "peek":
            row[2 if mw[2] == "ok" else 3] += 1
            srow[2 if mw[2] == "ok" else 3] += 1
        if ml == ql:
            row[1] += 1
            srow[1] += 1
            continue
        cause = quirks.classify(info, m, ml, ql, lambda v: (variants.lines(v) + [""] * (i + 1))[i], qemu_cpu(info))
        tally.add_diff(cause, "%s:%d: model '%s' qemu '%s'" % (info.path, m.lineno, ml, ql))
        if cause.startswith("unexplained") or (strict and quirks.dependent(cause)):
            clean = False
            if verbose:
                print("DIFF %s:%d\n  model: %s\n  qemu:  %s" % (info.path, m.lineno, ml, ql))
    return clean


def print_figures(tally, builds):
    print("xcheck: %s; %d scenarios (%s)" % (qemu_version(), tally.scenarios, ", ".join(builds)))
    print("  %-22s %9s %9s %9s %9s %7s" % ("translations compared", "lines", "agree", "model ok", "model flt", "differ"))
    order = ["bare", "sv32", "sv39", "sv48", "M", "peek"]
    tot = [0, 0, 0, 0]
    for label in order + sorted(set(tally.rows) - set(order)):
        if label not in tally.rows:
            continue
        r = tally.rows[label]
        name = {"M": "M-mode (untranslated)", "peek": "peek (PTE words)", "bare": "Bare (S/U)"}.get(label, label)
        if label == "peek":
            print("  %-22s %9d %9d %9s %9s %7d" % (name, r[0], r[1], "-", "-", r[0] - r[1]))
        else:
            print("  %-22s %9d %9d %9d %9d %7d" % (name, r[0], r[1], r[2], r[3], r[0] - r[1]))
        tot = [a + b for a, b in zip(tot, r)]
    print("  %-22s %9d %9d %9d %9d %7d" % ("total", tot[0], tot[1], tot[2], tot[3], tot[0] - tot[1]))
    print("  (lines: accesses and peeks played on both; 'differ' counts every difference, explained or not)")
    if tally.sizes:
        print("  translated accesses to mapped pages, by page size:")
        rank = {"4K": 0, "2M": 1, "4M": 1, "1G": 2, "512G": 3}
        for (mode, size), r in sorted(tally.sizes.items(), key=lambda kv: (kv[0][0], rank.get(kv[0][1], 9))):
            print("  %-22s %9d %9d %9d %9d %7d" % ("%s %s" % (mode, size), r[0], r[1], r[2], r[3], r[0] - r[1]))
    if tally.diffs:
        print("  differences by cause:")
        for cause, n in sorted(tally.diffs.items(), key=lambda kv: -kv[1]):
            print("    %6d  %s" % (n, cause))
            for ex in tally.examples[cause]:
                print("            e.g. %s" % ex)
    else:
        print("  differences: none")
    if tally.skipped:
        print("  lines not played on QEMU:")
        for reason, n in sorted(tally.skipped.items()):
            print("    %6d  %s" % (n, reason))
    if tally.not_comparable:
        print("  scenarios not comparable (not run on QEMU):")
        for reason, names in sorted(tally.not_comparable.items()):
            print("    %6d  %s: %s" % (len(names), reason, " ".join(sorted(names))[:300]))
    if tally.notes:
        print("  guest notes:")
        for n, k in sorted(tally.notes.items()):
            print("    %6d  %s" % (k, n))
    for e in tally.errors:
        print("  ERROR %s" % e)


def compare_files(paths, mmu_sim, workdir, verbose=False, tally=None, strict=False):
    tally = tally or Tally()
    per_build = {}      # (build, -cpu) -> [(index, Converted)]
    infos = {}
    ok = True
    for path in paths:
        info = ScenarioInfo(path)
        status, lines, err = run_model(mmu_sim, path)
        if status != 0:
            tally.errors.append("%s: mmu_sim --model-only exit %d: %s" % (path, status, err))
            ok = False
            continue
        variants = Variants(info, mmu_sim, workdir)
        conv = convert(info, lines, len(infos), variants.lines(hint_variant(info)))
        tally.scenarios += 1
        if conv.not_comparable:
            tally.not_comparable.setdefault(conv.not_comparable, []).append(info.name)
            continue
        infos[len(infos)] = (info, lines, conv, variants)
        per_build.setdefault((info.build, qemu_cpu(info)), []).append((len(infos) - 1, conv))
    for (build, cpu), items in sorted(per_build.items()):
        res = play_on_qemu(build, items, workdir, cpu=cpu)
        for i, _ in items:
            info, lines, conv, variants = infos[i]
            if not compare_scenario(info, lines, conv, res[i], tally, verbose, variants, strict):
                ok = False
    return ok and not tally.errors, tally


# ---------------------------------------------------------------------------------
# CLI


def cmd_generated(a, mmu_sim):
    import gen
    t0 = time.time()
    builds = ["rv32", "rv64"] if a.build == "all" else [a.build]
    gdir = os.path.join(a.work, "generated")
    shutil.rmtree(gdir, ignore_errors=True)
    os.makedirs(gdir)
    paths = []
    for b in builds:
        for i in range(a.count):
            path = os.path.join(gdir, "%s_s%d.txt" % (b, a.seed + i))
            with open(path, "w") as f:
                f.write(gen.generate(b, a.seed + i, a.features))
            paths.append(path)
    ok, tally = compare_files(paths, mmu_sim, a.work, a.verbose, strict=True)
    print("xcheck: generated scenarios, seeds %d..%d per build%s" % (
        a.seed, a.seed + a.count - 1, (", features " + "+".join(a.features)) if a.features else ""))
    print_figures(tally, builds)
    print("  time %.1f s" % (time.time() - t0))
    bad = sorted({ex.split(":")[0] for cause, exs in tally.examples.items()
                  if cause.startswith("unexplained") or quirks.dependent(cause) for ex in exs})
    if bad and a.keep:
        os.makedirs(a.keep, exist_ok=True)
        for p in bad:
            shutil.copy(p, a.keep)
        print("  scenarios with unexplained differences copied to %s" % a.keep)
    n = sum(k for cause, k in tally.diffs.items() if cause.startswith("unexplained") or quirks.dependent(cause))
    print("xcheck: %s" % ("PASS" if ok else "FAIL (%d unexplained differences, %d errors)" % (n, len(tally.errors))))
    return 0 if ok else 1


def cmd_selftest(a, mmu_sim):
    """Generated scenarios (seeds 1..20 per build) against a deliberately wrong model
    (perturb()): the injected lines, and only they, must be unexplained differences.
    Shows that QEMU's answers are read from QEMU, not echoed from the model's hints."""
    import gen
    gdir = os.path.join(a.work, "selftest")
    shutil.rmtree(gdir, ignore_errors=True)
    os.makedirs(gdir)
    paths = []
    for b in ("rv32", "rv64"):
        for i in range(1, 21):
            path = os.path.join(gdir, "%s_s%d.txt" % (b, i))
            with open(path, "w") as f:
                f.write(gen.generate(b, i))
            paths.append(path)
    injected = 0
    for p in paths:
        _, good, _ = run_model(mmu_sim, p)
        injected += sum(perturb(l) != l for l in good)
    PERTURB["on"] = True
    ok, tally = compare_files(paths, mmu_sim, a.work)
    PERTURB["on"] = False
    unexplained = tally.diffs.get(quirks.UNEXPLAINED, 0)
    other = {c: n for c, n in tally.diffs.items() if c != quirks.UNEXPLAINED and not c.startswith("model-bare-alias")}
    good = injected > 0 and unexplained == injected and not other and not tally.errors
    print("xcheck selftest: %d wrong model lines injected, %d unexplained differences found%s: %s" % (
        injected, unexplained, (", other causes %s" % other) if other else "", "PASS" if good else "FAIL"))
    return 0 if good else 1


def cmd_quirks(a, mmu_sim):
    qdir = os.path.join(HERE, "quirks")
    failures = skipped = 0
    for name in sorted(os.listdir(qdir)):
        if not name.endswith(".txt") or (a.names and name[:-4] not in a.names):
            continue
        path = os.path.join(qdir, name)
        info = ScenarioInfo(path)
        # expect=ID: the cause must show; expect=ID?: it may (a model difference that a fix
        # on main removes)
        expect = {o.split("=", 1)[1] for o in info.xcheck_opts if o.startswith("expect=")}
        needs = [o.split("=", 1)[1] for o in info.xcheck_opts if o.startswith("needs=")]
        lacking = [n for n in needs if not CAPS[n]]
        if lacking:
            print("skip %s: the model's scenario player lacks %s" % (name, ", ".join(lacking)))
            skipped += 1
            continue
        required = {e for e in expect if not e.endswith("?")}
        optional = {e.rstrip("?") for e in expect}
        status, lines, err = run_model(mmu_sim, path)
        if status:
            print("FAIL %s: model exit %d: %s" % (name, status, err))
            failures += 1
            continue
        variants = Variants(info, mmu_sim, a.work)
        conv = convert(info, lines, 0, variants.lines(hint_variant(info)))
        res = play_on_qemu(info.build, [(0, conv)], a.work, cpu=qemu_cpu(info))[0]
        if isinstance(res, str):
            print("FAIL %s: %s" % (name, res))
            failures += 1
            continue
        got = "\n".join(res[1] + res[0]) + "\n"      # the guest's notes, then its lines
        pinned = path[:-4] + ".qemu"
        if a.update:
            with open(pinned, "w") as f:
                f.write(got)
        want = open(pinned).read() if os.path.exists(pinned) else None
        tally = Tally()
        compare_scenario(info, lines, conv, res, tally, False, variants)
        found = {cause.split(":")[0] for cause in tally.diffs}
        problems = []
        if want != got:
            problems.append("QEMU's lines differ from %s:\n%s" % (os.path.basename(pinned), got))
        if not (required <= found <= optional):
            problems.append("causes found %s, the file expects %s" % (sorted(found) or "none", sorted(expect) or "none"))
        print("%s %s: %d lines, causes: %s" % ("FAIL" if problems else "ok  ", name, len(res[0]),
                                              ", ".join("%s x%d" % (c.split(":")[0], k) for c, k in sorted(tally.diffs.items())) or "none"))
        for p in problems:
            print("     " + p)
        failures += bool(problems)
    print("xcheck quirks: %s%s" % ("PASS" if not failures else "FAIL (%d files)" % failures,
                                   " (%d skipped)" % skipped if skipped else ""))
    return 1 if failures else 0


def features_arg(text):
    import gen
    fs = tuple(f for f in text.split(",") if f)
    bad = [f for f in fs if f not in gen.FEATURES]
    if bad:
        raise argparse.ArgumentTypeError("unknown feature %s (known: %s)" % (", ".join(bad), ", ".join(gen.FEATURES)))
    return fs


def find_mmu_sim(arg):
    for cand in ([arg] if arg else []) + [os.path.join(HERE, "..", "build", "sim", "mmu_sim")]:
        if cand and os.path.exists(cand):
            return cand
    sys.exit("xcheck: mmu_sim not found (build it, or pass --mmu-sim)")


def main(argv):
    ap = argparse.ArgumentParser(prog="xcheck.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare", help="compare scenario files on the model and QEMU")
    c.add_argument("files", nargs="+")
    c.add_argument("--mmu-sim")
    c.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xcheck-work"))
    c.add_argument("-v", "--verbose", action="store_true")
    c.add_argument("--strict", action="store_true",
                   help="also fail on differences that only Svade or TLB contents explain (generated scenarios promise neither)")
    q = sub.add_parser("qemu", help="play scenario files on QEMU only and print the guest's lines")
    q.add_argument("files", nargs="+")
    q.add_argument("--mmu-sim")
    q.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xcheck-work"))
    g = sub.add_parser("gen", help="write random scenarios")
    g.add_argument("--build", choices=["rv32", "rv64"], required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--count", type=int, default=1)
    g.add_argument("--out", required=True)
    r = sub.add_parser("generated", help="generate scenarios with fixed seeds and compare them (--strict)")
    r.add_argument("--build", choices=["rv32", "rv64", "all"], default="all")
    r.add_argument("--seed", type=int, required=True)
    r.add_argument("--count", type=int, required=True, help="scenarios per build")
    r.add_argument("--mmu-sim")
    r.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xcheck-work"))
    r.add_argument("--keep", help="copy scenarios with unexplained differences here")
    for p in (g, r):
        p.add_argument("--features", type=features_arg, default=(),
                       help="comma-separated: sv57, napot, pbmt, pmp, svinval (gen.py; default: none, the original scenarios)")
    r.add_argument("-v", "--verbose", action="store_true")
    qk = sub.add_parser("quirks", help="play xcheck/quirks/*.txt: QEMU's lines must equal NAME.qemu, "
                        "and the causes found must be the ones the file expects")
    qk.add_argument("--mmu-sim")
    qk.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xcheck-work"))
    qk.add_argument("--update", action="store_true", help="(re)write NAME.qemu")
    qk.add_argument("names", nargs="*", help="only these quirks (file names without .txt)")
    for p in (c, q, r, qk):
        p.add_argument("--skip-code", type=int, default=1,
                       help="exit status when QEMU or the cross compiler is missing (CTest: 77)")
    st = sub.add_parser("selftest", help="the comparison must catch a wrong model: every wrong line "
                        "the self-test injects must come out unexplained, and nothing else")
    st.add_argument("--mmu-sim")
    st.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "xcheck-work"))
    st.add_argument("--skip-code", type=int, default=1)
    sub.add_parser("check-tools", help="exit 0 when QEMU and the cross compiler are installed")
    a = ap.parse_args(argv)

    if a.cmd == "check-tools":
        missing = tools_present()
        if missing:
            print("xcheck: missing %s (bash sim/setup.sh qemu installs them)" % ", ".join(missing))
            return 1
        return 0
    if a.cmd == "gen":
        import gen
        os.makedirs(a.out, exist_ok=True)
        for i in range(a.count):
            path = os.path.join(a.out, "%s_s%d.txt" % (a.build, a.seed + i))
            with open(path, "w") as f:
                f.write(gen.generate(a.build, a.seed + i, a.features))
        return 0
    missing = tools_present()
    if missing:
        print("xcheck: SKIP: missing %s (bash sim/setup.sh qemu installs them)" % ", ".join(missing))
        return a.skip_code
    mmu_sim = find_mmu_sim(a.mmu_sim)
    os.makedirs(a.work, exist_ok=True)
    CAPS.update(probe_model(mmu_sim, a.work))
    need = {"sv57": "sv57", "napot": "napot", "pbmt": "pbmte", "pmp": "pmp", "svinval": "svinval"}
    missing = [f for f in getattr(a, "features", ()) if not CAPS[need[f]]]
    if missing:
        print("xcheck: SKIP: the model's scenario player lacks %s (its branch is not merged here)" % ", ".join(missing))
        return a.skip_code
    if a.cmd == "generated":
        return cmd_generated(a, mmu_sim)
    if a.cmd == "quirks":
        return cmd_quirks(a, mmu_sim)
    if a.cmd == "selftest":
        return cmd_selftest(a, mmu_sim)
    if a.cmd == "qemu":
        for path in a.files:
            info = ScenarioInfo(path)
            status, lines, err = run_model(mmu_sim, path)
            if status:
                print("%s: model exit %d: %s" % (path, status, err))
                continue
            os.makedirs(a.work, exist_ok=True)
            conv = convert(info, lines, 0, Variants(info, mmu_sim, a.work).lines(hint_variant(info)))
            if conv.not_comparable:
                print("# %s: not comparable: %s (played anyway)" % (path, conv.not_comparable))
            res = play_on_qemu(info.build, [(0, conv)], a.work, cpu=qemu_cpu(info))[0]
            if isinstance(res, str):
                print(res)
                continue
            for n in res[1]:
                print("# " + n)
            for m, ml, ql in zip(conv.meta, lines, res[0]):
                flag = "  " if ml == ql else "!="
                print("%s %-45s # model: %s" % (flag, ql, ml) if ml != ql else "%s %s" % (flag, ql))
        return 0
    t0 = time.time()
    os.makedirs(a.work, exist_ok=True)
    ok, tally = compare_files(a.files, mmu_sim, a.work, a.verbose, strict=a.strict)
    print_figures(tally, sorted({ScenarioInfo(p).build for p in a.files}))
    print("  time %.1f s" % (time.time() - t0))
    unexplained = sum(n for cause, n in tally.diffs.items() if cause.startswith("unexplained") or (a.strict and quirks.dependent(cause)))
    print("xcheck: %s" % ("PASS" if ok else "FAIL (%d unexplained differences, %d errors)" % (unexplained, len(tally.errors))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
