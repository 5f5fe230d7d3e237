// Svnapot in the model (DESIGN.md, "RVA23 extensions in the model"): 64 KiB NAPOT
// leaves, the reserved N encodings, NAPOT entries in the L1 and L2 TLBs and sfence.vma
// on them. Svnapot is a per-model switch (Extensions::napot), off by default. Each case
// pins one rule and fails when it is removed.
//
// The page used throughout, derived by hand: Sv39 VA 0x40235a7c has VPN[2] = 1,
// VPN[1] = 1, VPN[0] = 0x35 (0b0_0011_0101: VPN[3:0] = 5) and offset 0xa7c. Tables: root
// PPN 0x80000, level 1 0x80001, level 0 0x80002; the walk reads 0x80000008, 0x80001008
// and 0x80002000 + 0x35 * 8 = 0x800021a8. Its 64 KiB range is 0x40230000..0x4023ffff.
// The NAPOT leaf has PPN 0x80128 (PPN[3:0] = 1000): the translation uses PPN 0x80120 with
// bits 3:0 from VPN[3:0] = 5, so PA = 0x80125 << 12 | 0xa7c = 0x80125a7c.
#include "explain.h"
#include "fixture.h"

using namespace mmutest;

namespace {

constexpr uint64_t kVa = 0x40235a7c, kNapotPpn = 0x80128, kPa = 0x80125a7c;
constexpr uint64_t kN = uint64_t{1} << 63;
constexpr uint64_t kLeafPte = 0x800021a8, kLevel1Pte = 0x80001008;
constexpr Extensions kNapotOn{true};

WalkResult walk(World& w, Access a, uint64_t va, const Extensions& ext = kNapotOn) {
  return mmu::walk(w.build, w.csrs, a, va, w.mem, ext);
}

// The NAPOT leaf for kVa (RW, A, D unless `flags` says otherwise).
World napot_world(uint64_t flags = kV | kR | kW | kA | kD) {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(kVa, 0, kNapotPpn, flags | kN));
  REQUIRE(w.pte_at(kVa, 0) == kLeafPte);
  return w;
}

}  // namespace

TEST_CASE("svnapot: off (the default), N=1 is a reserved bit and page-faults", "[svnapot]") {
  CHECK_FALSE(Extensions{}.napot);
  World w = napot_world();
  const WalkResult r = walk(w, Access::Load, kVa, Extensions{});
  CHECK(r.cause == Cause::LoadPage);
  CHECK(r.stop == WalkStop::Reserved);
  CHECK(r.accesses.count == 3);
  CHECK(w.walk(Access::Load, kVa).stop == WalkStop::Reserved);  // walk() without extensions: off
}

TEST_CASE("svnapot: a level-0 leaf with N=1 and PPN[3:0]=1000 maps 64 KiB; the PA takes VA bits 15:12",
          "[svnapot]") {
  World w = napot_world();
  const WalkResult r = walk(w, Access::Load, kVa);
  REQUIRE_FALSE(r.fault);
  CHECK(r.paddr == kPa);
  CHECK(r.leaf.napot);
  CHECK(r.leaf.level == 0);
  CHECK(r.leaf.ppn == kNapotPpn);
  CHECK(r.accesses.count == 3);
  // Another VA of the range, through its own (identical) PTE at index 0x30: VPN[3:0] = 0.
  REQUIRE(w.pt.map(0x40230000, 0, kNapotPpn, kV | kR | kW | kA | kD | kN));
  CHECK(walk(w, Access::Store, 0x40230010).paddr == 0x80120010);
}

TEST_CASE("svnapot: every other PPN[3:0] of an N=1 leaf is a reserved encoding and page-faults", "[svnapot]") {
  for (uint64_t low = 0; low < 16; ++low) {
    if (low == 0x8) continue;
    World w(Mode::Sv39);
    REQUIRE(w.pt.map(kVa, 0, 0x80120 | low, kV | kR | kW | kA | kD | kN));
    const WalkResult r = walk(w, Access::Load, kVa);
    INFO("PPN[3:0] = " << low);
    CHECK(r.cause == Cause::LoadPage);
    CHECK(r.stop == WalkStop::Reserved);
    CHECK(r.accesses.count == 3);
  }
}

TEST_CASE("svnapot: N=1 in a leaf above level 0 page-faults (reserved), before the superpage alignment check",
          "[svnapot]") {
  // A 2 MiB leaf at level 1 (PTE 0x80001008) with PPN[3:0] = 1000: were the level rule
  // missing, the 64 KiB encoding would pass step 3 and the walk would stop at step 5
  // (PPN[8:0] = 8 is a misaligned superpage) instead.
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(kVa, 1, 0x80208, kV | kR | kW | kA | kD | kN));
  const WalkResult r = walk(w, Access::Load, kVa);
  CHECK(r.cause == Cause::LoadPage);
  CHECK(r.stop == WalkStop::Reserved);
  CHECK(r.stop_level == 1);
  CHECK(r.accesses.count == 2);
  CHECK(Pte{w.pt.read_pte(kLevel1Pte)}.reserved_use(w.bi, false, true, 1) == ReservedUse::NapotAboveLevel0);
}

TEST_CASE("svnapot: N=1 in a non-leaf PTE page-faults at that PTE", "[svnapot]") {
  SECTION("a level-1 pointer") {
    World w = napot_world();
    w.pt.write_pte(kLevel1Pte, w.pt.read_pte(kLevel1Pte) | kN);
    const WalkResult r = walk(w, Access::Load, kVa);
    CHECK(r.stop == WalkStop::Reserved);
    CHECK(r.stop_level == 1);
    CHECK(r.accesses.count == 2);
    CHECK(Pte{w.pt.read_pte(kLevel1Pte)}.reserved_use(w.bi, false, true, 1) == ReservedUse::NInPointer);
  }
  SECTION("a level-0 pointer with PPN[3:0]=1000: reserved (step 3), not only a pointer at level 0 (step 4)") {
    World w = napot_world();
    w.pt.write_pte(kLeafPte, (kNapotPpn << 10) | kV | kN);
    const WalkResult r = walk(w, Access::Load, kVa);
    CHECK(r.stop == WalkStop::Reserved);
    CHECK(r.stop_level == 0);
    CHECK(r.accesses.count == 3);
  }
}

TEST_CASE("svnapot: one L1 TLB entry covers the 64 KiB: every VA of the range hits it, none outside",
          "[svnapot][tlb]") {
  World w = napot_world();
  const WalkResult r = walk(w, Access::Load, kVa);
  REQUIRE_FALSE(r.fault);
  Tlb tlb(Build::Rv64, 4);
  const unsigned e = tlb.fill(0, r.leaf);
  for (uint64_t va : {0x40230000ull, 0x40235a7cull, 0x4023f123ull, 0x4023ffffull}) {
    INFO("va " << hex(va));
    CHECK(tlb.lookup(va, 0) == e);
  }
  CHECK_FALSE(tlb.lookup(0x4022ffff, 0));  // the 64 KiB below
  CHECK_FALSE(tlb.lookup(0x40240000, 0));  // the 64 KiB above
  // The hit's PA: PPN 0x80120 | VA[15:12], offset from the VA.
  CHECK(leaf_paddr(w.bi, tlb.entry(e).leaf, 0x4023f123) == 0x8012f123);
  CHECK(leaf_paddr(w.bi, tlb.entry(e).leaf, 0x40230000) == 0x80120000);
}

TEST_CASE("svnapot: sfence.vma with a VA anywhere in the 64 KiB removes the NAPOT entry; outside it, not",
          "[svnapot][tlb][sfence]") {
  World w = napot_world();
  const Leaf leaf = walk(w, Access::Load, kVa).leaf;
  Tlb tlb(Build::Rv64, 4);
  const unsigned e = tlb.fill(3, leaf);
  CHECK(tlb.sfence(SfenceOp{0x40240000, std::nullopt}, Mode::Sv39).removed_nonglobal == 0);
  CHECK(tlb.sfence(SfenceOp{0x4022f000, 3}, Mode::Sv39).removed_nonglobal == 0);
  CHECK(tlb.entry(e).valid);
  const SfenceEffect fx = tlb.sfence(SfenceOp{0x4023e000, 3}, Mode::Sv39);  // VPN[3:0] = 0xe, not 5
  CHECK(fx.removed_nonglobal == 1);
  CHECK_FALSE(tlb.entry(e).valid);
}

TEST_CASE("svnapot: the L2 TLB keeps NAPOT entries in its fully associative array, found from any VA of the range",
          "[svnapot][l2]") {
  // With 4 sets, a 4 KiB leaf of kVa would go to set VPN & 3 = 0x40235 & 3 = 1; VAs
  // 0x40230000 (set 0) and 0x4023f000 (set 3) of the same 64 KiB index other sets.
  World w = napot_world();
  const Leaf leaf = walk(w, Access::Load, kVa).leaf;
  L2Tlb l2(Build::Rv64, L2Geometry{4, 2, 4});
  const L2Slot slot = l2.fill(0, leaf);
  CHECK(slot.super);
  for (uint64_t va : {0x40230000ull, 0x40235000ull, 0x4023f000ull}) {
    const std::optional<L2Slot> hit = l2.lookup(va, 0);
    INFO("va " << hex(va));
    REQUIRE(hit);
    CHECK(hit->super);
  }
  CHECK_FALSE(l2.lookup(0x40240000, 0));
  const SfenceEffect fx = l2.sfence(SfenceOp{0x4023c000, std::nullopt}, Mode::Sv39);
  CHECK(fx.removed_nonglobal == 1);
  CHECK_FALSE(l2.lookup(0x40235000, 0));
}

TEST_CASE("svnapot: the Svadu A/D update writes back the NAPOT PTE as read: PPN[3:0] stays 1000", "[svnapot][ad]") {
  World w = napot_world(kV | kR | kW);
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t raw = w.pt.read_pte(kLeafPte);
  REQUIRE(raw == ((kNapotPpn << 10) | kV | kR | kW | kN));
  const WalkResult r = walk(w, Access::Store, kVa);
  REQUIRE_FALSE(r.fault);
  CHECK(r.paddr == kPa);
  REQUIRE(r.accesses.count == 4);
  CHECK(r.accesses[3].write);
  CHECK(r.accesses[3].pa == kLeafPte);
  CHECK(r.accesses[3].cmp == raw);
  CHECK(r.accesses[3].wdata == (raw | kA | kD));
  CHECK(w.pt.read_pte(kLeafPte) == (raw | kA | kD));
  CHECK(r.leaf.d);
}

TEST_CASE("svnapot: with Svnapot on, a 4 KiB leaf without N and an Sv32 walk are unchanged", "[svnapot]") {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(kVa, 0, kNapotPpn, kV | kR | kA));  // PPN[3:0] = 1000 but N = 0: a plain page
  const WalkResult r = walk(w, Access::Load, kVa);
  REQUIRE_FALSE(r.fault);
  CHECK_FALSE(r.leaf.napot);
  CHECK(r.paddr == 0x80128a7c);
  Tlb tlb(Build::Rv64, 4);
  tlb.fill(0, r.leaf);
  CHECK_FALSE(tlb.lookup(0x40234a7c, 0));  // a 4 KiB entry covers its own page only
}

// Through MmuModel (MmuConfig::ext, the RTL's Svnapot parameter): the L1 and L2 hit
// paths take PA[15:12] from the VA, and an sfence by VA finds the entry from anywhere in
// its 64 KiB. Only kVa's PTE is mapped: the other VAs of the range (0x4023f123: VPN[3:0]
// = 0xf, PA 0x8012f123; 0x40230010: VPN[3:0] = 0, PA 0x80120010) have no PTE of their own,
// so a walk of them would fault: only the NAPOT entry can answer them.
namespace {

MmuConfig napot_config() {
  MmuConfig c = small_config();
  c.ext.napot = true;
  return c;
}

}  // namespace

TEST_CASE("svnapot mmu: off in MmuConfig (the default), the walk of an N=1 leaf faults", "[svnapot][mmu]") {
  World w = napot_world();
  MmuModel m(w.build, MmuConfig{});
  const Outcome o = m.translate(w.csrs, Access::Load, kVa, w.mem);
  CHECK(o.cause == Cause::LoadPage);
  CHECK(o.stop == WalkStop::Reserved);
}

TEST_CASE("svnapot mmu: an L1 hit for another VA of the 64 KiB takes PA[15:12] from the VA", "[svnapot][mmu]") {
  World w = napot_world();
  MmuModel m(w.build, napot_config());
  const Outcome first = m.translate(w.csrs, Access::Load, kVa, w.mem);
  REQUIRE_FALSE(first.fault);
  CHECK(first.path == Path::Miss);
  CHECK(first.paddr == kPa);
  const Outcome hit = m.translate(w.csrs, Access::Store, 0x4023f123, w.mem);
  CHECK(hit.path == Path::Hit);
  CHECK(hit.entry == first.entry);
  CHECK(hit.paddr == 0x8012f123);  // not 0x8012_8123 (PPN[3:0] of the PTE) nor 0x80125123 (the walk's VA)
}

TEST_CASE("svnapot mmu: an L2 hit (superpage array) for another VA of the 64 KiB takes PA[15:12] from the VA",
          "[svnapot][mmu][l2]") {
  World w = napot_world();
  // Four 4 KiB pages elsewhere push the NAPOT entry out of the 4-entry L1 (lowest
  // invalid entries 1..3, then the PLRU victim, entry 0: the NAPOT entry's).
  for (unsigned i = 0; i < 4; ++i) REQUIRE(w.pt.map(0x10000 + i * kPageSize, 0, 0x88000 + i, kV | kR | kW | kA | kD));
  MmuModel m(w.build, napot_config());
  REQUIRE(m.translate(w.csrs, Access::Load, kVa, w.mem).entry == 0);
  for (unsigned i = 0; i < 4; ++i) REQUIRE_FALSE(m.translate(w.csrs, Access::Load, 0x10000 + i * kPageSize, w.mem).fault);
  const Outcome o = m.translate(w.csrs, Access::Load, 0x40230010, w.mem);
  CHECK(o.path == Path::L2Hit);
  REQUIRE(o.l2);
  CHECK(o.l2->super);
  CHECK(o.accesses.count == 0);
  CHECK(o.paddr == 0x80120010);
}

TEST_CASE("svnapot mmu: sfence.vma by a VA elsewhere in the 64 KiB removes the entry from the L1 and the L2",
          "[svnapot][mmu][sfence]") {
  World w = napot_world();
  MmuModel m(w.build, napot_config());
  REQUIRE_FALSE(m.translate(w.csrs, Access::Load, kVa, w.mem).fault);
  const SfenceEffect fx = m.sfence(w.csrs, SfenceOp{0x4023e000, std::nullopt});  // VPN[3:0] = 0xe, not 5
  CHECK(fx.removed_nonglobal == 1);
  CHECK(fx.l2_removed == 1);
  CHECK(fx.removed_superpage == 0);  // a NAPOT page is level 0
  // Gone from both: kVa walks again (one read: a fence with a VA leaves the walk cache's
  // level-1 pointer), and after a full fence 0x4023f123 (no PTE of its own) faults.
  const Outcome again = m.translate(w.csrs, Access::Load, kVa, w.mem);
  CHECK(again.path == Path::Miss);
  CHECK(again.accesses.count == 1);
  CHECK(again.paddr == kPa);
  m.sfence(w.csrs, SfenceOp{});
  CHECK(m.translate(w.csrs, Access::Load, 0x4023f123, w.mem).fault);
}

TEST_CASE("svnapot mmu: explanations of a NAPOT hit and of a bad N encoding use the configured switch",
          "[svnapot][mmu][explain]") {
  World w = napot_world();
  MmuModel m(w.build, napot_config());
  REQUIRE_FALSE(m.translate(w.csrs, Access::Load, kVa, w.mem).fault);
  const std::string hit = explain(w.build, w.csrs, Access::Load, 0x4023f123, m, w.mem);
  CHECK(hit.find("a 64 KiB NAPOT page") != std::string::npos);
  CHECK(hit.find("= 0x8012f123") != std::string::npos);
  w.pt.write_pte(kLeafPte, (0x80124ull << 10) | kV | kR | kW | kA | kD | kN);  // PPN[3:0] = 0100
  m.sfence(w.csrs, SfenceOp{});
  const std::string bad = explain(w.build, w.csrs, Access::Load, kVa, m, w.mem);
  CHECK(bad.find("N=1 with PPN[3:0] = 0100") != std::string::npos);
  CHECK(bad.find("not implemented") == std::string::npos);
}
