// The walk, rule by rule (privileged spec, "virtual address translation process"), for
// every mode and page size.
#include "fixture.h"

using namespace mmutest;

TEMPLATE_TEST_CASE("walk: a mapped page translates to frame base plus offset, reading one PTE per level",
                   "[walk][map]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kRWXAD));
  for (Access a : {Access::Fetch, Access::Load, Access::Store}) {
    const WalkResult r = w.walk(a, va);
    REQUIRE_FALSE(r.fault);
    CHECK(r.paddr == expected_pa(TestType::mode, TestType::level, ppn, va));
    CHECK(r.leaf.level == TestType::level);
    CHECK(r.accesses.count == geometry(TestType::mode).levels - TestType::level);
    w.expect_reads_down_to(r, va, TestType::level);
  }
}

TEMPLATE_TEST_CASE("walk: V=0 at the leaf is a page fault of the access's kind", "[walk][valid]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD & ~kV));
  const WalkResult load = w.walk(Access::Load, va);
  CHECK(load.cause == Cause::LoadPage);
  CHECK(load.stop == WalkStop::Invalid);
  CHECK(w.walk(Access::Fetch, va).cause == Cause::FetchPage);
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);
  w.expect_reads_down_to(load, va, TestType::level);
  CHECK(load.accesses.count == geometry(TestType::mode).levels - TestType::level);
}

TEMPLATE_TEST_CASE("walk: W=1 with R=0 is a reserved encoding and page-faults", "[walk][valid]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kW | kX | kA | kD));
  const WalkResult r = w.walk(Access::Fetch, va);  // X alone would allow the fetch
  CHECK(r.fault);
  CHECK(r.cause == Cause::FetchPage);
  CHECK(r.stop == WalkStop::Invalid);
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);
}

TEMPLATE_TEST_CASE("walk: a superpage whose low PPN fields are nonzero is misaligned and page-faults",
                   "[walk][superpage]", SUPER_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  const uint64_t aligned = data_ppn(TestType::mode, TestType::level);
  const unsigned vb = w.bi.vpn_bits;
  // Each PPN field below the leaf's level, made nonzero one at a time.
  for (unsigned f = 0; f < TestType::level; ++f) {
    REQUIRE(w.pt.map(va, TestType::level, aligned | (uint64_t{1} << (f * vb)), kRWXAD));
    const WalkResult r = w.walk(Access::Load, va);
    CHECK(r.cause == Cause::LoadPage);
    CHECK(r.stop == WalkStop::MisalignedSuperpage);
  }
  REQUIRE(w.pt.map(va, TestType::level, aligned, kRWXAD));
  CHECK_FALSE(w.walk(Access::Load, va).fault);
}

TEMPLATE_TEST_CASE("walk: U-mode cannot touch a page with U=0", "[walk][perm][u]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD));
  w.csrs.priv = Priv::U;
  w.csrs.sum = true;  // SUM does not matter to U-mode
  CHECK(w.walk(Access::Fetch, va).cause == Cause::FetchPage);
  CHECK(w.walk(Access::Load, va).cause == Cause::LoadPage);
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);
  CHECK(w.walk(Access::Load, va).stop == WalkStop::Permission);
}

TEMPLATE_TEST_CASE("walk: U-mode can fetch, load and store a U=1 page", "[walk][perm][u]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD | kU));
  w.csrs.priv = Priv::U;
  for (Access a : {Access::Fetch, Access::Load, Access::Store}) CHECK_FALSE(w.walk(a, va).fault);
}

TEMPLATE_TEST_CASE("walk: S-mode loads and stores to a U=1 page fault unless SUM=1", "[walk][perm][sum]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD | kU));
  w.csrs.sum = false;
  CHECK(w.walk(Access::Load, va).cause == Cause::LoadPage);
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);
  w.csrs.sum = true;
  CHECK_FALSE(w.walk(Access::Load, va).fault);
  CHECK_FALSE(w.walk(Access::Store, va).fault);
}

TEMPLATE_TEST_CASE("walk: S-mode never fetches from a U=1 page, even with SUM=1", "[walk][perm][sum]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD | kU));
  w.csrs.sum = true;
  const WalkResult r = w.walk(Access::Fetch, va);
  CHECK(r.cause == Cause::FetchPage);
  CHECK(r.stop == WalkStop::Permission);
}

TEMPLATE_TEST_CASE("walk: fetch needs X", "[walk][perm][rwx]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kW | kA | kD));
  CHECK(w.walk(Access::Fetch, va).cause == Cause::FetchPage);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kX | kA | kD));
  CHECK_FALSE(w.walk(Access::Fetch, va).fault);
}

TEMPLATE_TEST_CASE("walk: load needs R; an execute-only page loads only with MXR=1", "[walk][perm][mxr]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kX | kA | kD));
  CHECK(w.walk(Access::Load, va).cause == Cause::LoadPage);
  w.csrs.mxr = true;
  CHECK_FALSE(w.walk(Access::Load, va).fault);
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);  // MXR never grants W
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kA | kD));
  w.csrs.mxr = false;
  CHECK_FALSE(w.walk(Access::Load, va).fault);
}

TEMPLATE_TEST_CASE("walk: store needs W; a read-only page faults with cause 15", "[walk][perm][rwx]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kX | kA | kD));
  const WalkResult r = w.walk(Access::Store, va);
  CHECK(r.cause == Cause::StorePage);
  CHECK(r.stop == WalkStop::Permission);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kW | kA | kD));
  CHECK_FALSE(w.walk(Access::Store, va).fault);
}

TEMPLATE_TEST_CASE("walk: Svade: A=0 page-faults for every access kind, with no write", "[walk][ad][svade]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW | kX | kD));
  w.csrs.ad = AdPolicy::Fault;
  for (Access a : {Access::Fetch, Access::Load, Access::Store}) {
    const WalkResult r = w.walk(a, va);
    CHECK(r.cause == page_fault(a));
    CHECK(r.stop == WalkStop::AdFault);
    for (const MemAccess& m : r.accesses) CHECK_FALSE(m.write);
  }
}

TEMPLATE_TEST_CASE("walk: Svade: a store to a page with D=0 page-faults; a load does not", "[walk][ad][svade]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW | kA));
  w.csrs.ad = AdPolicy::Fault;
  CHECK(w.walk(Access::Store, va).cause == Cause::StorePage);
  CHECK_FALSE(w.walk(Access::Load, va).fault);
}

TEMPLATE_TEST_CASE("walk: Svadu: a load sets A only, with one write of the whole PTE as the last access",
                   "[walk][ad][svadu]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kW | kG));
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t addr = w.pte_at(va, TestType::level);
  const uint64_t before = w.pt.read_pte(addr);
  const WalkResult r = w.walk(Access::Load, va);
  REQUIRE_FALSE(r.fault);
  const unsigned reads = geometry(TestType::mode).levels - TestType::level;
  REQUIRE(r.accesses.count == reads + 1);
  const MemAccess& wr = r.accesses[reads];
  CHECK(wr.write);
  CHECK(wr.pa == addr);
  CHECK(wr.wdata == (before | kA));
  CHECK(w.pt.read_pte(addr) == (before | kA));
  CHECK(r.leaf.a);
  CHECK_FALSE(r.leaf.d);
  // Now A=1: a second load writes nothing.
  CHECK(w.walk(Access::Load, va).accesses.count == reads);
}

TEMPLATE_TEST_CASE("walk: Svadu: a store sets A and D", "[walk][ad][svadu]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kW | kA));
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t addr = w.pte_at(va, TestType::level);
  const uint64_t before = w.pt.read_pte(addr);
  const WalkResult r = w.walk(Access::Store, va);
  REQUIRE_FALSE(r.fault);
  CHECK(r.accesses[r.accesses.count - 1].write);
  CHECK(r.accesses[r.accesses.count - 1].wdata == (before | kA | kD));
  CHECK(w.pt.read_pte(addr) == (before | kA | kD));
  CHECK(r.leaf.d);
}

TEMPLATE_TEST_CASE("walk: Svadu: no A/D write when a permission fault applies", "[walk][ad][svadu]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR));  // A=0, D=0
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t addr = w.pte_at(va, TestType::level);
  const uint64_t before = w.pt.read_pte(addr);
  const WalkResult r = w.walk(Access::Store, va);  // no W: permission fault
  CHECK(r.cause == Cause::StorePage);
  CHECK(r.stop == WalkStop::Permission);
  for (const MemAccess& m : r.accesses) CHECK_FALSE(m.write);
  CHECK(w.pt.read_pte(addr) == before);
  w.csrs.priv = Priv::U;  // U=0 page from U-mode: also no write
  CHECK(w.walk(Access::Load, va).accesses.count == geometry(TestType::mode).levels - TestType::level);
  CHECK(w.pt.read_pte(addr) == before);
}

TEMPLATE_TEST_CASE("walk: a bus error on a PTE read is an access fault of the original kind at every level",
                   "[walk][access]", ALL_PAGES) {
  const unsigned levels = geometry(TestType::mode).levels;
  for (unsigned bad = levels; bad-- > TestType::level;) {
    World w(TestType::mode);
    const uint64_t va = test_va(TestType::mode);
    REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD));
    w.mem.add_bus_error(w.pte_at(va, bad), w.bi.pte_bytes);
    for (Access a : {Access::Fetch, Access::Load, Access::Store}) {
      const WalkResult r = w.walk(a, va);
      CHECK(r.cause == access_fault(a));
      CHECK(r.stop == WalkStop::AccessFault);
      CHECK(r.stop_level == bad);
      REQUIRE(r.accesses.count == levels - bad);
      CHECK(r.accesses[r.accesses.count - 1].err);
    }
  }
}

TEMPLATE_TEST_CASE("walk: a PTE outside the RAM window is an access fault with no memory request",
                   "[walk][access][pma]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD));
  const uint64_t leaf_pte = w.pte_at(va, TestType::level);
  // Shrink RAM so that it ends just below the page holding the leaf's table.
  w.csrs.ram.size = (leaf_pte & ~mask(kPageShift)) - w.csrs.ram.base;
  const unsigned levels = geometry(TestType::mode).levels;
  const WalkResult r = w.walk(Access::Store, va);
  CHECK(r.cause == Cause::StoreAccess);
  CHECK(r.stop == WalkStop::AccessFault);
  CHECK(r.accesses.count == levels - TestType::level - 1);  // all but the leaf read
  CHECK(w.walk(Access::Fetch, va).cause == Cause::FetchAccess);
  CHECK(w.walk(Access::Load, va).cause == Cause::LoadAccess);
}

TEMPLATE_TEST_CASE("walk: a bus error on the A/D write is an access fault; a store's is 7, never 5",
                   "[walk][access][svadu]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW));
  w.csrs.ad = AdPolicy::Hw;
  SparseMemory& m = w.mem;
  // Reads of the leaf succeed, its write fails: a memory that fails writes only.
  struct WriteFails : PhysMemory {
    SparseMemory& inner;
    explicit WriteFails(SparseMemory& i) : inner(i) {}
    std::optional<uint64_t> read(uint64_t pa, unsigned b) override { return inner.read(pa, b); }
    std::optional<bool> cas(uint64_t, unsigned, uint64_t, uint64_t) override { return std::nullopt; }
  } failing(m);
  const WalkResult r = mmu::walk(w.build, w.csrs, Access::Store, va, failing);
  CHECK(r.cause == Cause::StoreAccess);
  CHECK(r.accesses[r.accesses.count - 1].write);
  CHECK(r.accesses[r.accesses.count - 1].err);
  CHECK(mmu::walk(w.build, w.csrs, Access::Load, va, failing).cause == Cause::LoadAccess);
}

TEMPLATE_TEST_CASE("walk: G in a pointer makes every translation below it global", "[walk][global]",
                   SUPER_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  // A 4 KiB leaf below a global pointer (the root's PTE), the leaf itself not global.
  REQUIRE(w.pt.map(va, 0, data_ppn(TestType::mode, 0), kRWXAD, kG));
  CHECK(w.walk(Access::Load, va).leaf.global);
  World plain(TestType::mode);
  REQUIRE(plain.pt.map(va, 0, data_ppn(TestType::mode, 0), kRWXAD));
  CHECK_FALSE(plain.walk(Access::Load, va).leaf.global);
}

TEMPLATE_TEST_CASE("walk: G in the leaf makes the translation global", "[walk][global]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD | kG));
  CHECK(w.walk(Access::Load, va).leaf.global);
}

TEMPLATE_TEST_CASE("walk: a pointer with A, D or U set page-faults at that level", "[walk][pointer]",
                   ALL_MODES) {
  for (uint64_t bit : {kA, kD, kU}) {
    World w(TestType::mode);
    const uint64_t va = test_va(TestType::mode);
    REQUIRE(w.pt.map(va, 0, data_ppn(TestType::mode, 0), kRWXAD, bit));
    const unsigned root = geometry(TestType::mode).levels - 1;
    const WalkResult r = w.walk(Access::Load, va);
    CHECK(r.cause == Cause::LoadPage);
    CHECK(r.stop == WalkStop::PointerLeafBits);
    CHECK(r.stop_level == root);
    CHECK(r.accesses.count == 1);
  }
}

TEMPLATE_TEST_CASE("walk: a pointer at level 0 page-faults after reading every level", "[walk][pointer]",
                   ALL_MODES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV));  // V with R=W=X=0: a pointer
  const WalkResult r = w.walk(Access::Fetch, va);
  CHECK(r.cause == Cause::FetchPage);
  CHECK(r.stop == WalkStop::PointerAtLevel0);
  CHECK(r.accesses.count == geometry(TestType::mode).levels);
}

TEMPLATE_TEST_CASE("walk: Sv39/Sv48 reserved PTE bits 60:54, PBMT 62:61 and N 63 page-fault, in leaves and pointers",
                   "[walk][reserved]", Sv39_4K, Sv39_2M, Sv48_4K, Sv48_1G) {
  for (unsigned bit = 54; bit < 64; ++bit) {
    for (bool in_pointer : {false, true}) {
      if (in_pointer && TestType::level + 1 >= geometry(TestType::mode).levels) continue;
      World w(TestType::mode);
      const uint64_t va = test_va(TestType::mode);
      const uint64_t extra = uint64_t{1} << bit;
      REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD));
      const uint64_t addr = w.pte_at(va, in_pointer ? TestType::level + 1 : TestType::level);
      w.pt.write_pte(addr, w.pt.read_pte(addr) | extra);
      const WalkResult r = w.walk(Access::Load, va);
      INFO("bit " << bit << (in_pointer ? " in pointer" : " in leaf"));
      CHECK(r.cause == Cause::LoadPage);
      CHECK(r.stop == WalkStop::Reserved);
    }
  }
}

TEST_CASE("walk: Sv32 ignores the RSW bits 9:8", "[walk][sv32][reserved]") {
  World w(Mode::Sv32);
  const uint64_t va = test_va(Mode::Sv32);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv32, 0), kRWXAD | (3u << 8), 3u << 8));
  CHECK_FALSE(w.walk(Access::Load, va).fault);
}

TEST_CASE("walk: Sv39/Sv48 RSW bits 9:8 are ignored too", "[walk][sv39][reserved]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 1, data_ppn(Mode::Sv39, 1), kRWXAD | (3u << 8), 1u << 9));
  CHECK_FALSE(w.walk(Access::Store, va).fault);
}

TEST_CASE("walk: Sv39 walks start at level 2 with PTE address root + vpn[2]*8", "[walk][sv39][split]") {
  World w(Mode::Sv39);
  const uint64_t va = 0x40201000ull;  // vpn2 1, vpn1 1, vpn0 1
  REQUIRE(w.pt.map(va, 0, 0x12345, kRWXAD));
  const WalkResult r = w.walk(Access::Load, va);
  CHECK(r.accesses[0].pa == (w.csrs.root_ppn << 12) + 1 * 8);
  CHECK(r.paddr == 0x12345000ull);
}

TEST_CASE("walk: Sv32 PTEs are 4 bytes and a 4 MiB megapage maps 22 bits of offset", "[walk][sv32][split]") {
  World w(Mode::Sv32);
  const uint64_t va = 0x80c01234ull;  // vpn1 0x203, vpn0 0x001
  REQUIRE(w.pt.map(va, 1, 0x3ffc00, kRWXAD));  // PPN[1] = 0xfff: PA bits 33:22 all set
  const WalkResult r = w.walk(Access::Load, va);
  CHECK(r.accesses[0].pa == (w.csrs.root_ppn << 12) + 0x203 * 4);
  CHECK(r.paddr == 0x3ffc01234ull);  // a 34-bit physical address
}

TEST_CASE("walk: Sv48 512 GiB page keeps 39 bits of the VA", "[walk][sv48][superpage]") {
  World w(Mode::Sv48);
  const uint64_t va = 0x00007fabcdef1234ull;
  REQUIRE(w.pt.map(va, 3, 0xff8000000ull, kRWXAD));  // PPN[3] = 0x1ff, lower fields 0
  const WalkResult r = w.walk(Access::Load, va);
  REQUIRE_FALSE(r.fault);
  CHECK(r.paddr == ((0xff8000000ull << 12) | (va & mask(39))));
}
