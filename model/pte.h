// PTE decoding. This is the only place that knows where the bits of a PTE are.
#pragma once

#include <cstdint>

#include "paging.h"

namespace mmu {

// Permission bits of a leaf, as cached by a TLB entry.
struct LeafPerms {
  bool u = false, r = false, w = false, x = false;
};

struct Pte {
  uint64_t raw = 0;

  static constexpr uint64_t kV = 1u << 0, kR = 1u << 1, kW = 1u << 2, kX = 1u << 3;
  static constexpr uint64_t kU = 1u << 4, kG = 1u << 5, kA = 1u << 6, kD = 1u << 7;

  bool v() const { return raw & kV; }
  bool r() const { return raw & kR; }
  bool w() const { return raw & kW; }
  bool x() const { return raw & kX; }
  bool u() const { return raw & kU; }
  bool g() const { return raw & kG; }
  bool a() const { return raw & kA; }
  bool d() const { return raw & kD; }

  // PPN: bits 31:10 in Sv32 (22 bits), bits 53:10 in Sv39/Sv48 (44 bits).
  uint64_t ppn(const BuildInfo& bi) const { return (raw >> 10) & mask(bi.ppn_bits); }

  // Sv39/Sv48 upper bits: N (63, Svnapot), PBMT (62:61, Svpbmt), reserved (60:54).
  bool n() const { return (raw >> 63) & 1; }
  unsigned pbmt() const { return (raw >> 61) & 3; }
  unsigned reserved() const { return (raw >> 54) & 0x7f; }

  // Spec step 3: bits or encodings reserved for future use. This MMU implements neither
  // Svnapot nor Svpbmt, so N and PBMT are reserved too. Sv32 PTEs have none.
  bool has_reserved_bits(const BuildInfo& bi) const {
    return bi.pte_bytes == 8 && (n() || pbmt() != 0 || reserved() != 0);
  }

  // Spec step 3: V=0, or W=1 with R=0, is invalid.
  bool invalid() const { return !v() || (w() && !r()); }

  // Spec step 4: R or X set makes a leaf; otherwise the PTE points to the next table.
  bool is_leaf() const { return r() || x(); }

  // Non-leaf PTEs reserve D, A and U (they must be zero).
  bool pointer_has_leaf_bits() const { return d() || a() || u(); }

  LeafPerms perms() const { return {u(), r(), w(), x()}; }
};

}  // namespace mmu
