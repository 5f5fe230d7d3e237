// The TLB model: fully associative, VPN+level+ASID+G tags, superpage and 64 KiB NAPOT
// entries, permissions evaluated at lookup, lowest-invalid refill else tree-PLRU, precise
// sfence.vma.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "paging.h"
#include "plru.h"
#include "walk.h"

namespace mmu {

struct TlbEntry {
  bool valid = false;
  uint32_t asid = 0;
  Leaf leaf;  // VPN tag, level, PPN, G, U/R/W/X, A/D, NAPOT, PBMT
};

// sfence.vma operands: rs1 = x0 is "no va", rs2 = x0 is "no asid".
struct SfenceOp {
  std::optional<uint64_t> va;
  std::optional<uint32_t> asid;
};

// What an sfence did, for coverage: entries removed by kind, global entries an ASID
// fence spared, and whether a non-canonical va made it a no-op.
struct SfenceEffect {
  unsigned removed_global = 0, removed_nonglobal = 0, removed_superpage = 0, spared_global = 0;
  bool ignored = false;
  bool cancelled_fill = false;  // a walk in flight will not refill (set by MmuModel)
  // Set by MmuModel: L2 entries and walk-cache pointers removed, global pointers spared.
  unsigned l2_removed = 0, walk_cache_removed = 0, walk_cache_spared_global = 0, walk_cache_kept = 0;
  unsigned itlb_removed = 0;  // ... and entries removed from the instruction port's L1
};

class Tlb {
 public:
  Tlb(Build build, unsigned entries);  // entries: a power of two, 4..128

  // The lowest-numbered entry that translates `va` under `asid`, if any.
  std::optional<unsigned> lookup(uint64_t va, uint32_t asid) const;
  // Does entry e's page cover va (the VPN fields of levels >= its level are equal; for a
  // NAPOT entry, VPN bits 3 and up)?
  bool covers(const TlbEntry& e, uint64_t va) const;

  // Refill: the lowest-numbered invalid entry, else the PLRU victim; then touch it.
  // `replaced` (optional) tells whether a valid entry was evicted.
  unsigned fill(uint32_t asid, const Leaf& leaf, bool* replaced = nullptr);
  void touch(unsigned i) { plru_.touch(i); }
  void invalidate(unsigned i) { entries_[i].valid = false; }
  // Put `e` in entry i as it is (explanations and tests rebuild a TLB state this way).
  void set_entry(unsigned i, const TlbEntry& e) { entries_[i] = e; }

  // sfence.vma as DESIGN.md defines it; `mode` decides whether op.va is a valid VA.
  SfenceEffect sfence(const SfenceOp& op, Mode mode);
  void reset();

  unsigned size() const { return static_cast<unsigned>(entries_.size()); }
  const TlbEntry& entry(unsigned i) const { return entries_[i]; }
  const TreePlru& plru() const { return plru_; }
  Build build() const { return build_; }

 private:
  Build build_;
  BuildInfo bi_;
  std::vector<TlbEntry> entries_;
  TreePlru plru_;
};

}  // namespace mmu
