// PTE decoding. This is the only place that knows where the bits of a PTE are.
#pragma once

#include <cstdint>

#include "napot.h"
#include "paging.h"

namespace mmu {

// Permission bits of a leaf, as cached by a TLB entry.
struct LeafPerms {
  bool u = false, r = false, w = false, x = false;
};

// Why a PTE is reserved by its upper bits (spec step 3: "bits or encodings reserved for
// future standard use"). Sv39/Sv48/Sv57 only; explanations and tests name the reason.
enum class ReservedUse : uint8_t {
  None,
  Bits60to54,         // reserved in every PTE
  PbmtUnimplemented,  // PBMT nonzero with menvcfg.PBMTE=0
  PbmtValue3,         // Svpbmt: PBMT=3 in a leaf is reserved
  PbmtInPointer,      // Svpbmt: PBMT (62:61) in a non-leaf is reserved
  NUnimplemented,     // N set without Svnapot
  NInPointer,         // Svnapot: N in a non-leaf is reserved
  NapotAboveLevel0,   // Svnapot: N=1 at a level > 0 is reserved
  NapotEncoding,      // Svnapot: N=1 at level 0 with PPN[3:0] other than 1000
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

  // Sv39/Sv48/Sv57 upper bits: N (63, Svnapot), PBMT (62:61, Svpbmt), reserved (60:54).
  bool n() const { return (raw >> 63) & 1; }
  unsigned pbmt() const { return (raw >> 61) & 3; }
  unsigned reserved() const { return (raw >> 54) & 0x7f; }

  // Spec step 3: bits or encodings reserved for future use, for this PTE read at `level`.
  // `pbmte` is menvcfg.PBMTE, `napot` whether Svnapot is implemented; with both off (the
  // RTL today) N and PBMT are plain reserved bits in every PTE. Sv32 PTEs have none.
  ReservedUse reserved_use(const BuildInfo& bi, bool pbmte, bool napot, unsigned level) const {
    if (bi.pte_bytes != 8) return ReservedUse::None;
    if (reserved() != 0) return ReservedUse::Bits60to54;
    if (pbmt() != 0) {
      if (!pbmte) return ReservedUse::PbmtUnimplemented;
      // Svpbmt: "For non-leaf PTEs, bits 62-61 are reserved"; in a leaf the value 3 is.
      if (!is_leaf()) return ReservedUse::PbmtInPointer;
      if (pbmt() == 3) return ReservedUse::PbmtValue3;
    }
    if (n()) {
      if (!napot) return ReservedUse::NUnimplemented;
      // N in a pointer: reserved like the other leaf-only bits (a pointer at level 0
      // faults anyway, and Svnapot reserves every encoding at levels >= 1).
      if (!is_leaf()) return ReservedUse::NInPointer;
      if (level != 0) return ReservedUse::NapotAboveLevel0;
      if (!napot_encoding(ppn(bi))) return ReservedUse::NapotEncoding;
    }
    return ReservedUse::None;
  }
  // The same with no extension on: what the RTL implements today.
  bool has_reserved_bits(const BuildInfo& bi) const {
    return reserved_use(bi, false, false, 0) != ReservedUse::None;
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
// which takes the bits left (Sv32 PPN[1]: 12 bits; Sv39 PPN[2]: 26; Sv48 PPN[3]: 17;
// Sv57 PPN[4]: 8).
constexpr uint64_t ppn_field(const BuildInfo& bi, uint64_t ppn, unsigned levels, unsigned i) {
  const uint64_t above = ppn >> (i * bi.vpn_bits);
  return i + 1 == levels ? above : above & mask(bi.vpn_bits);
}
constexpr unsigned ppn_field_bits(const BuildInfo& bi, unsigned levels, unsigned i) {
  return i + 1 == levels ? bi.ppn_bits - i * bi.vpn_bits : bi.vpn_bits;
}

}  // namespace mmu
