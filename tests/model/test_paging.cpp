// Address split, the classic textbook examples, canonical addresses and Bare mode.
#include "fixture.h"

using namespace mmutest;

TEST_CASE("textbook: a 256-byte page splits 11110000111100001111000010101010 into page 111100001111000011110000 and offset 10101010",
          "[paging][textbook]") {
  const PageSplit s = split_page(0b11110000111100001111000010101010ull, 8);
  CHECK(s.page_number == 0b111100001111000011110000ull);
  CHECK(s.offset == 0b10101010ull);
}

TEST_CASE("textbook: the two-level 10/10/12 split of 11110000111111110000000010101010", "[paging][textbook][sv32]") {
  const uint64_t va = 0b11110000111111110000000010101010ull;
  const PageSplit s = split_page(va, 12);
  CHECK(table_index(s.page_number, 10, 1) == 0b1111000011ull);  // outer page table index
  CHECK(table_index(s.page_number, 10, 0) == 0b1111110000ull);  // inner page table index
  CHECK(s.offset == 0b000010101010ull);
  // The Sv32 model splits the same way.
  const BuildInfo bi = build_info(Build::Rv32);
  CHECK(vpn_field(bi, va, 1) == 0b1111000011ull);
  CHECK(vpn_field(bi, va, 0) == 0b1111110000ull);
  CHECK(page_offset(va) == 0b000010101010ull);
}

TEST_CASE("textbook: a flat 32-bit table with 4 KiB pages has 2^20 entries of 4 bytes: 4 MiB", "[paging][textbook]") {
  CHECK(flat_table_entries(32, 12) == (uint64_t{1} << 20));
  CHECK(flat_table_bytes(32, 12, 4) == 4ull * 1024 * 1024);
}

TEST_CASE("textbook: a flat 64-bit table with 4 KiB pages would need 2^52 entries", "[paging][textbook]") {
  CHECK(flat_table_entries(64, 12) == (uint64_t{1} << 52));
  CHECK(flat_table_bytes(64, 12, 8) == (uint64_t{1} << 55));  // 32 PiB of PTEs
}

TEST_CASE("split: Sv39 VPN fields are 9 bits each above a 12-bit offset", "[paging][sv39]") {
  const BuildInfo bi = build_info(Build::Rv64);
  const uint64_t va = (0x1abull << 30) | (0x0cdull << 21) | (0x1efull << 12) | 0x987;
  CHECK(vpn_field(bi, va, 2) == 0x1ab);
  CHECK(vpn_field(bi, va, 1) == 0x0cd);
  CHECK(vpn_field(bi, va, 0) == 0x1ef);
  CHECK(page_offset(va) == 0x987);
}

TEST_CASE("split: Sv48 adds a fourth 9-bit field from VA bits 47:39", "[paging][sv48]") {
  const BuildInfo bi = build_info(Build::Rv64);
  const uint64_t va = (0x155ull << 39) | (0x0aaull << 30) | 0x123;
  CHECK(vpn_field(bi, va, 3) == 0x155);
  CHECK(vpn_field(bi, va, 2) == 0x0aa);
  CHECK(page_bytes(bi, 3) == (uint64_t{1} << 39));
}

TEST_CASE("split: page sizes are 4 KiB / 4 MiB in Sv32 and 4 KiB / 2 MiB / 1 GiB / 512 GiB in Sv39-48",
          "[paging][superpage]") {
  CHECK(page_bytes(build_info(Build::Rv32), 0) == 4096);
  CHECK(page_bytes(build_info(Build::Rv32), 1) == 4ull << 20);
  const BuildInfo b64 = build_info(Build::Rv64);
  CHECK(page_bytes(b64, 1) == 2ull << 20);
  CHECK(page_bytes(b64, 2) == 1ull << 30);
  CHECK(page_bytes(b64, 3) == 512ull << 30);
}

TEST_CASE("canonical: Sv39 needs bits 63:39 equal to bit 38", "[paging][canonical][sv39]") {
  CHECK(is_canonical(Mode::Sv39, 0x0000003fffffffffull));
  CHECK(is_canonical(Mode::Sv39, 0xffffffc000000000ull));
  CHECK_FALSE(is_canonical(Mode::Sv39, 0x0000004000000000ull));
  CHECK_FALSE(is_canonical(Mode::Sv39, 0xffffffbfffffffffull));
  CHECK_FALSE(is_canonical(Mode::Sv39, 0x8000000000000000ull));
}

TEST_CASE("canonical: Sv48 needs bits 63:48 equal to bit 47", "[paging][canonical][sv48]") {
  CHECK(is_canonical(Mode::Sv48, 0x00007fffffffffffull));
  CHECK(is_canonical(Mode::Sv48, 0xffff800000000000ull));
  CHECK(is_canonical(Mode::Sv48, 0x0000004000000000ull));  // fine in Sv48, not in Sv39
  CHECK_FALSE(is_canonical(Mode::Sv48, 0x0000800000000000ull));
  CHECK_FALSE(is_canonical(Mode::Sv48, 0x7fff800000000000ull));
}

TEMPLATE_TEST_CASE("mmu: a non-canonical VA page-faults without a TLB lookup or a walk", "[mmu][canonical]",
                   Sv39_4K, Sv48_4K) {
  World w(TestType::mode);
  MmuModel m(Build::Rv64, l1_only(16));
  const uint64_t bad = uint64_t{1} << geometry(TestType::mode).va_bits;  // bit just above
  for (Access a : {Access::Fetch, Access::Load, Access::Store}) {
    const Outcome o = m.translate(w.csrs, a, bad, w.mem);
    CHECK(o.path == Path::NonCanonical);
    CHECK(o.cause == page_fault(a));
    CHECK(o.accesses.count == 0);
  }
  CHECK(m.counters().walks == 0);
}

TEST_CASE("mmu: Bare mode passes a VA within 56 bits through; beyond, a store access fault", "[mmu][bare]") {
  World w(Mode::Sv39);
  w.csrs.mode = Mode::Bare;
  MmuModel m(Build::Rv64, l1_only(16));
  const Outcome o = m.translate(w.csrs, Access::Store, 0x00dcba9876543210ull, w.mem);
  CHECK(o.path == Path::Bare);
  CHECK_FALSE(o.fault);
  CHECK(o.paddr == 0x00dcba9876543210ull);
  const Outcome beyond = m.translate(w.csrs, Access::Store, 0xfedcba9876543210ull, w.mem);
  CHECK(beyond.path == Path::Bare);
  CHECK(beyond.cause == Cause::StoreAccess);
  CHECK(beyond.paddr == 0);
}

TEST_CASE("mmu: Bare mode in rv32 zero-extends the 32-bit VA to the 34-bit PA", "[mmu][bare][sv32]") {
  World w(Mode::Sv32);
  w.csrs.mode = Mode::Bare;
  MmuModel m(Build::Rv32, l1_only(8));
  CHECK(m.translate(w.csrs, Access::Fetch, 0xfffff123ull, w.mem).paddr == 0xfffff123ull);
}

TEMPLATE_TEST_CASE("mmu: M-mode does not translate even with satp active", "[mmu][bare]", ALL_MODES) {
  World w(TestType::mode);
  w.csrs.priv = Priv::M;
  MmuModel m(build_of(TestType::mode), l1_only(16));
  const uint64_t va = test_va(TestType::mode);
  const Outcome o = m.translate(w.csrs, Access::Load, va, w.mem);
  CHECK(o.path == Path::Bare);
  CHECK(o.paddr == va);
  CHECK(o.accesses.count == 0);
}

TEST_CASE("pte: decoding finds V R W X U G A D at bits 0..7 and the PPN at bit 10", "[pte]") {
  const Pte p{(0x123456789ull << 10) | 0xff};
  CHECK((p.v() && p.r() && p.w() && p.x() && p.u() && p.g() && p.a() && p.d()));
  CHECK(p.ppn(build_info(Build::Rv64)) == 0x123456789ull);
  CHECK(Pte{0x2}.r());
  CHECK_FALSE(Pte{0x2}.v());
  CHECK(Pte{0x80}.d());
  CHECK_FALSE(Pte{0x80}.a());
}

TEST_CASE("pte: the Sv32 PPN is bits 31:10 and the Sv39 PPN bits 53:10", "[pte]") {
  const uint64_t raw = 0xffffffffffffffffull;
  CHECK(Pte{raw}.ppn(build_info(Build::Rv32)) == 0x3fffff);
  CHECK(Pte{raw}.ppn(build_info(Build::Rv64)) == 0xfffffffffffull);
}

TEST_CASE("pte: a PTE with R or X is a leaf, otherwise a pointer", "[pte]") {
  CHECK(Pte{kV | kR}.is_leaf());
  CHECK(Pte{kV | kX}.is_leaf());
  CHECK_FALSE(Pte{kV}.is_leaf());
  CHECK(Pte{kV | kW}.invalid());
  CHECK(Pte{kR}.invalid());
}
