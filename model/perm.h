// Leaf permission check, shared by the walk (spec steps 6 and 8) and the TLB lookup,
// which evaluates it against the CSRs current at lookup time, never at fill time.
#pragma once

#include "pte.h"
#include "types.h"

namespace mmu {

constexpr bool leaf_allows(LeafPerms p, Priv priv, bool sum, bool mxr, Access a) {
  // Step 6, the U bit: U-mode only touches U=1 pages. S-mode touches U=1 pages only with
  // SUM=1, and never executes from them, whatever SUM says.
  if (priv == Priv::U && !p.u) return false;
  if (priv == Priv::S && p.u && (a == Access::Fetch || !sum)) return false;
  // Step 8, R/W/X: fetch needs X; load needs R, or X when MXR=1; store needs W. An AMO
  // needs W like a store (it reads too, but a valid leaf with W has R: W without R is
  // a reserved encoding, rejected before this check).
  switch (a) {
    case Access::Fetch: return p.x;
    case Access::Load: return p.r || (mxr && p.x);
    case Access::Store:
    case Access::Amo: return p.w;
  }
  return false;
}

// Step 9's trigger: A clear, or a store or AMO to a page whose D is clear.
constexpr bool needs_ad_update(bool a_bit, bool d_bit, Access acc) {
  return !a_bit || (writes(acc) && !d_bit);
}

}  // namespace mmu
