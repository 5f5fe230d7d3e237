// Svpbmt in the model (DESIGN.md, "RVA23 extensions in the model"): menvcfg.PBMTE, the
// leaf's memory type returned with the translation and kept by the TLBs, and the
// encodings that stay reserved. Each case pins one rule and fails when it is removed.
//
// The page used throughout, derived by hand: Sv39 VA 0x40201010 has VPN[2] = 1,
// VPN[1] = 1, VPN[0] = 1 and offset 0x010. The fixture's allocator hands out the root
// table at PPN 0x80000, then the level-1 table at 0x80001 and the level-0 table at
// 0x80002, so the walk reads 0x80000008, 0x80001008, 0x80002008 (each table + 1 * 8).
// The leaf's PPN is 0x80123: PA = 0x80123 << 12 | 0x010 = 0x80123010.
#include "explain.h"
#include "fixture.h"

using namespace mmutest;

namespace {

constexpr uint64_t kVa = 0x40201010, kPpn = 0x80123, kPa = 0x80123010;
constexpr uint64_t kPbmtNc = uint64_t{1} << 61, kPbmtIo = uint64_t{2} << 61, kPbmt3 = uint64_t{3} << 61;
constexpr uint64_t kLeafPte = 0x80002008, kLevel1Pte = 0x80001008;

// The page mapped RW/A/D with `upper` OR'ed into the leaf PTE.
World sv39_world(uint64_t upper, bool pbmte) {
  World w(Mode::Sv39);
  REQUIRE(w.pt.map(kVa, 0, kPpn, kV | kR | kW | kA | kD | upper));
  REQUIRE(w.pte_at(kVa, 0) == kLeafPte);
  w.csrs.pbmte = pbmte;
  return w;
}

}  // namespace

TEST_CASE("svpbmt: with PBMTE=0 (the default) nonzero PBMT bits are reserved and page-fault at the leaf",
          "[svpbmt]") {
  CHECK_FALSE(CsrView{}.pbmte);  // off unless asked for
  for (uint64_t bits : {kPbmtNc, kPbmtIo, kPbmt3}) {
    World w = sv39_world(bits, false);
    const WalkResult r = w.walk(Access::Load, kVa);
    CHECK(r.fault);
    CHECK(r.cause == Cause::LoadPage);
    CHECK(r.stop == WalkStop::Reserved);
    CHECK(r.stop_level == 0);
    CHECK(r.accesses.count == 3);
    CHECK(Pte{w.pt.read_pte(kLeafPte)}.reserved_use(w.bi, false, false, 0) == ReservedUse::PbmtUnimplemented);
  }
}

TEST_CASE("svpbmt: with PBMTE=1 a leaf's PBMT (PMA 0, NC 1, IO 2) is returned with the translation", "[svpbmt]") {
  const std::pair<uint64_t, Pbmt> kinds[] = {{0, Pbmt::Pma}, {kPbmtNc, Pbmt::Nc}, {kPbmtIo, Pbmt::Io}};
  for (const auto& [bits, type] : kinds) {
    World w = sv39_world(bits, true);
    for (Access a : {Access::Fetch, Access::Load, Access::Store, Access::Amo}) {
      if (a == Access::Fetch) continue;  // the page has no X
      const WalkResult r = w.walk(a, kVa);
      REQUIRE_FALSE(r.fault);
      CHECK(r.paddr == kPa);  // PBMT changes the memory type, never the address
      CHECK(r.leaf.pbmt == type);
      CHECK(r.leaf.ppn == kPpn);  // bits 62:61 are not part of the PPN (53:10)
    }
  }
}

TEST_CASE("svpbmt: PBMT=3 in a leaf is reserved and page-faults even with PBMTE=1", "[svpbmt]") {
  World w = sv39_world(kPbmt3, true);
  const WalkResult r = w.walk(Access::Store, kVa);
  CHECK(r.cause == Cause::StorePage);
  CHECK(r.stop == WalkStop::Reserved);
  CHECK(r.accesses.count == 3);
  CHECK(Pte{w.pt.read_pte(kLeafPte)}.reserved_use(w.bi, true, false, 0) == ReservedUse::PbmtValue3);
}

TEST_CASE("svpbmt: nonzero PBMT in a non-leaf PTE page-faults with PBMTE=1, at that pointer", "[svpbmt]") {
  for (uint64_t bits : {kPbmtNc, kPbmtIo}) {
    World w = sv39_world(0, true);
    w.pt.write_pte(kLevel1Pte, w.pt.read_pte(kLevel1Pte) | bits);  // the level-1 pointer
    const WalkResult r = w.walk(Access::Load, kVa);
    CHECK(r.cause == Cause::LoadPage);
    CHECK(r.stop == WalkStop::Reserved);
    CHECK(r.stop_level == 1);
    REQUIRE(r.accesses.count == 2);  // root, then the pointer that faults; not the leaf
    CHECK(r.accesses[1].pa == kLevel1Pte);
    CHECK(Pte{w.pt.read_pte(kLevel1Pte)}.reserved_use(w.bi, true, false, 1) == ReservedUse::PbmtInPointer);
  }
}

TEST_CASE("svpbmt: bits 60:54 stay reserved whatever PBMTE says", "[svpbmt]") {
  World w = sv39_world(kPbmtNc | (uint64_t{1} << 54), true);
  CHECK(w.walk(Access::Load, kVa).stop == WalkStop::Reserved);
}

TEST_CASE("svpbmt: the L1 and L2 TLBs keep the leaf's PBMT, and a hit returns it", "[svpbmt][tlb]") {
  World w = sv39_world(kPbmtIo, true);
  MmuModel m(Build::Rv64, MmuConfig{});
  const Outcome miss = m.translate(w.csrs, Access::Load, kVa, w.mem);
  REQUIRE(miss.path == Path::Miss);
  REQUIRE_FALSE(miss.fault);
  CHECK(miss.paddr == kPa);
  REQUIRE(miss.entry >= 0);
  CHECK(m.tlb().entry(static_cast<unsigned>(miss.entry)).leaf.pbmt == Pbmt::Io);
  const std::optional<L2Slot> l2 = m.l2().lookup(kVa, 0);
  REQUIRE(l2);
  CHECK(m.l2().entry(*l2).leaf.pbmt == Pbmt::Io);

  // The PTE changes in memory (no sfence): the hit still answers from the entry, PBMT
  // included, with no memory traffic.
  w.pt.write_pte(kLeafPte, w.pt.read_pte(kLeafPte) & ~kPbmtIo);
  const Outcome hit = m.translate(w.csrs, Access::Load, kVa + 0x20, w.mem);
  REQUIRE(hit.path == Path::Hit);
  CHECK(hit.accesses.count == 0);
  CHECK(hit.paddr == kPa + 0x20);
  CHECK(m.tlb().entry(static_cast<unsigned>(hit.entry)).leaf.pbmt == Pbmt::Io);
}

TEST_CASE("svpbmt: explanations name PBMT's meaning under PBMTE=1: the memory type of a leaf, a reserved use",
          "[svpbmt][explain]") {
  MmuModel m(Build::Rv64, MmuConfig{});
  World io = sv39_world(kPbmtIo, true);
  const std::string ok = explain(Build::Rv64, io.csrs, Access::Load, kVa, m, io.mem);
  INFO(ok);
  CHECK_THAT(ok, Catch::Contains("step 3: no reserved bits or encodings (bits 60:54 are 0; PBMT=2 (io) with "
                                 "menvcfg.PBMTE=1)"));
  World pointer = sv39_world(0, true);
  pointer.pt.write_pte(kLevel1Pte, pointer.pt.read_pte(kLevel1Pte) | kPbmtNc);
  const std::string bad = explain(Build::Rv64, pointer.csrs, Access::Load, kVa, m, pointer.mem);
  INFO(bad);
  CHECK_THAT(bad, Catch::Contains("step 3: reserved bits set: PBMT=1 in a non-leaf PTE: page fault"));
  World three = sv39_world(kPbmt3, true);
  CHECK_THAT(explain(Build::Rv64, three.csrs, Access::Load, kVa, m, three.mem),
             Catch::Contains("step 3: reserved bits set: PBMT=3 (a reserved value): page fault"));
}

// Through MmuModel: the answer (Outcome::pbmt, the RTL's rsp_pbmt_o) carries the memory
// type of whatever translated: the walk's leaf, the L1 entry, the L2 entry.
// (small_config(): fixture.h)

TEST_CASE("svpbmt mmu: the answer carries PBMT from the walk, from an L1 hit and from an L2 hit", "[svpbmt][mmu]") {
  World w = sv39_world(kPbmtIo, true);
  // Four NC pages elsewhere evict kVa's entry from the 4-entry L1 (entry 0, the PLRU victim).
  for (unsigned i = 0; i < 4; ++i)
    REQUIRE(w.pt.map(0x10000 + i * kPageSize, 0, 0x88000 + i, kV | kR | kW | kA | kD | kPbmtNc));
  MmuModel m(w.build, small_config());
  const Outcome walked = m.translate(w.csrs, Access::Load, kVa, w.mem);
  CHECK(walked.path == Path::Miss);
  CHECK(walked.paddr == kPa);
  CHECK(walked.pbmt == Pbmt::Io);
  const Outcome hit = m.translate(w.csrs, Access::Store, kVa + 8, w.mem);
  CHECK(hit.path == Path::Hit);
  CHECK(hit.pbmt == Pbmt::Io);
  for (unsigned i = 0; i < 4; ++i) CHECK(m.translate(w.csrs, Access::Load, 0x10000 + i * kPageSize, w.mem).pbmt == Pbmt::Nc);
  const Outcome l2 = m.translate(w.csrs, Access::Load, kVa, w.mem);
  CHECK(l2.path == Path::L2Hit);
  CHECK(l2.pbmt == Pbmt::Io);
  // The L1 refilled from the L2 keeps it too.
  CHECK(m.translate(w.csrs, Access::Load, kVa, w.mem).pbmt == Pbmt::Io);
  // A fault carries none: a U-mode load of the S page hits the entry and faults.
  w.csrs.priv = Priv::U;
  const Outcome f = m.translate(w.csrs, Access::Load, kVa, w.mem);
  CHECK(f.fault);
  CHECK(f.pbmt == Pbmt::Pma);
}

TEST_CASE("svpbmt mmu: PBMTE is part of the request's snapshot: a change after acceptance does not reach its walk",
          "[svpbmt][mmu]") {
  World w = sv39_world(kPbmtNc, true);
  MmuModel m(w.build, small_config());
  CsrView view = w.csrs;
  REQUIRE(m.lookup(view, Access::Load, kVa).path == Path::Miss);
  view.pbmte = false;  // menvcfg.PBMTE cleared the edge after acceptance
  REQUIRE(m.arbitrate());
  m.second_level();
  while (!m.answer_ready()) {
    const MemAccess& op = m.walker().op();
    m.respond(*w.mem.read(op.pa, 8), false, false);
  }
  const Outcome o = m.finish_walk();
  REQUIRE_FALSE(o.fault);
  CHECK(o.pbmt == Pbmt::Nc);
  // A request accepted under PBMTE=0 walks under it: PBMT is reserved there. The L1 entry
  // filled above still answers NC (entries keep what their walk read); after a fence the
  // walk faults at the leaf.
  CHECK(m.translate(view, Access::Load, kVa, w.mem).pbmt == Pbmt::Nc);
  m.sfence(view, SfenceOp{});
  const Outcome r = m.translate(view, Access::Load, kVa, w.mem);
  CHECK(r.stop == WalkStop::Reserved);
  CHECK(r.pbmt == Pbmt::Pma);
}
