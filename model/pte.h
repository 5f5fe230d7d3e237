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
  static constexpr unsigned kRswShift = 8;   // RSW: bits 9:8, for software
  static constexpr unsigned kPpnShift = 10;  // PPN: from bit 10 up
  // The eight flag bits, low to high, with their names (explanations list them so).
  struct Flag {
    char name;
    uint64_t bit;
  };
  static constexpr Flag kFlags[8] = {{'V', kV}, {'R', kR}, {'W', kW}, {'X', kX},
                                     {'U', kU}, {'G', kG}, {'A', kA}, {'D', kD}};

  bool v() const { return raw & kV; }
  bool r() const { return raw & kR; }
  bool w() const { return raw & kW; }
  bool x() const { return raw & kX; }
  bool u() const { return raw & kU; }
  bool g() const { return raw & kG; }
  bool a() const { return raw & kA; }
  bool d() const { return raw & kD; }

  unsigned rsw() const { return (raw >> kRswShift) & 3; }

  // PPN: bits 31:10 in Sv32 (22 bits), bits 53:10 in Sv39/Sv48 (44 bits).
  uint64_t ppn(const BuildInfo& bi) const { return (raw >> kPpnShift) & mask(bi.ppn_bits); }

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

// PPN[i] of a PPN in a mode of `levels` levels: vpn_bits wide, except the top field,
// which takes the bits left (Sv32 PPN[1]: 12 bits; Sv39 PPN[2]: 26; Sv48 PPN[3]: 17).
constexpr uint64_t ppn_field(const BuildInfo& bi, uint64_t ppn, unsigned levels, unsigned i) {
  const uint64_t above = ppn >> (i * bi.vpn_bits);
  return i + 1 == levels ? above : above & mask(bi.vpn_bits);
}
constexpr unsigned ppn_field_bits(const BuildInfo& bi, unsigned levels, unsigned i) {
  return i + 1 == levels ? bi.ppn_bits - i * bi.vpn_bits : bi.vpn_bits;
}

}  // namespace mmu
