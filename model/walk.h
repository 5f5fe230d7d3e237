// The page-table walk: the privileged spec's translation process, step by step, with no
// TLB in front of it. It records every PTE read and write it makes.
#pragma once

#include <cstdint>

#include "memory.h"
#include "paging.h"
#include "pte.h"
#include "types.h"

namespace mmu {

// What a successful walk hands to a TLB refill.
struct Leaf {
  uint64_t vpn = 0;       // vpn_tag(va)
  unsigned level = 0;     // 0: 4 KiB page; i > 0: superpage
  uint64_t ppn = 0;       // PTE.PPN of the leaf
  bool global = false;    // G in any PTE along the walk
  LeafPerms perms;
  bool a = false, d = false;  // as in memory after the walk (A/D update included)
};

// Why a walk stopped; finer than the cause, for coverage and for readable reports.
enum class WalkStop : uint8_t {
  Ok,
  AccessFault,        // PTE outside RAM, or bus error on a PTE read or A/D write
  Invalid,            // V=0, or W=1 with R=0
  Reserved,           // reserved bits, PBMT or N set
  PointerLeafBits,    // non-leaf with A, D or U set
  PointerAtLevel0,    // non-leaf at the last level
  MisalignedSuperpage,
  Permission,         // U/SUM/MXR/R/W/X
  AdFault,            // A or D clear under Svade
};

const char* to_string(WalkStop s);

struct WalkResult {
  bool fault = false;
  Cause cause = Cause::None;
  WalkStop stop = WalkStop::Ok;
  unsigned stop_level = 0;  // the level of the last PTE read (or attempted)
  uint64_t paddr = 0;       // valid when !fault
  Leaf leaf;                // valid when !fault
  AccessLog accesses;       // every PTE read and write, in order
};

// Translate `va` for access `acc` by walking the tables rooted at csrs.root_ppn. The mode
// must be a translating one (Sv32/Sv39/Sv48) and `va` canonical for it: the caller (the
// MMU model) answers Bare, M-mode and non-canonical addresses without a walk.
WalkResult walk(Build build, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem);

// The physical address of `va` through a leaf at `level` with PTE.PPN `ppn` (step 10):
// the offset and the VPN fields below the leaf's level come from va, the rest from ppn.
constexpr uint64_t leaf_paddr(const BuildInfo& bi, uint64_t ppn, unsigned level, uint64_t va) {
  const unsigned low = kPageShift + level * bi.vpn_bits;
  return (((ppn << kPageShift) & ~mask(low)) | (va & mask(low))) & mask(bi.pa_bits);
}

}  // namespace mmu
