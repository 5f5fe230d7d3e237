// Sv57 in the model (DESIGN.md, "RVA23 extensions in the model"): five levels, 256 TiB
// pages, the canonical rule for requests and sfence operands, and rv64 TLB / walk-cache
// tags of va[56:12]. The general walk rules run on Sv57 too: the fixture's page kinds
// include Sv57 4K..256T (test_walk.cpp, test_tlb.cpp, test_explain.cpp). Each case here
// pins one Sv57 rule and fails when it is removed.
//
// The fixture's Sv57 VA, derived by hand: 0xa5e1b92b47c9d2 = VPN[4] 0xa5 (VA[56:48]),
// VPN[3] 0x1c3, VPN[2] 0xe4, VPN[1] 0x15a, VPN[0] 0x7c, offset 0x9d2; bit 56 is 0 and
// bits 63:57 are 0: canonical. Tables, in allocation order: root PPN 0x80000, then
// 0x80001 (level 3), 0x80002 (level 2), 0x80003 (level 1), 0x80004 (level 0). PTE
// addresses: 0x80000000 + 0xa5*8 = 0x80000528, 0x80001000 + 0x1c3*8 = 0x80001e18,
// 0x80002000 + 0xe4*8 = 0x80002720, 0x80003000 + 0x15a*8 = 0x80003ad0,
// 0x80004000 + 0x7c*8 = 0x800043e0.
#include "fixture.h"

using namespace mmutest;

namespace {

constexpr uint64_t kVa = 0xa5e1b92b47c9d2ull;
constexpr uint64_t kPteAddr[5] = {0x800043e0, 0x80003ad0, 0x80002720, 0x80001e18, 0x80000528};  // by level

Leaf leaf_for(uint64_t va, uint64_t ppn) {
  Leaf l;
  l.vpn = vpn_tag(build_info(Build::Rv64), va);
  l.ppn = ppn;
  l.perms = LeafPerms{false, true, true, false};
  l.a = l.d = true;
  return l;
}

}  // namespace

TEST_CASE("sv57: the shape: five 9-bit VPN fields over a 57-bit VA, in the rv64 build only", "[sv57][paging]") {
  CHECK(geometry(Mode::Sv57).levels == 5);
  CHECK(geometry(Mode::Sv57).va_bits == 57);
  CHECK(mode_in_build(Mode::Sv57, Build::Rv64));
  CHECK_FALSE(mode_in_build(Mode::Sv57, Build::Rv32));
  const BuildInfo bi = build_info(Build::Rv64);
  CHECK(vpn_field(bi, kVa, 4) == 0xa5);
  CHECK(vpn_field(bi, kVa, 0) == 0x7c);
  CHECK(page_bytes(bi, 4) == uint64_t{1} << 48);  // 256 TiB
  CHECK(std::string(to_string(Mode::Sv57)) == "sv57");
}

TEST_CASE("sv57: a 4 KiB page takes five PTE reads, root first, and translates to frame plus offset", "[sv57][walk]") {
  World w(Mode::Sv57);
  REQUIRE(w.pt.map(kVa, 0, 0x80123, kRWXAD));
  const WalkResult r = w.walk(Access::Load, kVa);
  REQUIRE_FALSE(r.fault);
  CHECK(r.paddr == 0x801239d2);
  REQUIRE(r.accesses.count == 5);
  for (unsigned k = 0; k < 5; ++k) CHECK(r.accesses[k].pa == kPteAddr[4 - k]);
}

TEST_CASE("sv57: a level-4 leaf is a 256 TiB page: PA[47:0] from the VA, PA[55:48] from PPN[4]", "[sv57][superpage]") {
  World w(Mode::Sv57);
  // PPN 0x25 << 36: PPN[4] = 0x25, PPN[3:0] = 0. PA = 0x25 << 48 | VA[47:0] = 0x25e1b92b47c9d2.
  REQUIRE(w.pt.map(kVa, 4, 0x25ull << 36, kRWXAD));
  const WalkResult r = w.walk(Access::Store, kVa);
  REQUIRE_FALSE(r.fault);
  CHECK(r.paddr == 0x25e1b92b47c9d2ull);
  CHECK(r.leaf.level == 4);
  CHECK(r.accesses.count == 1);
  // PPN[3] nonzero (PPN bit 27): a misaligned superpage.
  REQUIRE(w.pt.map(kVa, 4, (0x25ull << 36) | (1ull << 27), kRWXAD));
  CHECK(w.walk(Access::Load, kVa).stop == WalkStop::MisalignedSuperpage);
}

TEST_CASE("sv57: a VA is canonical when bits 63:57 equal bit 56", "[sv57][canonical]") {
  CHECK(is_canonical(Mode::Sv57, 0x00ffffffffffffffull));       // bit 56 = 0, 63:57 = 0
  CHECK(is_canonical(Mode::Sv57, 0xff00000000000000ull));       // bit 56 = 1, 63:57 = 1
  CHECK(is_canonical(Mode::Sv57, 0x0080000000000000ull));       // fine in Sv57, not in Sv48
  CHECK_FALSE(is_canonical(Mode::Sv48, 0x0080000000000000ull));
  CHECK_FALSE(is_canonical(Mode::Sv57, 0x0100000000000000ull)); // bit 56 = 1, 63:57 = 0
  CHECK_FALSE(is_canonical(Mode::Sv57, 0xfe00000000000000ull)); // bit 56 = 0, 63:57 = 1
  CHECK_FALSE(is_canonical(Mode::Sv57, 0x8000000000000000ull));
}

TEST_CASE("sv57: a non-canonical request page-faults with no walk; a VA only Sv57 accepts walks", "[sv57][canonical]") {
  World w(Mode::Sv57);
  MmuModel m(Build::Rv64, MmuConfig{});
  const Outcome bad = m.translate(w.csrs, Access::Load, 0x0100000000000000ull, w.mem);
  CHECK(bad.path == Path::NonCanonical);
  CHECK(bad.cause == Cause::LoadPage);
  CHECK(bad.accesses.count == 0);
  // 0x0080000000000000: VPN[4] = 0x80; the root PTE at 0x80000000 + 0x80*8 = 0x80000400
  // is zero (V=0): a page fault from the walk, after one read.
  const Outcome walked = m.translate(w.csrs, Access::Store, 0x0080000000000000ull, w.mem);
  CHECK(walked.path == Path::Miss);
  CHECK(walked.cause == Cause::StorePage);
  CHECK(walked.stop == WalkStop::Invalid);
  REQUIRE(walked.accesses.count == 1);
  CHECK(walked.accesses[0].pa == 0x80000400);
}

TEST_CASE("sv57: sfence.vma takes the Sv57 canonical rule for its VA under satp.MODE=Sv57", "[sv57][sfence]") {
  CHECK(sfence_va_valid(Build::Rv64, Mode::Sv57, 0x0080000000000000ull));
  CHECK_FALSE(sfence_va_valid(Build::Rv64, Mode::Sv57, 0x0100000000000000ull));
  CHECK_FALSE(sfence_va_valid(Build::Rv64, Mode::Sv48, 0x0080000000000000ull));
  // Bare takes the rule of the widest implemented mode, Sv57: a VA canonical in Sv57
  // only (bit 55 set, bits 63:56 clear) is valid, one with bit 57 alone is not.
  CHECK(sfence_va_valid(Build::Rv64, Mode::Bare, 0x0080000000000000ull));
  CHECK_FALSE(sfence_va_valid(Build::Rv64, Mode::Bare, 0x0200000000000000ull));
  CHECK(sfence_va_valid(Build::Rv64, Mode::Bare, 0xff00000000000000ull));

  const uint64_t va = 0x0080000000000000ull;
  Tlb tlb(Build::Rv64, 4);
  const unsigned e = tlb.fill(0, leaf_for(va, 0x80123));
  const SfenceEffect in_sv48 = tlb.sfence(SfenceOp{va, std::nullopt}, Mode::Sv48);
  CHECK(in_sv48.ignored);
  CHECK(tlb.entry(e).valid);
  const SfenceEffect in_sv57 = tlb.sfence(SfenceOp{va, std::nullopt}, Mode::Sv57);
  CHECK_FALSE(in_sv57.ignored);
  CHECK(in_sv57.removed_nonglobal == 1);
  CHECK_FALSE(tlb.entry(e).valid);
  // A non-canonical Sv57 VA makes the fence a no-op.
  tlb.fill(0, leaf_for(va, 0x80123));
  CHECK(tlb.sfence(SfenceOp{0x0100000000000000ull, std::nullopt}, Mode::Sv57).ignored);
}

TEST_CASE("sv57: rv64 TLB, L2 and walk-cache tags hold va[56:12]: VAs that differ only in bits 56:48 differ",
          "[sv57][tlb][l2][walk_cache]") {
  // 0x0010000000000000 has bit 52 set (VPN[4] = 0x10) and every lower bit 0; 0 is the page
  // at the bottom of the space. A tag of va[47:12] would hold 0 for both.
  const uint64_t a = 0x0010000000000000ull, b = 0;
  const BuildInfo bi = build_info(Build::Rv64);
  CHECK(vpn_tag(bi, a) == 0x10000000000ull);  // bit 52 - 12 = bit 40
  CHECK(vpn_tag(bi, 0x03f0000000001000ull) == 0x1f0000000001ull);  // bits 56:52 kept, bit 57 not

  Tlb tlb(Build::Rv64, 4);
  tlb.fill(0, leaf_for(a, 0x80123));
  CHECK(tlb.lookup(a, 0) == 0u);
  CHECK_FALSE(tlb.lookup(b, 0));

  L2Tlb l2(Build::Rv64, L2Geometry{4, 2, 4});
  l2.fill(0, leaf_for(a, 0x80123));
  CHECK(l2.lookup(a, 0));
  CHECK_FALSE(l2.lookup(b, 0));

  WalkCache pwc(Build::Rv64, 2);
  pwc.fill(WalkCacheEntry{true, Mode::Sv57, 1, vpn_tag(bi, a), 0, false, 0x80003});
  CHECK(pwc.lookup(Mode::Sv57, a, 0));
  CHECK_FALSE(pwc.lookup(Mode::Sv57, b, 0));
}

TEST_CASE("sv57: the walk cache keeps the four pointers of a walk and the next walk nearby starts at level 0",
          "[sv57][walk_cache]") {
  World w(Mode::Sv57);
  REQUIRE(w.pt.map(kVa, 0, 0x80123, kRWXAD));
  REQUIRE(w.pt.map(kVa + kPageSize, 0, 0x80124, kRWXAD));  // VPN[0] 0x7d, same tables
  MmuModel m(Build::Rv64, MmuConfig{});
  const Outcome first = m.translate(w.csrs, Access::Load, kVa, w.mem);
  REQUIRE_FALSE(first.fault);
  CHECK(first.accesses.count == 5);
  CHECK(first.walk_cache_fills == 4);  // the pointers at levels 4, 3, 2 and 1
  const Outcome next = m.translate(w.csrs, Access::Load, kVa + kPageSize, w.mem);
  REQUIRE(next.path == Path::Miss);
  CHECK(next.walk_cache_level == 0);
  REQUIRE(next.accesses.count == 1);
  CHECK(next.accesses[0].pa == 0x800043e8);  // 0x80004000 + 0x7d * 8
  CHECK(next.paddr == 0x801249d2);
}
