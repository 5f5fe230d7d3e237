// Address split: the shape of each build and paging mode, and how a virtual address
// divides into VPN fields and a page offset.
#pragma once

#include <cstdint>

#include "types.h"

namespace mmu {

constexpr unsigned kPageShift = 12;  // 4 KiB base pages in every mode
constexpr uint64_t kPageSize = uint64_t{1} << kPageShift;

constexpr uint64_t mask(unsigned bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

// The classic split of an address into page number and offset, for a page of
// 2^offset_bits bytes (any size: textbooks use 256-byte pages as readily as 4 KiB).
struct PageSplit {
  uint64_t page_number;
  uint64_t offset;
};
constexpr PageSplit split_page(uint64_t va, unsigned offset_bits) {
  return {va >> offset_bits, va & mask(offset_bits)};
}

// Field `index` (0 = lowest) of a page number cut into equal fields of `field_bits`:
// the index into the page table at that level of a multi-level table.
constexpr uint64_t table_index(uint64_t page_number, unsigned field_bits, unsigned index) {
  return (page_number >> (index * field_bits)) & mask(field_bits);
}

// A single flat table for a va_bits address space: one entry per page.
constexpr uint64_t flat_table_entries(unsigned va_bits, unsigned offset_bits) {
  return uint64_t{1} << (va_bits - offset_bits);
}
constexpr uint64_t flat_table_bytes(unsigned va_bits, unsigned offset_bits, unsigned pte_bytes) {
  return flat_table_entries(va_bits, offset_bits) * pte_bytes;
}

// Widths fixed by the build (the RTL's Xlen parameter).
struct BuildInfo {
  unsigned xlen;       // virtual address register width
  unsigned pa_bits;    // physical address width
  unsigned pte_bytes;  // PTESIZE
  unsigned asid_bits;  // satp.ASID width
  unsigned ppn_bits;   // satp.PPN and PTE.PPN width
  unsigned vpn_bits;   // bits per VPN field (10 in Sv32, 9 in Sv39/Sv48/Sv57)
  unsigned tag_levels; // VPN fields kept in a TLB tag (2 in rv32, 5 in rv64: va[56:12])
};

// rv64 tags hold Sv57's five VPN fields. For Sv39 and Sv48 the extra bits 56:48 of a
// canonical VA copy bit 47 (or 38), which the tag already holds, so they change no match
// between canonical VAs; they make Sv57 VAs that differ only in bits 56:48 distinct.
constexpr BuildInfo build_info(Build b) {
  return b == Build::Rv32 ? BuildInfo{32, 34, 4, 9, 22, 10, 2} : BuildInfo{64, 56, 8, 16, 44, 9, 5};
}

// The shape of one paging mode.
struct Geometry {
  unsigned levels;   // LEVELS: number of page-table levels
  unsigned va_bits;  // implemented virtual address bits
};

constexpr Geometry geometry(Mode m) {
  switch (m) {
    case Mode::Sv32: return {2, 32};
    case Mode::Sv39: return {3, 39};
    case Mode::Sv48: return {4, 48};
    case Mode::Sv57: return {5, 57};
    case Mode::Bare: break;
  }
  return {0, 64};
}

// Which build implements a mode (Bare exists in both).
constexpr bool mode_in_build(Mode m, Build b) {
  return m == Mode::Bare || (b == Build::Rv32 ? m == Mode::Sv32 : m != Mode::Sv32);
}

// va.vpn[level]: the VPN field that indexes the table at that level.
constexpr uint64_t vpn_field(const BuildInfo& bi, uint64_t va, unsigned level) {
  return table_index(split_page(va, kPageShift).page_number, bi.vpn_bits, level);
}

constexpr uint64_t page_offset(uint64_t va) { return split_page(va, kPageShift).offset; }

// The VPN a TLB entry is tagged with: rv32 va[31:12], rv64 va[56:12], whatever the mode.
constexpr uint64_t vpn_tag(const BuildInfo& bi, uint64_t va) {
  return (va >> kPageShift) & mask(bi.tag_levels * bi.vpn_bits);
}

// Bytes mapped by a leaf at `level` (4 KiB, 2 MiB / 4 MiB, 1 GiB, 512 GiB, 256 TiB).
constexpr uint64_t page_bytes(const BuildInfo& bi, unsigned level) {
  return uint64_t{1} << (kPageShift + level * bi.vpn_bits);
}

// Sv39/Sv48/Sv57: bits 63..va_bits must all equal bit va_bits-1, else the access
// page-faults (Sv57: bits 63:57 equal bit 56).
// Sv32 and Bare have no such rule (the VA is the whole register).
constexpr bool is_canonical(Mode m, uint64_t va) {
  const unsigned va_bits = geometry(m).va_bits;
  if (m == Mode::Bare || m == Mode::Sv32) return true;
  const uint64_t upper = va >> (va_bits - 1);  // bit va_bits-1 and everything above it
  return upper == 0 || upper == mask(64 - (va_bits - 1));
}

// The VA-validity rule an sfence.vma uses (DESIGN.md): the current mode's rule (Sv39,
// Sv48 or Sv57); in the rv64 build Bare uses the rule of the widest implemented mode,
// Sv57 (bits 63:57 equal bit 56); in rv32 every VA is valid.
constexpr bool sfence_va_valid(Build b, Mode m, uint64_t va) {
  if (b == Build::Rv32) return true;
  return is_canonical(m == Mode::Sv39 || m == Mode::Sv48 ? m : Mode::Sv57, va);
}

// Untranslated address (Bare mode, M-mode): the VA truncated to the PA width.
constexpr uint64_t bare_paddr(const BuildInfo& bi, uint64_t va) { return va & mask(bi.pa_bits); }

}  // namespace mmu
