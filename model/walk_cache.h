// The page-walk cache: non-leaf PTEs (pointers to the next table) kept from earlier walks,
// so that a walk starts at the deepest cached level instead of the root.
//
// An entry is the pointer PTE a walk read at `level` (>= 1) for a VA: its tag is the VPN
// fields of that level and above (the ones that selected it), the paging mode, the walk's
// ASID and G (set in this PTE or any above it); its value is the next table's PPN.
// sfence.vma acts on it as the spec says for non-leaf entries (DESIGN.md, "Walk cache").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "paging.h"
#include "plru.h"
#include "tlb.h"

namespace mmu {

struct WalkCacheEntry {
  bool valid = false;
  Mode mode = Mode::Bare;  // Sv39, Sv48 and Sv57 index the same VA bits differently
  unsigned level = 0;      // the level of the pointer PTE (1..LEVELS-1: up to 4 in Sv57)
  uint64_t vpn = 0;        // vpn_tag(va); fields below `level` are not compared
  uint32_t asid = 0;
  bool global = false;     // G in this pointer or one above it
  uint64_t ppn = 0;        // the next table: PTE.PPN of the pointer
};

// What an sfence did to the walk cache, for coverage.
struct WalkCacheFlush {
  unsigned removed = 0, spared_global = 0;
};

class WalkCache {
 public:
  WalkCache(Build build, unsigned entries);  // entries: 0 (none) or a power of two, 2..64

  // The entry to start a walk of `va` from: the deepest matching level (fewest reads),
  // the lowest-numbered entry among those. Matching: valid, same mode, global or of
  // `asid`, VPN fields at and above its level equal.
  std::optional<unsigned> lookup(Mode mode, uint64_t va, uint32_t asid) const;
  // A pointer the walk followed: the lowest-numbered invalid entry, else the PLRU
  // victim; then touch it.
  unsigned fill(const WalkCacheEntry& e);
  void touch(unsigned i) { plru_.touch(i); }
  // sfence.vma with operands `op` (already known valid): only a fence without rs1 orders
  // non-leaf PTEs; with rs2 it spares global entries and other ASIDs.
  WalkCacheFlush sfence(const SfenceOp& op);
  void reset();

  unsigned size() const { return static_cast<unsigned>(entries_.size()); }
  const WalkCacheEntry& entry(unsigned i) const { return entries_[i]; }
  void set_entry(unsigned i, const WalkCacheEntry& e) { entries_[i] = e; }

 private:
  BuildInfo bi_;
  std::vector<WalkCacheEntry> entries_;
  TreePlru plru_;
};

}  // namespace mmu
