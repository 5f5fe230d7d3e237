// Where a traced x86-64 program's pages go in a RISC-V address space: the fold.
//
// x86-64 user addresses have 47 bits; Sv48's lower half has them too, but Sv39 has 38
// and Sv32 32 (and the kernel model keeps its own areas below 2 GiB and its page above
// 3 GiB). A program touches a few small clusters far apart (its binary, the heap, the
// shared libraries, the stack), so the fold keeps the clusters and drops the gaps:
//   - a "block" is the span of one leaf page table: 2 MiB in Sv39/Sv48, 4 MiB in Sv32;
//   - a region is a run of consecutive blocks the trace touches;
//   - the regions are placed in address order from kTraceBase up, each at a block
//     boundary, one empty block between two regions, every address keeping its offset
//     within its block.
// So every touched page keeps its neighbours, and two pages share a leaf page table (or
// a megapage-aligned window) after the fold exactly when they shared a block before: the
// TLB sees the same page sequence (the hit rate is that of the original addresses) and
// the walks read the same number of distinct leaf tables. What changes are the upper
// levels: the regions end up in a few GiB, so fewer level-1/level-2 tables than the
// original spread would need. The fold is a pure function of the set of pages touched.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "types.h"

namespace mmu::os {

constexpr uint64_t kTraceBase = 0x80000000ull;  // above the kernel model's fixed areas

class TraceLayout {
 public:
  // A run of consecutive touched pages with the same permissions: one memory area.
  struct Area {
    uint64_t trace_va = 0, va = 0, pages = 0;
    uint64_t perms = 0;  // PTE R/W/X bits: R always, W if stored to, X if fetched from
  };
  struct Region {
    uint64_t trace_va = 0, va = 0, bytes = 0;  // block-aligned
  };

  // pages: VPN (trace address >> 12) -> PTE R/W/X bits wanted. False, with `error`
  // saying by how much, when the folded regions do not fit below the mode's limit.
  static bool fold(const std::map<uint64_t, uint64_t>& pages, Mode mode, TraceLayout& out, std::string& error);

  // The folded address of a trace address in a touched block.
  uint64_t map(uint64_t trace_va) const;
  const std::vector<Area>& areas() const { return areas_; }
  const std::vector<Region>& regions() const { return regions_; }
  unsigned block_shift() const { return block_shift_; }
  uint64_t limit() const { return limit_; }  // the folded regions end below this

 private:
  std::vector<Area> areas_;
  std::vector<Region> regions_;
  unsigned block_shift_ = 21;
  uint64_t limit_ = 0;
  mutable size_t last_ = 0;  // the region of the last map() (accesses come in runs)
};

}  // namespace mmu::os
