// The second level: the L2 TLB's set-associative and superpage arrays, the page-walk
// cache, and how MmuModel puts them between the L1 and the walk (DESIGN.md, "L2 TLB",
// "Page-walk cache"). Each case pins one rule; it fails when the rule is removed.
#include "fixture.h"

using namespace mmutest;

namespace {

Leaf leaf4k(uint64_t vpn, uint64_t ppn, bool global = false) {
  Leaf l;
  l.vpn = vpn;
  l.level = 0;
  l.ppn = ppn;
  l.global = global;
  l.perms = LeafPerms{false, true, true, false};
  l.a = l.d = true;
  return l;
}


// Map n 4 KiB pages at consecutive VPNs from `va0` (RW, A, D) to consecutive frames.
void map_run(World& w, uint64_t va0, unsigned n, uint64_t ppn0) {
  for (unsigned i = 0; i < n; ++i) REQUIRE(w.pt.map(va0 + i * kPageSize, 0, ppn0 + i, kV | kR | kW | kA | kD));
}

}  // namespace

TEST_CASE("l2: a 4 KiB leaf lives in the set of its low VPN bits; the lowest invalid way, then the set's PLRU",
          "[l2]") {
  L2Tlb l2(Build::Rv64, L2Geometry{4, 2, 4});
  CHECK(l2.set_of(0x5000) == 1);
  CHECK(l2.set_of(0x7000) == 3);
  // Three pages of set 1 (VPNs 1, 5, 9): the third evicts the PLRU way of set 1 only.
  const L2Slot a = l2.fill(1, leaf4k(1, 0x100));
  const L2Slot b = l2.fill(1, leaf4k(5, 0x101));
  CHECK_FALSE(a.super);
  CHECK(a.set == 1);
  CHECK(a.index == 0);
  CHECK(b.index == 1);
  l2.fill(1, leaf4k(2, 0x200));  // set 2: does not disturb set 1
  REQUIRE(l2.lookup(0x1000, 1));
  l2.touch(*l2.lookup(0x1000, 1));  // way 0 most recent: way 1 is the victim
  bool replaced = false;
  const L2Slot c = l2.fill(1, leaf4k(9, 0x102), &replaced);
  CHECK(replaced);
  CHECK(c.index == 1);
  CHECK(l2.lookup(0x1000, 1));
  CHECK_FALSE(l2.lookup(0x5000, 1));
  CHECK(l2.lookup(0x9000, 1));
  CHECK(l2.lookup(0x2000, 1));
}

TEST_CASE("l2: superpages go to the superpage array; a 4 KiB way has priority over a superpage", "[l2]") {
  L2Tlb l2(Build::Rv64, L2Geometry{4, 2, 4});
  Leaf big = leaf4k(0x200, 0x400);  // a 2 MiB page at VA 0x200000
  big.level = 1;
  const L2Slot s = l2.fill(1, big);
  CHECK(s.super);
  REQUIRE(l2.lookup(0x201000, 1));
  CHECK(l2.lookup(0x201000, 1)->super);
  l2.fill(1, leaf4k(0x201, 0x777));  // a 4 KiB page inside it, cached afterwards
  const std::optional<L2Slot> hit = l2.lookup(0x201000, 1);
  REQUIRE(hit);
  CHECK_FALSE(hit->super);
  CHECK(l2.entry(*hit).leaf.ppn == 0x777);
}

TEST_CASE("l2: sfence rules as for the L1; a VA fence reaches the page's set, an ASID fence spares globals",
          "[l2][sfence]") {
  L2Tlb l2(Build::Rv64, L2Geometry{4, 2, 4});
  l2.fill(1, leaf4k(1, 0x100));
  l2.fill(2, leaf4k(5, 0x101));
  l2.fill(3, leaf4k(2, 0x102, true));
  SfenceEffect fx = l2.sfence(SfenceOp{uint64_t{0x1000}, std::nullopt}, Mode::Sv39);
  CHECK(fx.removed_nonglobal == 1);
  CHECK_FALSE(l2.lookup(0x1000, 1));
  CHECK(l2.lookup(0x5000, 2));
  fx = l2.sfence(SfenceOp{std::nullopt, uint32_t{3}}, Mode::Sv39);
  CHECK(fx.spared_global == 1);
  CHECK(l2.lookup(0x2000, 7));  // global: any ASID
  fx = l2.sfence(SfenceOp{std::nullopt, uint32_t{2}}, Mode::Sv39);
  CHECK(fx.removed_nonglobal == 1);
  CHECK_FALSE(l2.lookup(0x5000, 2));
}

TEST_CASE("walk cache: the deepest matching pointer wins, then the lowest-numbered entry", "[walk cache]") {
  WalkCache pwc(Build::Rv64, 4);
  const uint64_t va = 0x40201000;
  const uint64_t vpn = vpn_tag(build_info(Build::Rv64), va);
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 2, vpn, 1, false, 0x80001});  // entry 0: level 2
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 1, vpn, 1, false, 0x80002});  // entry 1: level 1
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 1, vpn, 1, true, 0x80003});   // entry 2: level 1, global
  REQUIRE(pwc.lookup(Mode::Sv39, va, 1));
  CHECK(*pwc.lookup(Mode::Sv39, va, 1) == 1);
  CHECK(*pwc.lookup(Mode::Sv39, va, 9) == 2);                 // another ASID: the global one
  CHECK_FALSE(pwc.lookup(Mode::Sv48, va, 1));                 // another mode indexes differently
  CHECK(*pwc.lookup(Mode::Sv39, va + (uint64_t{1} << 21), 1) == 0);  // another 2 MiB region: level 2 only
}

TEST_CASE("walk cache: only a fence without rs1 removes pointers; with rs2 it spares globals and other ASIDs",
          "[walk cache][sfence]") {
  WalkCache pwc(Build::Rv64, 4);
  const uint64_t vpn = 0x40201;
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 1, vpn, 1, false, 0x80002});
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 1, vpn, 2, false, 0x80003});
  pwc.fill(WalkCacheEntry{true, Mode::Sv39, 2, vpn, 1, true, 0x80004});
  CHECK(pwc.sfence(SfenceOp{uint64_t{0x40201000}, std::nullopt}).removed == 0);  // leaf PTEs only
  CHECK(pwc.sfence(SfenceOp{uint64_t{0x40201000}, uint32_t{1}}).removed == 0);
  const WalkCacheFlush f = pwc.sfence(SfenceOp{std::nullopt, uint32_t{1}});
  CHECK(f.removed == 1);
  CHECK(f.spared_global == 1);
  CHECK(pwc.entry(1).valid);
  CHECK(pwc.sfence(SfenceOp{}).removed == 2);
}

TEST_CASE("mmu: an L1 miss that hits the L2 answers from it and refills the L1; counted as an L2 hit", "[l2][mmu]") {
  World w(Mode::Sv39);
  map_run(w, 0x10000, 5, 0x88000);
  MmuModel m(w.build, small_config());
  for (unsigned i = 0; i < 5; ++i) REQUIRE_FALSE(m.translate(w.csrs, Access::Load, 0x10000 + i * kPageSize, w.mem).fault);
  // Five pages in a 4-entry L1: the first was evicted (lowest invalid, then PLRU victim 0).
  const Outcome o = m.translate(w.csrs, Access::Load, 0x10000, w.mem);
  CHECK(o.path == Path::L2Hit);
  CHECK(o.accesses.count == 0);
  CHECK(o.paddr == 0x88000000ull);
  CHECK(o.entry >= 0);
  CHECK(m.counters().l2_hits == 1);
  CHECK(m.translate(w.csrs, Access::Load, 0x10000, w.mem).path == Path::Hit);
}

TEST_CASE("mmu: the L2's entry is judged now; a Svadu D=0 entry is dropped from the L2 and walked",
          "[l2][mmu][a/d]") {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(0x10000, 0, 0x88000, kV | kR | kW | kA));  // D=0
  map_run(w, 0x20000, 4, 0x89000);
  MmuModel m(w.build, small_config());
  w.csrs.ad = AdPolicy::Hw;
  REQUIRE_FALSE(m.translate(w.csrs, Access::Load, 0x10000, w.mem).fault);
  for (unsigned i = 0; i < 4; ++i) m.translate(w.csrs, Access::Load, 0x20000 + i * kPageSize, w.mem);
  // Evicted from the L1, still in the L2 with D=0: a store drops it and walks (sets D).
  const Outcome o = m.translate(w.csrs, Access::Store, 0x10000, w.mem);
  CHECK(o.path == Path::DirtyRewalk);
  REQUIRE(o.l2);
  CHECK(o.accesses.count >= 2);  // the leaf read and the A/D update
  CHECK(o.accesses[o.accesses.count - 1].write);
  // Permissions come from now, not the fill: U-mode cannot use the S page the L2 holds.
  for (unsigned i = 0; i < 4; ++i) m.translate(w.csrs, Access::Load, 0x20000 + i * kPageSize, w.mem);
  w.csrs.priv = Priv::U;
  const Outcome u = m.translate(w.csrs, Access::Load, 0x10000, w.mem);
  CHECK(u.path == Path::L2Hit);
  CHECK(u.cause == Cause::LoadPage);
}

TEST_CASE("mmu: a walk starts at the deepest cached pointer; each pointer followed is cached", "[walk cache][mmu]") {
  World w(Mode::Sv48);
  REQUIRE(w.pt.map(0x40201000, 0, 0x88001, kRWXAD));
  REQUIRE(w.pt.map(0x40202000, 0, 0x88002, kRWXAD));
  MmuModel m(w.build, small_config());
  const Outcome first = m.translate(w.csrs, Access::Load, 0x40201000, w.mem);
  CHECK(first.accesses.count == 4);
  CHECK(first.walk_cache_level == -1);
  CHECK(first.walk_cache_fills == 3);  // the pointers at levels 3, 2, 1 (a cache of 2 keeps 2)
  const Outcome second = m.translate(w.csrs, Access::Load, 0x40202000, w.mem);
  CHECK(second.walk_cache_level == 0);
  REQUIRE(second.accesses.count == 1);
  CHECK(second.accesses[0].pa == w.pte_at(0x40202000, 0));
  CHECK(m.counters().walk_cache_hits == 1);
}

TEST_CASE("mmu: an sfence while a request is past the L1 cancels its walk-cache refills too", "[walk cache][sfence]") {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(0x40201000, 0, 0x88001, kRWXAD));
  REQUIRE(w.pt.map(0x40202000, 0, 0x88002, kRWXAD));
  MmuModel m(w.build, small_config());
  REQUIRE(m.lookup(w.csrs, Access::Load, 0x40201000).path == Path::Miss);
  m.sfence(w.csrs, SfenceOp{uint64_t{0x9000}, std::nullopt});  // any sfence, even one that keeps pointers
  m.arbitrate();
  m.second_level();
  while (!m.answer_ready()) m.respond(w.mem.peek(m.walker().op().pa, 8), false, false);
  CHECK(m.finish_walk().walk_cache_fills == 0);
  CHECK(m.translate(w.csrs, Access::Load, 0x40202000, w.mem).walk_cache_level == -1);
}

TEST_CASE("mmu: a restart after a failed A/D update goes back to the root, whatever the walk cache holds",
          "[walk cache][a/d]") {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(0x40201000, 0, 0x88001, kV | kR | kW));  // A=0: the walk updates it
  REQUIRE(w.pt.map(0x40202000, 0, 0x88002, kRWXAD));
  MmuModel m(w.build, small_config());
  w.csrs.ad = AdPolicy::Hw;
  REQUIRE_FALSE(m.translate(w.csrs, Access::Load, 0x40202000, w.mem).fault);  // caches the pointers
  REQUIRE(m.lookup(w.csrs, Access::Load, 0x40201000).path == Path::Miss);
  m.arbitrate();
  m.second_level();
  REQUIRE(m.walker().op().pa == w.pte_at(0x40201000, 0));  // from the cached level-1 pointer
  m.respond(w.mem.peek(m.walker().op().pa, 8), false, false);
  REQUIRE(m.walker().op().write);
  m.respond(0, false, false);                              // the compare-and-swap fails
  CHECK(m.walker().op().pa == w.pte_at(0x40201000, 2));    // the root PTE
}
