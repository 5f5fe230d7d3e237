// Shared fixture for the model tests: a page table in a sparse memory, the CSR view, and
// one "page kind" per mode and page size so each rule is checked for every combination.
#pragma once

#include <catch2/catch.hpp>

#include "mmu_model.h"
#include "page_table.h"
#include "paging.h"
#include "walk.h"

namespace mmutest {

using namespace mmu;

constexpr uint64_t kV = Pte::kV, kR = Pte::kR, kW = Pte::kW, kX = Pte::kX;
constexpr uint64_t kU = Pte::kU, kG = Pte::kG, kA = Pte::kA, kD = Pte::kD;
constexpr uint64_t kRWXAD = kV | kR | kW | kX | kA | kD;

constexpr Build build_of(Mode m) { return m == Mode::Sv32 ? Build::Rv32 : Build::Rv64; }

// A small MmuConfig: a data-port L1 of 4, an L2 of 4 sets x 2 ways + 4 superpages, a walk cache
// of 2 (every structure fills and evicts within a few accesses).
inline MmuConfig small_config() {
  MmuConfig c;
  c.l1_entries = 4;
  c.l2 = L2Geometry{4, 2, 4};
  c.walk_cache = 2;
  return c;
}

// A mode and a leaf level: Sv32 4K/4M, Sv39 4K/2M/1G, Sv48 4K/2M/1G/512G,
// Sv57 4K/2M/1G/512G/256T.
template <Mode M, unsigned L>
struct Page {
  static constexpr Mode mode = M;
  static constexpr unsigned level = L;
};
using Sv32_4K = Page<Mode::Sv32, 0>;
using Sv32_4M = Page<Mode::Sv32, 1>;
using Sv39_4K = Page<Mode::Sv39, 0>;
using Sv39_2M = Page<Mode::Sv39, 1>;
using Sv39_1G = Page<Mode::Sv39, 2>;
using Sv48_4K = Page<Mode::Sv48, 0>;
using Sv48_2M = Page<Mode::Sv48, 1>;
using Sv48_1G = Page<Mode::Sv48, 2>;
using Sv48_512G = Page<Mode::Sv48, 3>;
using Sv57_4K = Page<Mode::Sv57, 0>;
using Sv57_2M = Page<Mode::Sv57, 1>;
using Sv57_1G = Page<Mode::Sv57, 2>;
using Sv57_512G = Page<Mode::Sv57, 3>;
using Sv57_256T = Page<Mode::Sv57, 4>;

#define ALL_PAGES Sv32_4K, Sv32_4M, Sv39_4K, Sv39_2M, Sv39_1G, Sv48_4K, Sv48_2M, Sv48_1G, Sv48_512G, \
                  Sv57_4K, Sv57_2M, Sv57_1G, Sv57_512G, Sv57_256T
#define SUPER_PAGES Sv32_4M, Sv39_2M, Sv39_1G, Sv48_2M, Sv48_1G, Sv48_512G, Sv57_2M, Sv57_1G, Sv57_512G, Sv57_256T
#define ALL_MODES Sv32_4K, Sv39_4K, Sv48_4K, Sv57_4K

// A VA with every VPN field and the offset nonzero, canonical for its mode.
inline uint64_t test_va(Mode m) {
  switch (m) {
    case Mode::Sv32: return 0x9d2b5a7cull;           // vpn1 0x274, vpn0 0x2b5, off 0xa7c
    case Mode::Sv39: return 0x16b1c3e4a5ull;         // below 2^38: bit 38 clear
    case Mode::Sv48: return 0x5a3c2d6b1c3e4a5ull & mask(47);
    // vpn4 0xa5, vpn3 0x1c3, vpn2 0xe4, vpn1 0x15a, vpn0 0x7c, off 0x9d2; bit 56 clear
    case Mode::Sv57: return 0xa5e1b92b47c9d2ull;
    case Mode::Bare: break;
  }
  return 0;
}

// A leaf PPN aligned for `level` (zero below it), away from the page tables.
inline uint64_t data_ppn(Mode m, unsigned level) {
  const unsigned vb = build_info(build_of(m)).vpn_bits;
  if (level == 4) return 0x25ull << (4 * vb);  // PPN[4] is 8 bits wide (Sv57 256 TiB)
  return (m == Mode::Sv32 ? 0x2a5ull : 0x5a5ull + 0x40) << (level * vb) | (level == 0 ? 0x31 : 0);
}

struct World {
  Build build;
  BuildInfo bi;
  SparseMemory mem;
  tb::FrameAllocator frames{0x80000000ull, 0x90000000ull};
  tb::PageTable pt;
  CsrView csrs;

  explicit World(Mode m) : build(build_of(m)), bi(build_info(build)), pt(build, m, mem, frames) {
    csrs.mode = m;
    csrs.root_ppn = pt.root_ppn();
    csrs.priv = Priv::S;
  }
  WalkResult walk(Access a, uint64_t va) { return mmu::walk(build, csrs, a, va, mem); }
  // The PTE address the walk must read at `level` for `va`.
  uint64_t pte_at(uint64_t va, unsigned level) const { return *pt.pte_addr(va, level); }
  // Check the walk read exactly the PTEs from the root down to `last_level`, in order.
  void expect_reads_down_to(const WalkResult& r, uint64_t va, unsigned last_level) const {
    const unsigned levels = geometry(pt.mode()).levels;
    REQUIRE(r.accesses.count >= levels - last_level);
    unsigned k = 0;
    for (unsigned i = levels; i-- > last_level; ++k) {
      CHECK(r.accesses[k].pa == pte_at(va, i));
      CHECK_FALSE(r.accesses[k].write);
    }
  }
};

// The expected physical address, computed the textbook way: frame base plus the VA's
// offset within the (super)page.
inline uint64_t expected_pa(Mode m, unsigned level, uint64_t ppn, uint64_t va) {
  const uint64_t bytes = page_bytes(build_info(build_of(m)), level);
  return ppn * kPageSize + va % bytes;
}

}  // namespace mmutest
