// Svnapot: naturally aligned power-of-two (NAPOT) leaves, and how much of a VA a leaf's
// page spans. Only the 64 KiB size is defined: a level-0 leaf with N=1 whose PPN[3:0]
// is 1000 stands for 16 contiguous 4 KiB pages, and a TLB entry made from it covers all 16.
#pragma once

#include <cstdint>

#include "paging.h"

namespace mmu {

constexpr unsigned kNapotBits = 4;             // pte.napot_bits of the 64 KiB encoding
constexpr uint64_t kNapotEncoding = 0x8;       // PPN[3:0] = 1000
constexpr uint64_t kNapotBytes = kPageSize << kNapotBits;  // 64 KiB

// The one defined encoding (Svnapot's table: at level 0, PPN[0] = x xxxx 1000); every
// other low nibble of an N=1 PTE, and N=1 at any level above 0, is reserved.
constexpr bool napot_encoding(uint64_t ppn) { return (ppn & mask(kNapotBits)) == kNapotEncoding; }

// The low VPN bits a page spans: the TLB match ignores them and the physical address
// takes them from the VA. A superpage at `level` spans the fields below it; a 64 KiB
// NAPOT page (level 0) spans VPN[3:0].
constexpr unsigned page_vpn_bits(const BuildInfo& bi, unsigned level, bool napot) {
  return napot ? kNapotBits : level * bi.vpn_bits;
}

}  // namespace mmu
