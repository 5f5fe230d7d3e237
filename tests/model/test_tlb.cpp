// The TLB model and the MMU model's policies: PLRU, refill, hits, sfence kinds,
// permissions at lookup, A/D with cached entries.
#include "fixture.h"

using namespace mmutest;

namespace {

// An MMU model over a World, with helpers to map many 4 KiB pages.
struct Rig {
  World w;
  MmuModel m;
  Rig(Mode mode, unsigned entries) : w(mode), m(build_of(mode), l1_only(entries)) {}
  Outcome go(Access a, uint64_t va) { return m.translate(w.csrs, a, va, w.mem); }
  static uint64_t page_va(unsigned i) { return 0x10000000ull + uint64_t{i} * kPageSize; }
  void map_pages(unsigned n, uint64_t flags = kRWXAD) {
    for (unsigned i = 0; i < n; ++i) REQUIRE(w.pt.map(page_va(i), 0, 0x1000 + i, flags));
  }
};

}  // namespace

TEST_CASE("plru: reset points at entry 0 and touching it moves the victim to the other half", "[tlb][plru]") {
  TreePlru p(8);
  CHECK(p.victim() == 0);
  p.touch(0);
  CHECK(p.victim() == 4);
  p.touch(4);
  CHECK(p.victim() == 2);
  p.touch(2);
  CHECK(p.victim() == 6);
}

TEST_CASE("plru: touching every entry in order gives victims in tree order", "[tlb][plru]") {
  TreePlru p(4);
  for (unsigned i = 0; i < 4; ++i) p.touch(i);
  // Entry 3 touched last sends the root left; entry 1 after 0 sends node 1 left: victim 0.
  CHECK(p.victim() == 0);
  p.touch(0);
  CHECK(p.victim() == 2);
}

TEST_CASE("plru: node bits follow the DESIGN.md heap encoding", "[tlb][plru]") {
  TreePlru p(8);
  p.touch(5);  // path: root -> right (node 2) -> left (node 5) -> right leaf
  CHECK(p.node(0) == 0);  // victim on the left of the root
  CHECK(p.node(2) == 1);  // victim on the right half of 4..7, away from 5
  CHECK(p.node(5) == 0);  // victim 4, away from 5
  CHECK(p.node(1) == 0);
}

TEMPLATE_TEST_CASE("tlb: the second access to a page hits with no memory traffic", "[tlb][hit]", ALL_PAGES) {
  Rig r(TestType::mode, 16);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(r.w.pt.map(va, TestType::level, ppn, kRWXAD));
  const Outcome miss = r.go(Access::Load, va);
  CHECK(miss.path == Path::Miss);
  CHECK(miss.entry == 0);
  const Outcome hit = r.go(Access::Store, va);
  CHECK(hit.path == Path::Hit);
  CHECK(hit.accesses.count == 0);
  CHECK(hit.paddr == miss.paddr);
}

TEMPLATE_TEST_CASE("tlb: a superpage entry serves every address inside it", "[tlb][superpage]", SUPER_PAGES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(r.w.pt.map(va, TestType::level, ppn, kRWXAD));
  r.go(Access::Load, va);
  const uint64_t bytes = page_bytes(r.w.bi, TestType::level);
  const uint64_t base = va - va % bytes;
  for (uint64_t off : {uint64_t{0}, bytes / 3, bytes - 1}) {
    const Outcome o = r.go(Access::Load, base + off);
    CHECK(o.path == Path::Hit);
    CHECK(o.paddr == expected_pa(TestType::mode, TestType::level, ppn, base + off));
  }
  const Outcome outside = r.go(Access::Load, base + bytes);
  CHECK(outside.path == Path::Miss);
}

TEST_CASE("tlb: refill takes the lowest invalid entry first", "[tlb][refill]") {
  Rig r(Mode::Sv39, 8);
  r.map_pages(8);
  for (unsigned i = 0; i < 8; ++i) CHECK(r.go(Access::Load, Rig::page_va(i)).entry == static_cast<int>(i));
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(5), std::nullopt});
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(2), std::nullopt});
  r.map_pages(10);
  CHECK(r.go(Access::Load, Rig::page_va(8)).entry == 2);
  CHECK(r.go(Access::Load, Rig::page_va(9)).entry == 5);
}

TEST_CASE("tlb: a full TLB refills the tree-PLRU victim", "[tlb][refill][plru]") {
  Rig r(Mode::Sv39, 4);
  r.map_pages(6);
  for (unsigned i = 0; i < 4; ++i) r.go(Access::Load, Rig::page_va(i));
  // After fills 0,1,2,3 the PLRU victim is 0.
  CHECK(r.go(Access::Load, Rig::page_va(4)).entry == 0);
  // The next victim follows the tree after touches 0, 1, 2, 3 (fills) and 0 (refill).
  TreePlru ref(4);
  for (unsigned i : {0u, 1u, 2u, 3u, 0u}) ref.touch(i);
  CHECK(r.go(Access::Load, Rig::page_va(5)).entry == static_cast<int>(ref.victim()));
}

TEST_CASE("tlb: a hit updates the PLRU so the hit entry is not the next victim", "[tlb][plru][hit]") {
  Rig r(Mode::Sv32, 4);
  r.map_pages(5);
  for (unsigned i = 0; i < 4; ++i) r.go(Access::Load, Rig::page_va(i));
  REQUIRE(r.m.tlb().plru().victim() == 0);
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Hit);  // touch 0
  const int victim = r.go(Access::Load, Rig::page_va(4)).entry;
  CHECK(victim != 0);
  CHECK(victim == 2);
}

TEST_CASE("tlb: a faulting hit touches the PLRU too", "[tlb][plru]") {
  Rig r(Mode::Sv39, 4);
  r.map_pages(4, kV | kR | kA | kD);  // read-only
  for (unsigned i = 0; i < 4; ++i) r.go(Access::Load, Rig::page_va(i));
  const Outcome o = r.go(Access::Store, Rig::page_va(0));
  CHECK(o.path == Path::Hit);
  CHECK(o.fault);
  CHECK(r.m.tlb().plru().victim() == 2);
}

TEMPLATE_TEST_CASE("tlb: a faulting walk is not cached", "[tlb][fault]", ALL_MODES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kR | kA));
  CHECK(r.go(Access::Store, va).path == Path::Miss);
  CHECK(r.go(Access::Store, va).path == Path::Miss);  // walks again
  for (unsigned i = 0; i < 8; ++i) CHECK_FALSE(r.m.tlb().entry(i).valid);
}

TEMPLATE_TEST_CASE("tlb: Svade: an A=0 translation is never cached", "[tlb][ad][svade]", ALL_MODES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kR | kW));
  CHECK(r.go(Access::Load, va).cause == Cause::LoadPage);
  CHECK(r.go(Access::Load, va).path == Path::Miss);
}

TEMPLATE_TEST_CASE("tlb: permissions are evaluated at lookup, not frozen at fill (SUM)", "[tlb][perm][sum]",
                   ALL_MODES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kRWXAD | kU));
  r.w.csrs.sum = true;
  CHECK_FALSE(r.go(Access::Load, va).fault);  // fills with SUM=1
  r.w.csrs.sum = false;
  const Outcome o = r.go(Access::Load, va);
  CHECK(o.path == Path::Hit);
  CHECK(o.cause == Cause::LoadPage);
  r.w.csrs.sum = true;
  CHECK_FALSE(r.go(Access::Load, va).fault);
}

TEMPLATE_TEST_CASE("tlb: permissions at lookup follow priv and MXR too", "[tlb][perm][mxr]", ALL_MODES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kX | kA | kD | kU));
  r.w.csrs.priv = Priv::U;
  CHECK_FALSE(r.go(Access::Fetch, va).fault);
  CHECK(r.go(Access::Load, va).cause == Cause::LoadPage);  // hit, no R
  r.w.csrs.mxr = true;
  CHECK_FALSE(r.go(Access::Load, va).fault);
  r.w.csrs.priv = Priv::S;
  r.w.csrs.sum = true;
  CHECK(r.go(Access::Fetch, va).cause == Cause::FetchPage);  // S never fetches U pages
  CHECK(r.go(Access::Fetch, va).path == Path::Hit);
}

TEMPLATE_TEST_CASE("tlb: Svade: a store hitting an entry with D=0 faults without a walk", "[tlb][ad][svade]",
                   ALL_MODES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kR | kW | kA));
  CHECK_FALSE(r.go(Access::Load, va).fault);
  const Outcome o = r.go(Access::Store, va);
  CHECK(o.path == Path::Hit);
  CHECK(o.cause == Cause::StorePage);
  CHECK(o.accesses.count == 0);
}

TEMPLATE_TEST_CASE("tlb: Svadu: a store hitting D=0 drops the entry and walks again to set D", "[tlb][ad][svadu]",
                   ALL_MODES) {
  Rig r(TestType::mode, 8);
  r.w.csrs.ad = AdPolicy::Hw;
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kR | kW));
  const Outcome load = r.go(Access::Load, va);  // sets A
  REQUIRE(load.path == Path::Miss);
  const Outcome store = r.go(Access::Store, va);
  CHECK(store.path == Path::DirtyRewalk);
  CHECK_FALSE(store.fault);
  const unsigned levels = geometry(TestType::mode).levels;
  REQUIRE(store.accesses.count == levels + 1);
  CHECK(store.accesses[levels].write);
  CHECK((store.accesses[levels].wdata & (kA | kD)) == (kA | kD));
  CHECK(store.entry == 0);  // the freed slot is the lowest invalid one
  CHECK(r.go(Access::Store, va).path == Path::Hit);
  CHECK(r.m.counters().walks == 2);
  CHECK(r.m.counters().misses == 1);
}

TEST_CASE("tlb: sfence with no operands flushes every entry, global ones too", "[tlb][sfence]") {
  Rig r(Mode::Sv39, 8);
  r.map_pages(4, kRWXAD | kG);
  r.map_pages(2);  // pages 0,1 now non-global, 2,3 global
  for (unsigned i = 0; i < 4; ++i) r.go(Access::Load, Rig::page_va(i));
  r.m.sfence(r.w.csrs, SfenceOp{});
  for (unsigned i = 0; i < 8; ++i) CHECK_FALSE(r.m.tlb().entry(i).valid);
}

TEST_CASE("tlb: sfence va= flushes that page in every ASID, global or not, and nothing else", "[tlb][sfence]") {
  Rig r(Mode::Sv39, 8);
  r.map_pages(3, kRWXAD | kG);
  r.go(Access::Load, Rig::page_va(0));
  r.go(Access::Load, Rig::page_va(1));
  r.w.csrs.asid = 7;
  r.go(Access::Load, Rig::page_va(1));  // global entry already covers it: a hit
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(1) + 0x123, std::nullopt});
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Hit);
  CHECK(r.go(Access::Load, Rig::page_va(1)).path == Path::Miss);
}

TEST_CASE("tlb: sfence asid= keeps global entries and other ASIDs' entries", "[tlb][sfence][asid]") {
  Rig r(Mode::Sv48, 8);
  REQUIRE(r.w.pt.map(Rig::page_va(0), 0, 0x100, kRWXAD | kG));
  REQUIRE(r.w.pt.map(Rig::page_va(1), 0, 0x101, kRWXAD));
  r.w.csrs.asid = 1;
  r.go(Access::Load, Rig::page_va(0));
  r.go(Access::Load, Rig::page_va(1));
  r.w.csrs.asid = 2;
  r.go(Access::Load, Rig::page_va(1));  // ASID 2's own entry
  r.m.sfence(r.w.csrs, SfenceOp{std::nullopt, 1u});
  CHECK(r.go(Access::Load, Rig::page_va(1)).path == Path::Hit);  // ASID 2 kept
  r.w.csrs.asid = 1;
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Hit);  // global kept
  CHECK(r.go(Access::Load, Rig::page_va(1)).path == Path::Miss);  // ASID 1 gone
}

TEST_CASE("tlb: sfence va= asid= removes only that ASID's non-global entry for that page", "[tlb][sfence][asid]") {
  Rig r(Mode::Sv39, 8);
  REQUIRE(r.w.pt.map(Rig::page_va(0), 0, 0x100, kRWXAD));
  REQUIRE(r.w.pt.map(Rig::page_va(1), 0, 0x101, kRWXAD));
  REQUIRE(r.w.pt.map(Rig::page_va(2), 0, 0x102, kRWXAD | kG));
  r.w.csrs.asid = 3;
  for (unsigned i = 0; i < 3; ++i) r.go(Access::Load, Rig::page_va(i));
  r.w.csrs.asid = 4;
  r.go(Access::Load, Rig::page_va(0));
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(0), 3u});
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(2), 3u});  // global: survives
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Hit);  // ASID 4's entry
  r.w.csrs.asid = 3;
  CHECK(r.go(Access::Load, Rig::page_va(1)).path == Path::Hit);
  CHECK(r.go(Access::Load, Rig::page_va(2)).path == Path::Hit);
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Miss);
}

TEMPLATE_TEST_CASE("tlb: sfence va= inside a superpage removes the superpage entry", "[tlb][sfence][superpage]",
                   SUPER_PAGES) {
  Rig r(TestType::mode, 8);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(r.w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD));
  r.go(Access::Load, va);
  const uint64_t bytes = page_bytes(r.w.bi, TestType::level);
  const uint64_t other = va - va % bytes + (va % bytes + bytes / 2) % bytes;  // elsewhere in the page
  r.m.sfence(r.w.csrs, SfenceOp{other, std::nullopt});
  CHECK(r.go(Access::Load, va).path == Path::Miss);
}

TEST_CASE("tlb: sfence with a non-canonical va does nothing", "[tlb][sfence][canonical]") {
  Rig r(Mode::Sv39, 8);
  r.map_pages(1);
  r.go(Access::Load, Rig::page_va(0));
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(0) | (uint64_t{1} << 40), std::nullopt});
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Hit);
  r.m.sfence(r.w.csrs, SfenceOp{Rig::page_va(0), std::nullopt});
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Miss);
}

TEST_CASE("tlb: sfence asid= ignores ASID bits above the implemented width", "[tlb][sfence][asid]") {
  Rig r(Mode::Sv32, 8);
  r.map_pages(1);
  r.w.csrs.asid = 5;
  r.go(Access::Load, Rig::page_va(0));
  r.m.sfence(r.w.csrs, SfenceOp{std::nullopt, 5u | (1u << 9)});  // 9-bit ASID in rv32
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Miss);
}

TEST_CASE("tlb: an sfence leaves the PLRU as it was", "[tlb][sfence][plru]") {
  Rig r(Mode::Sv39, 4);
  r.map_pages(4);
  for (unsigned i = 0; i < 4; ++i) r.go(Access::Load, Rig::page_va(i));
  const unsigned before = r.m.tlb().plru().victim();
  r.m.sfence(r.w.csrs, SfenceOp{});
  CHECK(r.m.tlb().plru().victim() == before);
}

TEST_CASE("tlb: entries of another ASID do not match; global ones match every ASID", "[tlb][asid]") {
  Rig r(Mode::Sv39, 8);
  REQUIRE(r.w.pt.map(Rig::page_va(0), 0, 0x100, kRWXAD));
  REQUIRE(r.w.pt.map(Rig::page_va(1), 0, 0x101, kRWXAD | kG));
  r.w.csrs.asid = 1;
  r.go(Access::Load, Rig::page_va(0));
  r.go(Access::Load, Rig::page_va(1));
  r.w.csrs.asid = 2;
  CHECK(r.go(Access::Load, Rig::page_va(0)).path == Path::Miss);
  CHECK(r.go(Access::Load, Rig::page_va(1)).path == Path::Hit);
}

TEST_CASE("tlb: with several matching entries the lowest-numbered one answers", "[tlb][priority]") {
  Rig r(Mode::Sv39, 8);
  const uint64_t va = 0x40000000ull;  // 1 GiB aligned
  REQUIRE(r.w.pt.map(va, 0, 0x111, kRWXAD));
  REQUIRE(r.go(Access::Load, va).entry == 0);  // 4 KiB entry in slot 0
  // Turn the root PTE into a 1 GiB leaf without an sfence, and walk another page of it.
  r.w.pt.write_pte(r.w.pte_at(va, 2), r.w.pt.make_pte(0x40000, kRWXAD));
  const Outcome giga = r.go(Access::Load, va + 0x2000);
  REQUIRE(giga.path == Path::Miss);
  REQUIRE(giga.entry == 1);
  CHECK(r.go(Access::Load, va).paddr == 0x111000ull);  // slot 0 wins
  CHECK(r.go(Access::Load, va + 0x5000).paddr == 0x40005000ull);
}

TEST_CASE("mmu: counters count hits, misses and walks", "[mmu][counters]") {
  Rig r(Mode::Sv39, 8);
  r.map_pages(2);
  r.go(Access::Load, Rig::page_va(0));
  r.go(Access::Load, Rig::page_va(0));
  r.go(Access::Load, Rig::page_va(1));
  r.go(Access::Load, Rig::page_va(7));  // unmapped: a miss that faults
  CHECK(r.m.counters().hits == 1);
  CHECK(r.m.counters().misses == 3);
  CHECK(r.m.counters().walks == 3);
}
