// Randomized properties of the walk and the TLB, over many seeded random page tables.
#include <map>
#include <random>

#include "fixture.h"

using namespace mmutest;

namespace {

struct Mapping {
  uint64_t va;  // page base
  unsigned level;
  uint64_t ppn;
  uint64_t flags;
};

// A random canonical page base for `level` in `mode`.
uint64_t random_page(std::mt19937_64& rng, Mode mode, unsigned level, const BuildInfo& bi) {
  const unsigned va_bits = geometry(mode).va_bits;
  uint64_t va = rng() & mask(va_bits);
  va &= ~(page_bytes(bi, level) - 1);
  if (mode != Mode::Sv32 && (va >> (va_bits - 1)) & 1) va |= ~mask(va_bits);  // sign-extend
  return va;
}

// Fill `w` with up to n random non-overlapping mappings of random levels and permissions.
std::vector<Mapping> random_tables(World& w, Mode mode, std::mt19937_64& rng, unsigned n) {
  std::vector<Mapping> maps;
  const unsigned levels = geometry(mode).levels;
  for (unsigned k = 0; k < n; ++k) {
    const unsigned level = static_cast<unsigned>(rng() % (levels == 4 ? 3 : levels));  // skip 512 GiB mostly
    const uint64_t va = random_page(rng, mode, level, w.bi);
    const std::optional<uint64_t> slot = w.pt.pte_addr(va, level);
    if (slot && Pte{w.pt.read_pte(*slot)}.v()) continue;  // taken (leaf or pointer)
    const uint64_t ppn = (rng() & mask(w.bi.ppn_bits)) & ~mask(level * w.bi.vpn_bits);
    const uint64_t flags = kV | kR | kA | kD | (rng() & (kW | kX | kU | kG));
    if (!w.pt.map(va, level, ppn, flags)) continue;  // a leaf above: skip
    maps.push_back({va, level, ppn, flags});
  }
  return maps;
}

}  // namespace

TEMPLATE_TEST_CASE("property: every mapping built into a random page table is what the walk returns",
                   "[property][walk]", ALL_MODES) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    World w(TestType::mode);
    w.csrs.sum = true;
    const std::vector<Mapping> maps = random_tables(w, TestType::mode, rng, 64);
    REQUIRE(maps.size() > 20);
    for (const Mapping& m : maps) {
      const uint64_t off = rng() % page_bytes(w.bi, m.level);
      const WalkResult r = w.walk(Access::Load, m.va + off);
      INFO("seed " << seed << " va " << std::hex << m.va + off);
      REQUIRE_FALSE(r.fault);
      CHECK(r.paddr == ((m.ppn << 12) + off));
      CHECK(r.leaf.level == m.level);
      CHECK(r.leaf.global == ((m.flags & kG) != 0));
    }
  }
}

TEMPLATE_TEST_CASE("property: random unmapped addresses page-fault and read at most one PTE per level",
                   "[property][walk]", ALL_MODES) {
  std::mt19937_64 rng(99);
  World w(TestType::mode);
  const std::vector<Mapping> maps = random_tables(w, TestType::mode, rng, 32);
  unsigned faults = 0;
  for (unsigned k = 0; k < 2000; ++k) {
    const uint64_t va = random_page(rng, TestType::mode, 0, w.bi);
    bool mapped = false;
    for (const Mapping& m : maps) mapped |= (va - m.va) < page_bytes(w.bi, m.level);
    const WalkResult r = w.walk(Access::Fetch, va);
    CHECK(r.accesses.count <= geometry(TestType::mode).levels);
    if (!mapped) {
      CHECK(r.cause == Cause::FetchPage);
      ++faults;
    }
  }
  CHECK(faults > 1000);
}

TEMPLATE_TEST_CASE("property: two ASIDs mapping one VA to different frames never mix", "[property][asid]",
                   ALL_MODES) {
  std::mt19937_64 rng(7);
  World w(TestType::mode);
  tb::PageTable other(w.build, TestType::mode, w.mem, w.frames);
  MmuModel m(w.build, l1_only(16));
  std::vector<uint64_t> vas;
  for (unsigned i = 0; i < 24; ++i) {
    const uint64_t va = random_page(rng, TestType::mode, 0, w.bi);
    if (!w.pt.map(va, 0, 0x1000 + i, kRWXAD) || !other.map(va, 0, 0x2000 + i, kRWXAD)) continue;
    vas.push_back(va);
  }
  REQUIRE(vas.size() > 16);
  const CsrView as1 = [&] { CsrView c = w.csrs; c.asid = 1; return c; }();
  const CsrView as2 = [&] { CsrView c = w.csrs; c.asid = 2; c.root_ppn = other.root_ppn(); return c; }();
  for (unsigned k = 0; k < 5000; ++k) {
    const size_t i = rng() % vas.size();
    const bool first = rng() & 1;
    const Outcome o = m.translate(first ? as1 : as2, Access::Load, vas[i] + 0x10, w.mem);
    const uint64_t want = ((first ? 0x1000 : 0x2000) + i) << 12;
    INFO("step " << k);
    REQUIRE(o.paddr == want + 0x10);
  }
  CHECK(m.counters().hits > 1000);
}

TEMPLATE_TEST_CASE("property: after the right sfence no stale translation is used", "[property][sfence]",
                   ALL_MODES) {
  std::mt19937_64 rng(11);
  World w(TestType::mode);
  w.csrs.asid = 5;
  MmuModel m(w.build, l1_only(8));
  const uint64_t base = 0x10000000ull;
  for (unsigned i = 0; i < 6; ++i) REQUIRE(w.pt.map(base + i * kPageSize, 0, 0x3000 + i, kRWXAD));
  std::vector<uint64_t> frame(6);
  for (unsigned i = 0; i < 6; ++i) frame[i] = 0x3000 + i;
  for (unsigned k = 0; k < 3000; ++k) {
    const unsigned i = static_cast<unsigned>(rng() % 6);
    const uint64_t va = base + i * kPageSize;
    if (rng() % 4 == 0) {
      // Remap page i, then fence it with one of the four kinds that cover it.
      frame[i] = 0x4000 + (rng() & 0xfff);
      w.pt.write_pte(w.pte_at(va, 0), w.pt.make_pte(frame[i], kRWXAD));
      switch (rng() % 4) {
        case 0: m.sfence(w.csrs, SfenceOp{}); break;
        case 1: m.sfence(w.csrs, SfenceOp{va + (rng() & 0xfff), std::nullopt}); break;
        case 2: m.sfence(w.csrs, SfenceOp{std::nullopt, 5u}); break;
        default: m.sfence(w.csrs, SfenceOp{va, 5u}); break;
      }
    }
    INFO("step " << k);
    REQUIRE(m.translate(w.csrs, Access::Load, va, w.mem).paddr == frame[i] << 12);
  }
}

TEMPLATE_TEST_CASE("property: without an sfence the TLB returns exactly the stale translation",
                   "[property][sfence][stale]", ALL_MODES) {
  std::mt19937_64 rng(13);
  World w(TestType::mode);
  MmuModel m(w.build, l1_only(16));
  const uint64_t base = 0x20000000ull;
  for (unsigned i = 0; i < 12; ++i) REQUIRE(w.pt.map(base + i * kPageSize, 0, 0x5000 + i, kRWXAD));
  for (unsigned i = 0; i < 12; ++i) m.translate(w.csrs, Access::Load, base + i * kPageSize, w.mem);
  // Remap everything without an sfence: all 12 pages stay cached with the old frames.
  for (unsigned i = 0; i < 12; ++i)
    w.pt.write_pte(w.pte_at(base + i * kPageSize, 0), w.pt.make_pte(0x6000 + i, kRWXAD));
  for (unsigned k = 0; k < 500; ++k) {
    const unsigned i = static_cast<unsigned>(rng() % 12);
    const Outcome o = m.translate(w.csrs, Access::Load, base + i * kPageSize, w.mem);
    CHECK(o.path == Path::Hit);
    REQUIRE(o.paddr == (0x5000ull + i) << 12);
  }
  // A fence of one page makes exactly that page fresh.
  m.sfence(w.csrs, SfenceOp{base + 3 * kPageSize, std::nullopt});
  CHECK(m.translate(w.csrs, Access::Load, base + 3 * kPageSize, w.mem).paddr == 0x6003ull << 12);
  CHECK(m.translate(w.csrs, Access::Load, base + 4 * kPageSize, w.mem).paddr == 0x5004ull << 12);
}

TEMPLATE_TEST_CASE("property: random TLB traffic keeps at most one refill per walk and PLRU victims in range",
                   "[property][tlb]", ALL_MODES) {
  std::mt19937_64 rng(17);
  World w(TestType::mode);
  MmuModel m(w.build, l1_only(8));
  const uint64_t base = 0x30000000ull;
  for (unsigned i = 0; i < 32; ++i) REQUIRE(w.pt.map(base + i * kPageSize, 0, 0x7000 + i, kRWXAD));
  for (unsigned k = 0; k < 4000; ++k) {
    const unsigned i = static_cast<unsigned>(rng() % 32);
    const Outcome o = m.translate(w.csrs, Access::Load, base + i * kPageSize, w.mem);
    REQUIRE(o.entry >= 0);
    REQUIRE(o.entry < 8);
    CHECK(o.paddr == (0x7000ull + i) << 12);
    // The entry that answered now holds this page.
    CHECK(m.tlb().entry(static_cast<unsigned>(o.entry)).leaf.ppn == 0x7000ull + i);
  }
  CHECK(m.counters().hits + m.counters().misses == 4000);
}
