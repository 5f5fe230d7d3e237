// Builds and edits page tables in a simulated physical memory: what a kernel does, for
// tests, stimulus and the OS workloads. It writes PTEs through the memory's back door.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "memory.h"
#include "paging.h"
#include "pte.h"

namespace mmu::tb {

// Hands out zeroed 4 KiB frames for page-table pages, from a bump pointer.
class FrameAllocator {
 public:
  FrameAllocator(uint64_t base, uint64_t limit) : next_(base), limit_(limit) {}
  std::optional<uint64_t> alloc();  // a PPN, or nullopt when the range is used up
  uint64_t used() const { return used_; }

 private:
  uint64_t next_, limit_, used_ = 0;
};

class PageTable {
 public:
  // Writes a zeroed root table from `frames`.
  PageTable(Build build, Mode mode, SparseMemory& mem, FrameAllocator& frames);

  uint64_t root_ppn() const { return root_ppn_; }
  Mode mode() const { return mode_; }

  // Map the page of `va` at `level` to physical page `ppn` with the leaf PTE's low bits
  // `flags` (V is not implied: pass it). Intermediate pointers are created as needed
  // (plain V pointers, or with `pointer_flags` OR'ed in). Returns false if a leaf already
  // sits above `level` on the path or the frames ran out.
  bool map(uint64_t va, unsigned level, uint64_t ppn, uint64_t flags, uint64_t pointer_flags = 0);

  // The address of the PTE for `va` at `level`, if the path down to that table exists.
  std::optional<uint64_t> pte_addr(uint64_t va, unsigned level) const;
  // Raw access to PTEs.
  uint64_t read_pte(uint64_t addr) const { return mem_.peek(addr, bi_.pte_bytes); }
  void write_pte(uint64_t addr, uint64_t value) { mem_.poke(addr, bi_.pte_bytes, value); }

  // Compose a PTE from a PPN and its low 10 bits.
  uint64_t make_pte(uint64_t ppn, uint64_t flags) const { return (ppn << 10) | flags; }

 private:
  BuildInfo bi_;
  Mode mode_;
  SparseMemory& mem_;
  FrameAllocator& frames_;
  uint64_t root_ppn_ = 0;
};

}  // namespace mmu::tb
