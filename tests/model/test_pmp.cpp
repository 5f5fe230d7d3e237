// Physical memory protection, rule by rule (privileged spec, machine.adoc, "Physical Memory
// Protection": address matching, locking and privilege, priority and matching; "PMP and
// Paging"), first on the pure check (pmp.h), then in the MMU model: the walk's PTE reads
// and A/D updates, the translated PA, and the edge whose view decides.
#include "explain.h"
#include "fixture.h"
#include "pmp.h"

using namespace mmutest;

namespace {

// pmpaddr of a NAPOT region of `size` bytes (a power of two >= 8) at `base`.
constexpr uint64_t napot(uint64_t base, uint64_t size) { return (base >> 2) | ((size >> 3) - 1); }

// A view with every entry 0 (no default entry 15) except those given.
PmpConfig bare_view(std::initializer_list<std::pair<unsigned, PmpEntry>> entries, unsigned g = 0) {
  PmpConfig p = default_pmp(16, g);
  p.e = {};
  for (const auto& [i, e] : entries) p.e[i] = e;
  return p;
}

// The default view (entry 15: NAPOT RWX over everything) plus the entries given.
PmpConfig with_default(std::initializer_list<std::pair<unsigned, PmpEntry>> entries) {
  PmpConfig p;
  for (const auto& [i, e] : entries) p.e[i] = e;
  return p;
}

constexpr uint8_t kNapotRwx = 0x1f, kNapotR = 0x19, kNapotRw = 0x1b, kNapotX = 0x1c, kNapotNone = 0x18;

PmpResult check(const PmpConfig& p, uint64_t pa, unsigned bytes = 1, Priv priv = Priv::S,
                PmpAccess a = PmpAccess::Read, Build b = Build::Rv64) {
  return pmp_check(p, b, pa, bytes, priv, a);
}

}  // namespace

TEST_CASE("pmp: the default view lets S and U touch every address through entry 15, both builds", "[pmp]") {
  const PmpConfig p;
  CHECK(p.entries == 16);
  CHECK(p.e[15].cfg == 0x1f);
  for (unsigned i = 0; i < 15; ++i) CHECK(p.e[i].cfg == 0);
  for (Build b : {Build::Rv32, Build::Rv64}) {
    const uint64_t top = mask(build_info(b).pa_bits);
    for (uint64_t pa : {uint64_t{0}, uint64_t{0x80001234}, top - 7})
      for (Priv priv : {Priv::U, Priv::S}) {
        const PmpResult r = pmp_check(p, b, pa, 8, priv, PmpAccess::ReadWrite);
        CHECK(r.allowed);
        CHECK(r.entry == 15);
      }
    // NAPOT with pmpaddr all ones spans the whole physical address space.
    const PmpRange m = pmp_range(p, b, 15);
    CHECK(m.lo == 0);
    CHECK(m.hi > top);
  }
  // default_pmp moves the entry to the last one implemented.
  const PmpConfig p8 = default_pmp(8);
  CHECK(p8.e[7].cfg == 0x1f);
  CHECK(p8.e[15].cfg == 0);
  CHECK(check(p8, 0x1000).entry == 7);
}

TEST_CASE("pmp: A=OFF matches nothing, whatever its address and permissions", "[pmp][match]") {
  const PmpConfig p = bare_view({{0, {0x07, 0x1000 >> 2}}});  // OFF, RWX, at 0x1000
  const PmpResult r = check(p, 0x1000);
  CHECK(r.entry == -1);
  CHECK_FALSE(r.allowed);  // S with no match
  CHECK(pmp_range(p, Build::Rv64, 0).lo >= pmp_range(p, Build::Rv64, 0).hi);
}

TEST_CASE("pmp: TOR matches pmpaddr[i-1] <= y < pmpaddr[i], with entry i-1's cfg irrelevant", "[pmp][match][tor]") {
  // Entry 0 OFF (its address is only the bottom), entry 1 TOR R: [0x1000, 0x2000).
  const PmpConfig p = bare_view({{0, {0x00, 0x1000 >> 2}}, {1, {0x09, 0x2000 >> 2}}});
  CHECK(check(p, 0x0fff).entry == -1);
  CHECK(check(p, 0x1000).entry == 1);
  CHECK(check(p, 0x1000).allowed);
  CHECK(check(p, 0x1fff).entry == 1);
  CHECK(check(p, 0x2000).entry == -1);
  // A 4-byte access straddling the bottom: matches some bytes only.
  CHECK(check(p, 0x0ffe, 4).partial);
}

TEST_CASE("pmp: TOR in entry 0 uses 0 as the bottom", "[pmp][match][tor]") {
  const PmpConfig p = bare_view({{0, {0x09, 0x2000 >> 2}}});
  CHECK(check(p, 0x0).entry == 0);
  CHECK(check(p, 0x1ffc, 4).allowed);
  CHECK(check(p, 0x2000).entry == -1);
}

TEST_CASE("pmp: TOR with bottom >= top matches no address", "[pmp][match][tor]") {
  const PmpConfig p = bare_view({{0, {0x00, 0x3000 >> 2}}, {1, {0x0f, 0x2000 >> 2}}});
  for (uint64_t pa : {uint64_t{0x0}, uint64_t{0x1000}, uint64_t{0x2000}, uint64_t{0x2fff}}) CHECK(check(p, pa).entry == -1);
  const PmpConfig eq = bare_view({{0, {0x00, 0x2000 >> 2}}, {1, {0x0f, 0x2000 >> 2}}});
  CHECK(check(eq, 0x2000).entry == -1);
}

TEST_CASE("pmp: NA4 matches exactly the four bytes at pmpaddr << 2", "[pmp][match][na4]") {
  const PmpConfig p = bare_view({{3, {0x11, 0x1004 >> 2}}});  // NA4 R
  CHECK(check(p, 0x1003).entry == -1);
  CHECK(check(p, 0x1004, 4).entry == 3);
  CHECK(check(p, 0x1004, 4).allowed);
  CHECK(check(p, 0x1007).entry == 3);
  CHECK(check(p, 0x1008).entry == -1);
}

TEST_CASE("pmp: NAPOT's trailing ones give the size: 2^(k+3) bytes, naturally aligned", "[pmp][match][napot]") {
  // 0x...0: 8 bytes; 0x...01: 16 bytes; 4 KiB (k = 9 ones) at 0x80001000:
  // 0x80001000 >> 2 = 0x20000400, | 0x1ff = 0x200005ff.
  const PmpConfig p8 = bare_view({{0, {kNapotR, 0x1000 >> 2}}});
  CHECK(check(p8, 0x1007).entry == 0);
  CHECK(check(p8, 0x1008).entry == -1);
  const PmpConfig p16 = bare_view({{0, {kNapotR, (0x1000 >> 2) | 1}}});
  CHECK(check(p16, 0x100f).entry == 0);
  CHECK(check(p16, 0x1010).entry == -1);
  CHECK(napot(0x80001000, 0x1000) == 0x200005ff);
  const PmpConfig p4k = bare_view({{2, {kNapotR, napot(0x80001000, 0x1000)}}});
  CHECK(check(p4k, 0x80000fff).entry == -1);
  CHECK(check(p4k, 0x80001000).entry == 2);
  CHECK(check(p4k, 0x80001ff8, 8).allowed);
  CHECK(check(p4k, 0x80002000).entry == -1);
  const PmpRange m = pmp_range(p4k, Build::Rv64, 2);
  CHECK(m.lo == 0x80001000);
  CHECK(m.hi == 0x80002000);
}

TEST_CASE("pmp: pmpaddr bits above the build's PA bits 2 .. PaBits-1 are ignored", "[pmp][match]") {
  // rv32: pmpaddr holds PA bits 33:2 (32 bits). Bit 40 set in the input is not an address bit.
  const uint64_t addr = (uint64_t{1} << 40) | (0x1000 >> 2);
  const PmpConfig p = bare_view({{0, {0x11, addr}}});  // NA4
  CHECK(pmp_check(p, Build::Rv32, 0x1000, 4, Priv::S, PmpAccess::Read).entry == 0);
  CHECK(pmp_check(p, Build::Rv64, 0x1000, 4, Priv::S, PmpAccess::Read).entry == -1);  // rv64: bit 40 is PA bit 42
}

TEST_CASE("pmp: granularity G >= 1: NA4 is not selectable, A=2 behaves as NAPOT", "[pmp][granularity]") {
  // pmpaddr 0x400 ends in a 0: NAPOT of 8 bytes at 0x1000. As NA4 (G=0) only 4 bytes.
  const PmpConfig g0 = bare_view({{0, {0x11, 0x400}}}, 0);
  const PmpConfig g1 = bare_view({{0, {0x11, 0x400}}}, 1);
  CHECK(check(g0, 0x1004).entry == -1);
  CHECK(check(g1, 0x1004).entry == 0);
  CHECK(check(g1, 0x1008).entry == -1);
}

TEST_CASE("pmp: granularity G >= 2: NAPOT sees pmpaddr[G-2:0] as ones", "[pmp][granularity]") {
  // pmpaddr 0x400: 8 bytes at G=0 or 1; at G=2 bit 0 reads 1: 16 bytes; at G=3: 32 bytes.
  for (unsigned g : {0u, 1u}) CHECK(check(bare_view({{0, {kNapotR, 0x400}}}, g), 0x100c).entry == -1);
  CHECK(check(bare_view({{0, {kNapotR, 0x400}}}, 2), 0x100c).entry == 0);
  CHECK(check(bare_view({{0, {kNapotR, 0x400}}}, 2), 0x1010).entry == -1);
  CHECK(check(bare_view({{0, {kNapotR, 0x400}}}, 3), 0x101c).entry == 0);
}

TEST_CASE("pmp: granularity G >= 1: TOR ignores pmpaddr[G-1:0] of both bounds", "[pmp][granularity][tor]") {
  // Bottom 0x1004 (0x401), top 0x200c (0x803). G=0: [0x1004, 0x200c). G=2: [0x1000, 0x2000).
  const auto view = [](unsigned g) { return bare_view({{0, {0x00, 0x401}}, {1, {0x09, 0x803}}}, g); };
  CHECK(check(view(0), 0x1000).entry == -1);
  CHECK(check(view(0), 0x2008).entry == 1);
  CHECK(check(view(2), 0x1000).entry == 1);
  CHECK(check(view(2), 0x2008).entry == -1);
}

TEST_CASE("pmp: the lowest-numbered entry that matches any byte decides", "[pmp][priority]") {
  const uint64_t a = napot(0x80000000, 0x1000);
  const PmpConfig r_first = bare_view({{2, {kNapotR, a}}, {5, {kNapotRw, a}}});
  CHECK(check(r_first, 0x80000010, 8, Priv::S, PmpAccess::Write).entry == 2);
  CHECK_FALSE(check(r_first, 0x80000010, 8, Priv::S, PmpAccess::Write).allowed);
  const PmpConfig rw_first = bare_view({{2, {kNapotRw, a}}, {5, {kNapotR, a}}});
  CHECK(check(rw_first, 0x80000010, 8, Priv::S, PmpAccess::Write).allowed);
  CHECK(check(rw_first, 0x80000010, 8, Priv::S, PmpAccess::Write).entry == 2);
}

TEST_CASE("pmp: an access the deciding entry matches only partly fails, whatever L, R, W, X say", "[pmp][partial]") {
  // The spec's example: entry 0 NA4 over 0xC-0xF, RWX; an 8-byte access at 0x8 fails,
  // even in M-mode, though entry 1 would allow all of it.
  const PmpConfig p = bare_view({{0, {0x17, 0xc >> 2}}, {1, {kNapotRwx, kPmpAddrAllOnes}}});
  for (Priv priv : {Priv::U, Priv::S, Priv::M}) {
    const PmpResult r = check(p, 0x8, 8, priv);
    CHECK(r.entry == 0);
    CHECK(r.partial);
    CHECK_FALSE(r.allowed);
  }
  // 4 bytes at 0x8 do not touch entry 0: entry 1 decides.
  CHECK(check(p, 0x8, 4).entry == 1);
  CHECK(check(p, 0x8, 4).allowed);
  CHECK(check(p, 0xc, 4).allowed);
}

TEST_CASE("pmp: M-mode: an unlocked entry does not apply, a locked one does; no match succeeds", "[pmp][lock]") {
  const uint64_t a = napot(0x80000000, 0x1000);
  const PmpConfig unlocked = bare_view({{0, {kNapotNone, a}}});
  const PmpConfig locked = bare_view({{0, {static_cast<uint8_t>(kNapotNone | kPmpL), a}}});
  const PmpConfig locked_r = bare_view({{0, {static_cast<uint8_t>(kNapotR | kPmpL), a}}});
  CHECK(check(unlocked, 0x80000000, 4, Priv::M, PmpAccess::Write).allowed);
  CHECK_FALSE(check(locked, 0x80000000, 4, Priv::M, PmpAccess::Read).allowed);
  CHECK(check(locked_r, 0x80000000, 4, Priv::M, PmpAccess::Read).allowed);
  CHECK_FALSE(check(locked_r, 0x80000000, 4, Priv::M, PmpAccess::Exec).allowed);
  CHECK(check(locked, 0x90000000, 4, Priv::M, PmpAccess::Write).allowed);  // no match
  CHECK(check(bare_view({}), 0x90000000, 4, Priv::M, PmpAccess::Exec).allowed);
  // Privilege encoding 2 behaves as M.
  CHECK(check(unlocked, 0x80000000, 4, static_cast<Priv>(2), PmpAccess::Write).allowed);
}

TEST_CASE("pmp: S and U need the entry's permission bit; no match fails", "[pmp][lock]") {
  const uint64_t a = napot(0x80000000, 0x1000);
  const PmpConfig p = bare_view({{4, {kNapotR, a}}});
  for (Priv priv : {Priv::U, Priv::S}) {
    CHECK(check(p, 0x80000000, 4, priv, PmpAccess::Read).allowed);
    CHECK_FALSE(check(p, 0x80000000, 4, priv, PmpAccess::Write).allowed);
    CHECK_FALSE(check(p, 0x80000000, 4, priv, PmpAccess::Exec).allowed);
    CHECK_FALSE(check(p, 0x80001000, 4, priv, PmpAccess::Read).allowed);  // no match
    CHECK(check(p, 0x80001000, 4, priv, PmpAccess::Read).entry == -1);
  }
  // The L bit does not change S/U's answer.
  const PmpConfig l = bare_view({{4, {static_cast<uint8_t>(kNapotR | kPmpL), a}}});
  CHECK(check(l, 0x80000000, 4, Priv::U, PmpAccess::Read).allowed);
  CHECK(check(bare_view({{4, {kNapotX, a}}}), 0x80000000, 4, Priv::U, PmpAccess::Exec).allowed);
}

TEST_CASE("pmp: an AMO (ReadWrite) needs R and W; R=0 W=1 (reserved) grants no write", "[pmp][perm]") {
  const uint64_t a = napot(0x80000000, 0x1000);
  CHECK(check(bare_view({{0, {kNapotRw, a}}}), 0x80000000, 4, Priv::S, PmpAccess::ReadWrite).allowed);
  CHECK_FALSE(check(bare_view({{0, {kNapotR, a}}}), 0x80000000, 4, Priv::S, PmpAccess::ReadWrite).allowed);
  CHECK_FALSE(check(bare_view({{0, {0x1a, a}}}), 0x80000000, 4, Priv::S, PmpAccess::ReadWrite).allowed);
  CHECK_FALSE(check(bare_view({{0, {0x1a, a}}}), 0x80000000, 4, Priv::S, PmpAccess::Write).allowed);
}

TEST_CASE("pmp: no entries implemented: every access passes; entries past `entries` are ignored", "[pmp]") {
  PmpConfig none = bare_view({});
  none.entries = 0;
  CHECK(check(none, 0x1000, 8, Priv::U, PmpAccess::Write).allowed);
  CHECK(check(none, 0x1000).entry == -1);
  PmpConfig eight;  // entry 15 (NAPOT RWX) is beyond 8 implemented entries
  eight.entries = 8;
  CHECK_FALSE(check(eight, 0x1000).allowed);
  CHECK(check(eight, 0x1000).entry == -1);
}

// ---- The MMU model ----

namespace {

// Sv39 (or Sv32) world with a 4 KiB page mapped at the test VA.
struct PmpWorld : World {
  uint64_t va, ppn;
  MmuModel m;
  explicit PmpWorld(Mode mode, uint64_t flags = kRWXAD | kU)
      : World(mode), va(test_va(mode)), ppn(data_ppn(mode, 0)), m(build, l1_only(8)) {
    REQUIRE(pt.map(va, 0, ppn, flags));
    csrs.sum = true;  // S-mode loads and stores may touch the U=1 page too
  }
  uint64_t table_page(unsigned level) const { return pte_at(va, level) & ~uint64_t{0xfff}; }
  uint64_t data_pa() const { return expected_pa(pt.mode(), 0, ppn, va); }
  Outcome go(Access a, Priv priv = Priv::S) {
    CsrView c = csrs;
    c.priv = priv;
    return m.translate(c, a, va, mem);
  }
};

}  // namespace

TEST_CASE("pmp model: a PTE read PMP denies (S-mode read) stops the walk at that level, no request made",
          "[pmp][walk]") {
  PmpWorld w(Mode::Sv39);
  // Entry 0 over the level-1 table page without R; entry 15 lets the rest through.
  w.csrs.pmp = with_default({{0, {kNapotNone, napot(w.table_page(1), 0x1000)}}});
  for (Access a : {Access::Fetch, Access::Load, Access::Store, Access::Amo}) {
    const Outcome o = w.go(a, Priv::U);
    CHECK(o.fault);
    CHECK(o.cause == access_fault(a));
    CHECK(o.stop == WalkStop::PmpPte);
    CHECK(o.stop_level == 1);
    CHECK(o.accesses.count == 1);  // the root read only
    CHECK(o.accesses[0].pa == w.pte_at(w.va, 2));
    CHECK(o.pmp.entry == 0);
    CHECK(o.entry == -1);  // a faulting walk refills nothing
  }
  // With R on the page (an S-mode read), the walk goes through.
  w.csrs.pmp = with_default({{0, {kNapotR, napot(w.table_page(1), 0x1000)}}});
  CHECK_FALSE(w.go(Access::Load, Priv::U).fault);
}

TEST_CASE("pmp model: a PTE read is a PTE-sized access: 8 bytes in Sv39 (NA4 covers half), 4 in Sv32",
          "[pmp][walk][partial]") {
  for (Mode mode : {Mode::Sv39, Mode::Sv32}) {
    PmpWorld w(mode);
    const uint64_t root_pte = w.pte_at(w.va, geometry(mode).levels - 1);
    w.csrs.pmp = with_default({{0, {0x17, root_pte >> 2}}});  // NA4 RWX over the first 4 bytes
    const Outcome o = w.go(Access::Load);
    if (mode == Mode::Sv39) {
      CHECK(o.fault);
      CHECK(o.stop == WalkStop::PmpPte);
      CHECK(o.pmp.partial);
      CHECK(o.accesses.count == 0);
    } else {
      CHECK_FALSE(o.fault);
    }
  }
}

TEST_CASE("pmp model: an A/D update PMP denies (S-mode write) is an access fault with no write request",
          "[pmp][walk][ad]") {
  PmpWorld w(Mode::Sv39, kV | kR | kW | kU);  // A=0, D=0
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t leaf = w.pte_at(w.va, 0);
  const uint64_t before = w.pt.read_pte(leaf);
  w.csrs.pmp = with_default({{0, {kNapotR, napot(w.table_page(0), 0x1000)}}});  // readable, not writable
  const Outcome o = w.go(Access::Store);
  CHECK(o.fault);
  CHECK(o.cause == Cause::StoreAccess);
  CHECK(o.stop == WalkStop::PmpPte);
  CHECK(o.accesses.count == 3);  // three reads, no update
  for (unsigned i = 0; i < o.accesses.count; ++i) CHECK_FALSE(o.accesses[i].write);
  CHECK(w.pt.read_pte(leaf) == before);
  // Writable: the update is made.
  w.csrs.pmp = with_default({{0, {kNapotRw, napot(w.table_page(0), 0x1000)}}});
  const Outcome ok = w.go(Access::Store);
  CHECK_FALSE(ok.fault);
  CHECK(ok.accesses[3].write);
}

TEST_CASE("pmp model: the translated PA is checked for the request's priv and kind; the TLB still refills",
          "[pmp][pa]") {
  PmpWorld w(Mode::Sv39);
  // Entry 3 over the data page: execute only. U load -> 5, U fetch ok, U store -> 7.
  w.csrs.pmp = with_default({{3, {kNapotX, napot(w.data_pa() & ~uint64_t{0xfff}, 0x1000)}}});
  const Outcome load = w.go(Access::Load, Priv::U);
  CHECK(load.fault);
  CHECK(load.cause == Cause::LoadAccess);
  CHECK(load.stop == WalkStop::PmpPa);
  CHECK(load.paddr == 0);
  CHECK(load.pmp.entry == 3);
  CHECK(load.entry >= 0);  // the translation was cached; the PMP result was not
  const Outcome hit = w.go(Access::Load, Priv::U);
  CHECK(hit.path == Path::Hit);
  CHECK(hit.cause == Cause::LoadAccess);
  const Outcome fetch = w.go(Access::Fetch, Priv::U);
  CHECK_FALSE(fetch.fault);
  CHECK(fetch.paddr == w.data_pa());
  CHECK(w.go(Access::Store, Priv::U).cause == Cause::StoreAccess);
  CHECK(w.go(Access::Amo, Priv::U).cause == Cause::StoreAccess);
  // A page fault comes first: PMP checks only a translation.
  w.pt.write_pte(w.pte_at(w.va, 0), w.pt.read_pte(w.pte_at(w.va, 0)) & ~kU);
  w.m.reset();
  CHECK(w.go(Access::Load, Priv::U).cause == Cause::LoadPage);
}

TEST_CASE("pmp model: TLB hits are checked with the view of now (no PMP result is cached)", "[pmp][pa][tlb]") {
  PmpWorld w(Mode::Sv39);
  const uint64_t page = w.data_pa() & ~uint64_t{0xfff};
  CHECK_FALSE(w.go(Access::Load).fault);  // walk, refill
  w.csrs.pmp = with_default({{1, {kNapotNone, napot(page, 0x1000)}}});
  const Outcome denied = w.go(Access::Load);
  CHECK(denied.path == Path::Hit);
  CHECK(denied.cause == Cause::LoadAccess);
  w.csrs.pmp = PmpConfig{};
  CHECK_FALSE(w.go(Access::Load).fault);
}

TEST_CASE("pmp model: an L2 hit is checked at the L2 lookup and still refills the L1", "[pmp][pa][l2]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39), ppn = data_ppn(Mode::Sv39, 0);
  REQUIRE(w.pt.map(va, 0, ppn, kRWXAD));
  MmuConfig cfg = l1_only(4);
  cfg.l2 = L2Geometry{};
  MmuModel m(w.build, cfg);
  REQUIRE(cfg.l2.enabled());
  CHECK_FALSE(m.translate(w.csrs, Access::Load, va, w.mem).fault);  // walk: L1 and L2 refilled
  // Fill the 4-entry L1 with other pages to evict the test page.
  for (uint64_t k = 1; k <= 4; ++k) {
    REQUIRE(w.pt.map(va + k * kPageSize, 0, ppn + k, kRWXAD));
    m.translate(w.csrs, Access::Load, va + k * kPageSize, w.mem);
  }
  w.csrs.pmp = with_default({{0, {kNapotNone, napot(ppn << 12, 0x1000)}}});
  const Outcome o = m.translate(w.csrs, Access::Load, va, w.mem);
  REQUIRE(o.path == Path::L2Hit);
  CHECK(o.cause == Cause::LoadAccess);
  CHECK(o.stop == WalkStop::PmpPa);
  CHECK(o.entry >= 0);
}

TEST_CASE("pmp model: Bare and M-mode: the PA is checked; M follows the L bit", "[pmp][pa][bare]") {
  World w(Mode::Sv39);
  MmuModel m(w.build, l1_only(4));
  const uint64_t pa = 0x80004000;
  CsrView c = w.csrs;
  c.pmp = bare_view({{0, {kNapotR, napot(pa, 0x1000)}}});
  c.priv = Priv::M;  // translation off, entry 0 unlocked: M may store
  CHECK_FALSE(m.translate(c, Access::Store, pa, w.mem).fault);
  CHECK_FALSE(m.translate(c, Access::Fetch, 0x90000000, w.mem).fault);  // no match: M succeeds
  c.pmp.e[0].cfg |= kPmpL;
  CHECK(m.translate(c, Access::Store, pa, w.mem).cause == Cause::StoreAccess);
  CHECK_FALSE(m.translate(c, Access::Load, pa, w.mem).fault);
  c.mode = Mode::Bare;
  c.priv = Priv::S;
  CHECK(m.translate(c, Access::Fetch, pa, w.mem).cause == Cause::FetchAccess);
  CHECK(m.translate(c, Access::Load, 0x90000000, w.mem).cause == Cause::LoadAccess);  // no match: S fails
  const Outcome ok = m.translate(c, Access::Load, pa + 8, w.mem);
  CHECK_FALSE(ok.fault);
  CHECK(ok.paddr == pa + 8);
}

TEST_CASE("pmp model: each check uses the view of the edge its result is registered at", "[pmp][timing]") {
  PmpWorld w(Mode::Sv39);
  const PmpConfig deny_l0 = with_default({{0, {kNapotNone, napot(w.table_page(0), 0x1000)}}});
  const PmpConfig deny_data = with_default({{0, {kNapotNone, napot(w.data_pa() & ~uint64_t{0xfff}, 0x1000)}}});
  // Accepted under the permissive view; the level-0 table page denied from the edge of the
  // level-1 response on: the level-0 PTE read is decided there.
  {
    MmuModel m(w.build, l1_only(8));
    m.lookup(w.csrs, Access::Load, w.va);
    m.arbitrate();
    m.second_level();
    for (int k = 0; k < 2; ++k) {
      if (k == 1) m.set_pmp(deny_l0);
      m.respond(*w.mem.read(m.walker().op().pa, 8), false, false);
    }
    REQUIRE(m.answer_ready());
    const Outcome o = m.finish_walk();
    CHECK(o.stop == WalkStop::PmpPte);
    CHECK(o.accesses.count == 2);
  }
  // Denied at acceptance only, permissive again by the walk's edges: the walk succeeds.
  {
    MmuModel m(w.build, l1_only(8));
    CsrView c = w.csrs;
    c.pmp = deny_data;
    m.lookup(c, Access::Load, w.va);
    m.arbitrate();
    m.set_pmp(PmpConfig{});
    m.second_level();
    while (!m.answer_ready()) m.respond(*w.mem.read(m.walker().op().pa, 8), false, false);
    CHECK_FALSE(m.finish_walk().fault);
  }
  // The translated PA uses the last response's edge.
  {
    MmuModel m(w.build, l1_only(8));
    m.lookup(w.csrs, Access::Load, w.va);
    m.arbitrate();
    m.second_level();
    for (int k = 0; k < 3; ++k) {
      if (k == 2) m.set_pmp(deny_data);
      m.respond(*w.mem.read(m.walker().op().pa, 8), false, false);
    }
    const Outcome o = m.finish_walk();
    CHECK(o.cause == Cause::LoadAccess);
    CHECK(o.stop == WalkStop::PmpPa);
  }
}

TEST_CASE("pmp model: the default view keeps every old answer; explanations name the deciding entry",
          "[pmp][explain]") {
  PmpWorld w(Mode::Sv39);
  CHECK(w.go(Access::Load).paddr == w.data_pa());
  w.m.reset();  // the PTE case must walk
  w.csrs.pmp = with_default({{6, {kNapotNone, napot(w.table_page(1), 0x1000)}}});
  const std::string pte = explain(w.build, w.csrs, Access::Load, w.va, w.m, w.mem);
  CHECK(pte.find("PMP: the PTE read at " + hex(w.pte_at(w.va, 1))) != std::string::npos);
  CHECK(pte.find("entry 6 (the lowest matching), NAPOT") != std::string::npos);
  CHECK(pte.find("access fault, cause 5") != std::string::npos);
  w.csrs.pmp = with_default({{2, {kNapotX, napot(w.data_pa() & ~uint64_t{0xfff}, 0x1000)}}});
  const std::string pa = explain(w.build, w.csrs, Access::Store, w.va, w.m, w.mem);
  CHECK(pa.find("PMP: the PA at " + hex(w.data_pa())) != std::string::npos);
  CHECK(pa.find("PMP entry 2 denies write") != std::string::npos);
}
