// Leaf permission check, shared by the walk (spec steps 6 and 8) and the TLB lookup,
// which evaluates it against the CSRs current at lookup time, never at fill time.
#pragma once

#include "pte.h"
#include "types.h"

namespace mmu {

// The rule of steps 6 and 8 that decides an access to a leaf: Allowed, or the first rule
// that refuses it (explanations name it).
enum class PermRule : uint8_t {
  Allowed,
  UserNeedsU,         // step 6: U-mode touches only U=1 pages
  SupervisorNeedsSum, // step 6: S-mode touches a U=1 page only with SUM=1
  SupervisorNoUserX,  // step 6: S-mode never executes from a U=1 page, whatever SUM says
  FetchNeedsX,        // step 8: a fetch needs X
  LoadNeedsR,         // step 8: a load needs R, or X when MXR=1
  WriteNeedsW,        // step 8: a store or AMO needs W
};

constexpr PermRule perm_rule(LeafPerms p, Priv priv, bool sum, bool mxr, Access a) {
  // Step 6, the U bit: U-mode only touches U=1 pages. S-mode touches U=1 pages only with
  // SUM=1, and never executes from them, whatever SUM says.
  if (priv == Priv::U && !p.u) return PermRule::UserNeedsU;
  if (priv == Priv::S && p.u && a == Access::Fetch) return PermRule::SupervisorNoUserX;
  if (priv == Priv::S && p.u && !sum) return PermRule::SupervisorNeedsSum;
  // Step 8, R/W/X: fetch needs X; load needs R, or X when MXR=1; store needs W. An AMO
  // needs W like a store (it reads too, but a valid leaf with W has R: W without R is
  // a reserved encoding, rejected before this check).
  switch (a) {
    case Access::Fetch: return p.x ? PermRule::Allowed : PermRule::FetchNeedsX;
    case Access::Load: return p.r || (mxr && p.x) ? PermRule::Allowed : PermRule::LoadNeedsR;
    case Access::Store:
    case Access::Amo: return p.w ? PermRule::Allowed : PermRule::WriteNeedsW;
  }
  return PermRule::WriteNeedsW;
}

constexpr bool leaf_allows(LeafPerms p, Priv priv, bool sum, bool mxr, Access a) {
  return perm_rule(p, priv, sum, mxr, a) == PermRule::Allowed;
}

// Step 9's trigger: A clear, or a store or AMO to a page whose D is clear.
constexpr bool needs_ad_update(bool a_bit, bool d_bit, Access acc) {
  return !a_bit || (writes(acc) && !d_bit);
}

}  // namespace mmu
