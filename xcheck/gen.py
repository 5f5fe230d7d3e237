"""Random scenarios for the QEMU cross-check (seeded, reproducible).

Coverage: every mode of the build (rv32: Sv32, Bare; rv64: Sv39, Sv48, Bare), every
page size (4 KiB, 2 MiB / 4 MiB, 1 GiB, 512 GiB), leaf encodings (every R/W/X
combination including the reserved W-without-R ones, V=0, U, G, A, D, reserved bits
60:54, PBMT and N on rv64, misaligned superpages), pointer encodings (pointer with A, D
or U, pointer at level 0, pointer with G), non-canonical VAs, U/S with SUM and MXR,
M-mode, several address spaces with their own ASIDs, PTE edits, and peeks of the PTEs
that A/D updates write.

The rules that make a scenario comparable with QEMU (xcheck/README.md):
  * `ad hw` only: QEMU 7.2 always updates A/D in hardware (it has no Svade).
  * Results never depend on TLB contents: every PTE edit is followed by an sfence.vma
    that covers it (a full one for a pointer, one naming the page, or the page and the
    ASID, or the ASID, for a leaf, the last two only when neither the old nor the new
    leaf is global), and every satp change by a full sfence.
  * Page tables live in 0x80000000-0x87ffffff, leaf targets in the tagged region
    0x88000000-0x88ffffff (offsets into 1 GiB and 512 GiB pages are chosen to land
    there); no buserr, no ram directive, no device addresses.
"""

import random

T_PAGES = (0x80000000 >> 12, 0x88000000 >> 12)   # page-table pages
D_BASE, D_SIZE = 0x88000000, 0x01000000

V, R, W, X, U, G, A, D = 1, 2, 4, 8, 0x10, 0x20, 0x40, 0x80

GEOM = {  # levels, VPN bits per level, PTE bytes, VA bits
    "sv32": (2, 10, 4, 32),
    "sv39": (3, 9, 8, 39),
    "sv48": (4, 9, 8, 48),
    "sv57": (5, 9, 8, 57),
}
SIZE_NAMES = {12: "4K", 16: "64K", 21: "2M", 22: "4M", 30: "1G", 39: "512G", 48: "256T"}

# Feature sets (`--features`): each adds its directives and PTE encodings; with none, the
# output is the original generator's, byte for byte.
FEATURES = ("sv57", "napot", "pbmt", "pmp", "svinval")
PBMT_SHIFT, N_BIT = 61, 1 << 63


class Space:
    """One address space: a root table and its mappings."""

    def __init__(self, gen, mode, asid):
        self.mode, self.asid = mode, asid
        self.levels, self.bits, self.pte, self.vabits = GEOM[mode]
        self.root = gen.alloc_table()
        self.tables = {}    # (level, vpn prefix) -> table page number
        self.tables[(self.levels - 1, ())] = self.root
        self.leaves = []    # [va_base, level, pte address, value, usable]


class Gen:
    def __init__(self, build, seed, features=()):
        self.build = build
        self.features = set(features) if build == "rv64" else set(features) & {"pmp", "svinval"}
        self.r = random.Random("%s-%d" % (build, seed) + "".join("-" + f for f in sorted(self.features)))
        self.out = ["# xcheck random scenario: build %s seed %d%s (xcheck/gen.py)" % (
            build, seed, "".join(" +" + f for f in sorted(self.features))), "ad hw"]
        self.pbmte = 0
        self.pmp = [(0, 0)] * 15 + [(0x1F, (1 << 64) - 1)]   # the default view
        self.used_tables = set()
        self.mem = {}
        self.priv, self.sum, self.mxr = "S", 0, 0
        self.mode, self.asid, self.root = "bare", 0, 0

    # --- memory -------------------------------------------------------------
    def alloc_table(self):
        while True:
            p = self.r.randrange(*T_PAGES)
            if p not in self.used_tables:
                self.used_tables.add(p)
                return p

    def write(self, pa, value, why=""):
        self.mem[pa] = value
        self.out.append("mem 0x%x 0x%x%s" % (pa, value, ("  # " + why) if why else ""))

    # --- directives ---------------------------------------------------------
    def emit(self, line):
        self.out.append(line)

    def set_priv(self, p):
        if p != self.priv:
            self.priv = p
            self.emit("priv %s" % p)

    def activate(self, sp):
        """satp <- the space (or Bare when sp is None), then a full sfence."""
        mode = sp.mode if sp else "bare"
        changed = False
        if mode != self.mode:
            self.emit("mode %s" % mode)
            self.mode, changed = mode, True
        if sp and sp.root != self.root:
            self.emit("root 0x%x" % sp.root)
            self.root, changed = sp.root, True
        if sp and sp.asid != self.asid:
            self.emit("asid %d" % sp.asid)
            self.asid, changed = sp.asid, True
        if changed:
            self.emit("sfence")

    def flags(self):
        return V | self.r.choice([R, R | W, X, R | X, R | W | X, R | W | X, R | X, R | W])

    def leaf_value(self, sp, level, ppn):
        r = self.r
        f = self.flags()
        if r.random() < 0.5:
            f |= U
        if r.random() < 0.25:
            f |= G
        f |= r.choice([0, A, A, A | D, A | D, D])
        if r.random() < 0.5:
            f |= 0x300 & r.randrange(0x400)   # RSW: ignored
        bad = r.random()
        if bad < 0.04:
            f &= ~V                                # invalid
        elif bad < 0.08:
            f = (f & ~(R | X)) | W                 # W without R (and without X)
        elif bad < 0.11:
            f = (f & ~R) | W | X                   # W|X without R
        elif bad < 0.14 and sp.pte == 8:
            f |= 1 << r.choice([54, 55, 57, 60, 61, 62, 63])   # reserved / PBMT / N
        elif bad < 0.18 and level > 0:
            ppn |= 1 << r.randrange(level * sp.bits)           # misaligned superpage
        if "pbmt" in self.features and r.random() < 0.5:
            f |= r.choice([1, 1, 2, 2, 3]) << PBMT_SHIFT       # NC, IO, reserved 3
        if "napot" in self.features and level > 0 and r.random() < 0.04:
            f |= N_BIT                                         # N above level 0: reserved
        return (ppn << 10) | f

    def pointer_value(self, table):
        r = self.r
        f = V
        if r.random() < 0.2:
            f |= G
        if r.random() < 0.06:
            f |= r.choice([A, D, U])               # reserved in pointers
        if "pbmt" in self.features and r.random() < 0.05:
            f |= r.choice([1, 2, 3]) << PBMT_SHIFT  # PBMT in a pointer: reserved
        if "napot" in self.features and r.random() < 0.04:
            f |= N_BIT                             # N in a pointer: reserved
        return (table << 10) | f

    # --- mappings -----------------------------------------------------------
    def vpn_split(self, sp, va):
        return [(va >> (12 + sp.bits * l)) & ((1 << sp.bits) - 1) for l in range(sp.levels)]

    def canonical(self, sp, va):
        if sp.vabits == 32:
            return va & 0xFFFFFFFF
        if va >> (sp.vabits - 1) & 1:
            return va | (((1 << 64) - 1) ^ ((1 << sp.vabits) - 1))
        return va

    def map(self, sp, level, napot=False):
        """A new leaf at `level` in a fresh slot; returns the leaf record. napot: a 64 KiB
        Svnapot page (level 0), its PTE written into all 16 slots."""
        r = self.r
        for _ in range(50):
            va = r.randrange(1 << sp.vabits) & ~((1 << (16 if napot else 12 + sp.bits * level)) - 1)
            va = self.canonical(sp, va)
            vpn = self.vpn_split(sp, va)
            # walk down, creating pointers; the leaf slot must be free
            ok = True
            for lv in range(sp.levels - 1, level, -1):
                key = (lv, tuple(vpn[lv + 1:]))
                if key not in sp.tables:
                    ok = False
                    break
                slot = (sp.tables[key] << 12) + vpn[lv] * sp.pte
                child = (lv - 1, tuple(vpn[lv:]))
                if child not in sp.tables and slot in self.mem:
                    ok = False      # occupied by a leaf
                    break
                if child not in sp.tables:
                    t = self.alloc_table()
                    sp.tables[child] = t
                    self.write(slot, self.pointer_value(t), "pointer, level %d" % lv)
            if not ok:
                continue
            slot = (sp.tables[(level, tuple(vpn[level + 1:]))] << 12) + vpn[level] * sp.pte
            if napot:
                if any(slot + i * sp.pte in self.mem for i in range(16)):
                    continue
                return self.napot_leaf(sp, va, slot)
            if slot in self.mem:
                continue
            ppn = self.target_ppn(sp, level)
            val = self.leaf_value(sp, level, ppn)
            self.write(slot, val, "leaf, level %d" % level)
            rec = [va, level, slot, val]
            sp.leaves.append(rec)
            return rec
        return None

    def napot_leaf(self, sp, va, slot):
        """A 64 KiB NAPOT leaf (PPN[3:0] = 1000, N) in all 16 slots of its range, with A
        (and D when writable) already set: no A/D update, so the replica the hardware
        would write never matters. Or, one time in three, a reserved encoding in one slot
        (PPN[3:0] other than 1000), A/D left to the generator's choice: a page fault."""
        r = self.r
        base = (D_BASE >> 12) + r.randrange(D_SIZE >> 16) * 16
        if r.random() < 0.33:
            low = r.choice([0, 1, 4, 0xC, 0x9, 0xF, 0x2])
            val = self.leaf_value(sp, 0, base | low) | N_BIT
            self.write(slot, val, "napot, bad encoding PPN[3:0]=%x" % low)
            rec = [va, 0, slot, val]
            sp.leaves.append(rec)
            return rec
        f = self.flags() | A | (self.r.random() < 0.5 and U or 0)
        if f & W:
            f |= D
        if "pbmt" in self.features and r.random() < 0.4:
            f |= r.choice([1, 2]) << PBMT_SHIFT
        val = ((base | 8) << 10) | f | N_BIT
        for i in range(16):
            self.write(slot + i * sp.pte, val, "napot 64K, replica %d" % i)
        rec = [va, 0, slot, val, 16]      # a fifth field: the page's size in bits
        sp.leaves.append(rec)
        return rec

    def target_ppn(self, sp, level):
        r = self.r
        if level == 0:
            return (D_BASE >> 12) + r.randrange(D_SIZE >> 12)
        size = 1 << (12 + sp.bits * level)
        if size <= D_SIZE:
            return (D_BASE + r.randrange(D_SIZE // size) * size) >> 12
        return (D_BASE // size * size) >> 12        # 1 GiB: 0x80000000; 512 GiB: 0

    def offset(self, sp, level, ppn):
        """A page offset whose PA lands in the tagged region."""
        size = 1 << (12 + sp.bits * level)
        base = ppn << 12
        lo, hi = max(base, D_BASE), min(base + size, D_BASE + D_SIZE)
        if lo >= hi:
            return self.r.randrange(size)
        return self.r.randrange(lo, hi) - base

    def leaf_va(self, sp, rec):
        va, level, _, val = rec[:4]
        if len(rec) > 4:                   # NAPOT: any 4 KiB page of the 64 KiB range
            return va + self.r.randrange(1 << rec[4])
        ppn = (val >> 10) & ((1 << 44) - 1)
        return va + self.offset(sp, level, ppn & ~((1 << (sp.bits * level)) - 1))

    # --- the scenario -------------------------------------------------------
    def access(self, va, what="", pte=None):
        kinds = ["load", "load", "store", "fetch"]
        if pte is not None and self.r.random() < 0.6:
            # mostly an access the leaf allows, from a privilege it allows
            allowed = [k for k, bit in (("load", R), ("store", W), ("fetch", X)) if pte & bit]
            kinds = allowed or kinds
            if self.priv != "M" and self.r.random() < 0.7:
                self.set_priv("U" if pte & U else "S")
        line = "%s 0x%x" % (self.r.choice(kinds), va)
        self.emit(line + (" " * max(1, 33 - len(line)) + "# " + what if what else ""))

    def random_priv_bits(self):
        r = self.r
        if r.random() < 0.3:
            self.set_priv(r.choice(["U", "S", "S"]))
        if r.random() < 0.15:
            self.sum ^= 1
            self.emit("sum %d" % self.sum)
        if r.random() < 0.15:
            self.mxr ^= 1
            self.emit("mxr %d" % self.mxr)

    def edit_leaf(self, sp, rec):
        r = self.r
        va, level, slot, old = rec[:4]
        choice = r.random()
        if choice < 0.4:
            new = old & ~(A | D)                         # clear A/D: hardware sets them again
        elif choice < 0.7:
            new = (old & ~0xFF) | (self.leaf_value(sp, level, 0) & 0xFF)
        else:
            new = self.leaf_value(sp, level, self.target_ppn(sp, level))
        rec[3] = new
        self.write(slot, new, "edit")
        global_ = (old | new) & G or self.path_global(sp, va, level)
        forms = ["sfence", "sfence va=0x%x" % (va + r.randrange(1 << (12 + sp.bits * level)))]
        if not global_:
            forms += ["sfence va=0x%x asid=%d" % (va, sp.asid), "sfence asid=%d" % sp.asid]
        form = r.choice(forms)
        if "svinval" in self.features and r.random() < 0.6:
            # Svinval's sequence: sfence.w.inval, sinval.vma with the same operands (now
            # and then one more for another page), sfence.inval.ir
            self.emit("sfence.w.inval")
            self.emit(form.replace("sfence", "sinval", 1))
            if r.random() < 0.3:
                self.emit("sinval va=0x%x" % self.canonical(sp, r.randrange(1 << sp.vabits) & ~0xFFF))
            self.emit("sfence.inval.ir")
        else:
            self.emit(form)

    def path_global(self, sp, va, level):
        """True when a pointer on the walk to the leaf has G (the leaf is then global)."""
        vpn = self.vpn_split(sp, va)
        for lv in range(sp.levels - 1, level, -1):
            slot = (sp.tables[(lv, tuple(vpn[lv + 1:]))] << 12) + vpn[lv] * sp.pte
            if self.mem.get(slot, 0) & G:
                return True
        return False

    def edit_pointer(self, sp):
        r = self.r
        ptrs = [a for a, v in self.mem.items() if v & 0xF == V and (a >> 12) in
                [t for (lv, _), t in sp.tables.items()]]
        if not ptrs:
            return
        slot = r.choice(sorted(ptrs))
        old = self.mem[slot]
        new = old ^ r.choice([G, A, U, V, D])
        self.write(slot, new, "pointer edit")
        self.emit("sfence")
        if r.random() < 0.7:                             # mostly put it back
            self.write(slot, old, "pointer restored")
            self.emit("sfence")

    def untranslated(self):
        r = self.r
        va = D_BASE + r.randrange(D_SIZE)
        regions = [rg for rg in self.pmp_regions() if D_BASE <= rg[0] < D_BASE + D_SIZE]
        if regions and r.random() < 0.5:          # where a PMP entry (maybe locked) decides
            lo, hi = r.choice(regions)
            va = r.randrange(lo, min(hi, D_BASE + D_SIZE))
        if self.build == "rv64" and r.random() < 0.04:
            va |= r.randrange(1, 256) << 56              # above the 56-bit PA width
        self.access(va)

    def generate(self):
        r = self.r
        modes = ["sv32"] if self.build == "rv32" else ["sv39", "sv48"]
        if "sv57" in self.features:
            modes = ["sv57", "sv57", "sv39", "sv48"]
        spaces = []
        asids = r.sample(range(1, 1 << (9 if self.build == "rv32" else 16)), 3)
        for i in range(r.choice([1, 2, 3])):
            spaces.append(Space(self, r.choice(modes), asids[i] if r.random() < 0.8 else 0))
        for sp in spaces:
            sizes = list(range(sp.levels))
            for level in sizes:
                for _ in range(r.choice([1, 2, 3]) if level < 2 else r.choice([1, 1, 2])):
                    self.map(sp, level)
            if "napot" in self.features:
                for _ in range(r.choice([1, 2, 3])):
                    self.map(sp, 0, napot=True)
            # a pointer at level 0: a leaf-level slot with V only
            if r.random() < 0.3:
                rec = self.map(sp, 0)
                if rec:
                    rec[3] = (rec[3] & ~0xFE & ~(0x3FF << 54)) | V
                    self.write(rec[2], rec[3], "pointer at level 0")
        if "pbmt" in self.features and r.random() < 0.7:
            self.set_pbmte(1)
        if "pmp" in self.features:
            for _ in range(r.choice([1, 2, 3, 4])):
                self.pmp_entry(spaces)
            self.emit("sfence")
        self.activate(spaces[0])      # rv32 scenarios must say sv32 somewhere
        for step in range(r.randrange(25, 45)):
            what = r.random()
            if self.features & {"pbmt", "pmp"} and r.random() < 0.06:
                if "pbmt" in self.features and (r.random() < 0.5 or "pmp" not in self.features):
                    self.set_pbmte(self.pbmte ^ 1)
                else:
                    self.pmp_entry(spaces)
                self.emit("sfence")
                continue
            if what < 0.08:
                self.activate(None if r.random() < 0.3 else r.choice(spaces))
                continue
            if what < 0.14:
                self.set_priv("M")
                for _ in range(r.randrange(1, 3)):
                    self.untranslated()
                self.set_priv(r.choice(["S", "U"]))
                continue
            sp = next((s for s in spaces if s.mode == self.mode and s.root == self.root), None)
            if sp is None:
                if self.mode == "bare" and r.random() < 0.6:
                    self.random_priv_bits()
                    self.untranslated()
                    continue
                sp = r.choice(spaces)
                self.activate(sp)
            self.random_priv_bits()
            editable = [rec for rec in sp.leaves if len(rec) == 4]   # (NAPOT replicas stay put)
            if what < 0.22 and editable:
                self.edit_leaf(sp, r.choice(editable))
            elif what < 0.25:
                self.edit_pointer(sp)
            elif what < 0.28:
                rec = self.map(sp, r.randrange(sp.levels))
                if rec:
                    self.emit("sfence")
            elif what < 0.31 and sp.vabits > 32:
                va = r.randrange(1 << 64)                 # almost surely non-canonical
                self.access(va, "non-canonical" if va != self.canonical(sp, va & ((1 << sp.vabits) - 1)) else "")
            elif what < 0.36:
                va = self.canonical(sp, r.randrange(1 << sp.vabits))   # probably unmapped
                if not any(rec[1] >= 2 and (va ^ rec[0]) >> (12 + sp.bits * rec[1]) == 0 for rec in sp.leaves):
                    self.access(va, "unmapped?")   # (a hit in a 1 GiB page would leave the tagged region)
            elif sp.leaves:
                rec = r.choice(sp.leaves)
                size = SIZE_NAMES[rec[4] if len(rec) > 4 else 12 + sp.bits * rec[1]]
                for _ in range(r.randrange(1, 4)):
                    self.access(self.leaf_va(sp, rec), "page " + size, rec[3])
                if r.random() < 0.5:
                    self.emit("peek 0x%x" % rec[2])
        return "\n".join(self.out) + "\n"


    # --- Svpbmt and PMP ----------------------------------------------------------
    def set_pbmte(self, v):
        self.pbmte = v
        self.emit("pbmte %d" % v)

    def pmp_regions(self):
        out = []
        for cfg, addr in self.pmp[:15]:
            a = (cfg >> 3) & 3
            if a == 2:
                out.append((addr << 2, (addr << 2) + 4))
            elif a == 3:
                t = 0
                while (addr >> t) & 1:
                    t += 1
                size = 8 << t
                out.append(((addr << 2) & ~(size - 1), ((addr << 2) & ~(size - 1)) + size))
        return out

    def pmp_entry(self, spaces):
        """One `pmp I CFG ADDR`: an entry over a page-table page, a PTE word, a target
        data page (or a word or range of pages in it), or the whole tagged region, with
        random R/W/X; sometimes locked (then it also binds M-mode, and keeps the guest's
        own M-mode work possible: RW over tables; RW, RWX, R or nothing over data
        pages), sometimes entry 15 (the default catch-all) switched off or narrowed."""
        r = self.r
        pte = 4 if self.build == "rv32" else 8
        tables = sorted({t for sp in spaces for t in sp.tables.values()})
        leaves = [rec for sp in spaces for rec in sp.leaves]
        targets = sorted({(((rec[3] >> 10) & ((1 << 44) - 1)) << 12) for rec in leaves
                          if D_BASE <= (((rec[3] >> 10) & ((1 << 44) - 1)) << 12) < D_BASE + D_SIZE}) or [D_BASE]
        i = r.randrange(15)
        kind = r.random()
        if kind < 0.08:
            # the catch-all: off (unmatched S/U accesses fail) or only the tables + D
            i = 15
            cfg, addr = r.choice([(0, 0), (0x1F, (0x80000000 >> 2) | ((0x10000000 >> 3) - 1)),
                                  (0x1B, (0x80000000 >> 2) | ((0x10000000 >> 3) - 1))])
        else:
            perm = r.choice([0, 1, 2, 3, 4, 5, 6, 7, 1, 3, 5])
            lock = r.random() < 0.15
            if kind < 0.35:
                page = r.choice(tables) << 12               # a page-table page
                region = ("napot", page, 4096)
                if lock:
                    perm = r.choice([3, 7])
            elif kind < 0.42 and leaves:
                slot = r.choice(leaves)[2]                  # one PTE word (rv64: half of it)
                region = ("na4", slot + r.choice([0, pte - 4]), 4)
                if lock:
                    perm = r.choice([3, 7])
            elif kind < 0.85:
                page = r.choice(targets)                    # a data page
                pick = r.random()
                if pick < 0.5:
                    region = ("napot", page, 4096)
                elif pick < 0.7:
                    region = ("na4", page + 4 * r.randrange(1024), 4)
                else:
                    region = ("tor", page, 4096 * r.randrange(1, 5))
                if lock:
                    perm = r.choice([3, 7, 1, 0])
            else:
                region = ("napot", D_BASE, D_SIZE)          # the whole tagged region
                if lock:
                    perm = r.choice([3, 7])
            how, base, size = region
            if how == "tor":
                if i == 0:
                    i = 1
                # entry i-1 gives the base: set it too (as OFF, its own range unused)
                if self.pmp[i - 1][0] & 0x80 == 0 and not self.pmp[i][0] & 0x80:
                    self.pmp[i - 1] = (0, base >> 2)
                    self.emit("pmp %d 0x0 0x%x" % (i - 1, base >> 2))
                cfg, addr = 0x08 | perm, (base + size) >> 2
            elif how == "na4":
                cfg, addr = 0x10 | perm, base >> 2
            else:
                cfg, addr = 0x18 | perm, (base >> 2) | ((size >> 3) - 1)
            if lock:
                cfg |= 0x80
        if self.pmp[i][0] & 0x80 or (i < 15 and self.pmp[i + 1][0] & 0x98 == 0x88):
            return          # locked (or the base of a locked TOR entry): the hart ignores the write
        self.pmp[i] = (cfg, addr)
        self.emit("pmp %d 0x%x 0x%x" % (i, cfg, addr))


def generate(build, seed, features=()):
    return Gen(build, seed, features).generate()
