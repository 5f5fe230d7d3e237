// The shared L2 TLB: a set-associative array of 4 KiB leaves and a small fully
// associative array of superpage leaves, looked up after an L1 miss, refilled by the walker.
//
// Why two arrays: the set index of a set-associative TLB must come from VA bits that are
// part of the page number, and which bits those are depends on the page size, unknown
// before the lookup. 4 KiB pages (most entries) are indexed by the low VPN bits; the few
// superpages of every size (4 MiB in Sv32; 2 MiB, 1 GiB, 512 GiB in Sv39/Sv48; 256 TiB in
// Sv57) and the 64 KiB NAPOT pages of Svnapot live in one small fully associative array,
// looked up in the same cycle. Each set and the
// superpage array are TLBs with the L1's policy (tlb.h): lowest-numbered match, lowest
// invalid way else tree-PLRU, permissions checked at lookup, the same sfence rules.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tlb.h"

namespace mmu {

struct L2Geometry {
  unsigned sets = 64, ways = 4, super_entries = 16;  // ways == 0: no L2 TLB
  bool enabled() const { return ways != 0; }
};

// Where an L2 entry lives: set `set` of the 4 KiB array, or the superpage array.
struct L2Slot {
  bool super = false;
  unsigned set = 0;
  unsigned index = 0;  // way, or superpage entry
};

class L2Tlb {
 public:
  // sets: a power of two 1..1024; ways: 0 (no L2) or a power of two 2..8;
  // super_entries: a power of two 2..64.
  L2Tlb(Build build, const L2Geometry& g);

  // The 4 KiB array's set of `va` first, then the superpage array.
  std::optional<L2Slot> lookup(uint64_t va, uint32_t asid) const;
  const TlbEntry& entry(const L2Slot& s) const { return array(s).entry(s.index); }
  void touch(const L2Slot& s) { array(s).touch(s.index); }
  void invalidate(const L2Slot& s) { array(s).invalidate(s.index); }
  // Put `e` at slot s as it is (explanations and tests rebuild a state this way).
  void set_entry(const L2Slot& s, const TlbEntry& e) { array(s).set_entry(s.index, e); }
  // Refill: 4 KiB leaves go to their set, superpages and NAPOT pages to the superpage array.
  L2Slot fill(uint32_t asid, const Leaf& leaf, bool* replaced = nullptr);
  // sfence.vma as for the L1; a fence with a VA visits only that VA's set.
  SfenceEffect sfence(const SfenceOp& op, Mode mode);
  void reset();

  const L2Geometry& geometry() const { return g_; }
  unsigned set_of(uint64_t va) const;

 private:
  Tlb& array(const L2Slot& s) { return s.super ? super_ : sets_[s.set]; }
  const Tlb& array(const L2Slot& s) const { return s.super ? super_ : sets_[s.set]; }

  Build build_;
  BuildInfo bi_;
  L2Geometry g_;
  std::vector<Tlb> sets_;
  Tlb super_;
};

}  // namespace mmu
