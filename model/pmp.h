// Physical memory protection (the privileged spec's "Physical Memory Protection" section,
// machine.adoc): the PMP view the MMU is given and the pure check of one access against it.
// The RTL's pins carry the same values: pmpcfg_i (entry i at bits 8i+7:8i) and pmpaddr_i
// (entry i's PA bits PaBits-1:2), PmpEntries entries, grain 2^(PmpGranularity+2) bytes.
//
// Rules (spec quotes in DESIGN.md, "PMP"):
// - cfg: R bit 0, W bit 1, X bit 2, A bits 4:3 (0 OFF, 1 TOR, 2 NA4, 3 NAPOT), L bit 7;
//   bits 6:5 are ignored. R=0 W=1 is reserved (a CSR file never holds it): W counts only
//   with R (the effective permission is R, W&R, X).
// - addr: PA bits PaBits-1:2; bits above the build's PaBits-2 are ignored (rv32: 32 bits,
//   rv64: 54 bits).
// - OFF matches nothing. TOR (entry i) matches pmpaddr[i-1] <= pa>>2 < pmpaddr[i]; entry 0
//   uses 0 as the bottom; bottom >= top matches nothing. NA4 matches the 4 bytes at addr<<2.
//   NAPOT: k trailing ones in addr -> the 2^(k+3) bytes at (addr with its k+1 low bits
//   cleared)<<2; addr all ones (the build's width) matches every address.
// - Granularity G: TOR ignores bits G-1:0 of both bounds (they read as zero); NAPOT sees bits
//   G-2:0 as ones (G >= 2); NA4 is not selectable for G >= 1: A = 2 then behaves as NAPOT
//   (the spec calls A[1] set "NAPOT" when G >= 1).
// - The lowest-numbered entry that matches any byte of the access decides. If it does not
//   match every byte, the access fails whatever L/R/W/X say. If it matches every byte:
//   M-mode succeeds unless L=1 and the permission bit is clear; S/U need the permission
//   bit. No entry matches: M succeeds, S/U fail. entries == 0: everything succeeds.
// - Read needs R, Write needs W, Exec needs X, ReadWrite (an AMO) needs R and W.
//
// How the MMU uses it (DESIGN.md "PMP" and "Timing contract"): PTE reads are S-mode Reads
// and A/D updates S-mode Writes of PTE size (4 or 8 bytes) at the PTE address, checked
// before the memory request is made (failure: access fault of the original access's kind,
// the walk stops, no request). The translated PA (Bare/M-mode PA too) is checked as a
// 1-byte access of the request's priv and kind (fetch Exec, load Read, store Write, AMO
// ReadWrite) at that address: access fault 1/5/7; the core checks the other bytes.
// Nothing caches a PMP result. Every check uses the PMP view of the edge at which its
// result is registered: the acceptance edge for L1 hits, Bare/M-mode and non-canonical
// requests; the L2 lookup edge for an L2 hit and for a walk's first PTE access; the edge of
// the memory response that precedes it for every later PTE access (restarts included) and
// for the translated PA of a walk (the last response's edge).
#pragma once

#include <array>
#include <cstdint>

namespace mmu {

enum class Build : uint8_t;  // types.h (which includes this header for CsrView)
enum class Priv : uint8_t;   // types.h

constexpr unsigned kPmpMaxEntries = 16;

// pmpcfg fields.
constexpr uint8_t kPmpR = 0x01, kPmpW = 0x02, kPmpX = 0x04, kPmpL = 0x80;
enum class PmpMode : uint8_t { Off = 0, Tor = 1, Na4 = 2, Napot = 3 };
constexpr PmpMode pmp_mode(uint8_t cfg) { return static_cast<PmpMode>((cfg >> 3) & 3); }
constexpr uint8_t pmp_cfg(PmpMode a, uint8_t rwx, bool locked = false) {
  return static_cast<uint8_t>((static_cast<unsigned>(a) << 3) | (rwx & 7) | (locked ? kPmpL : 0));
}

// All ones in the widest pmpaddr (rv64: PA bits 55:2); masked to the build's width.
constexpr uint64_t kPmpAddrAllOnes = (uint64_t{1} << 54) - 1;

struct PmpEntry {
  uint8_t cfg = 0;
  uint64_t addr = 0;  // pmpaddr: PA bits PaBits-1:2
};

// The PMP view: `entries` implemented entries (0..16; 0 = no PMP: every check passes),
// grain 2^(granularity+2) bytes. Entries at and above `entries` are ignored. The default
// is the bench's and the scenario player's: every entry 0 except the last, which is
// NAPOT RWX unlocked over all memory (S/U may touch everything, M is unaffected).
struct PmpConfig {
  unsigned entries = kPmpMaxEntries;
  unsigned granularity = 0;
  std::array<PmpEntry, kPmpMaxEntries> e = [] {
    std::array<PmpEntry, kPmpMaxEntries> a{};
    a[kPmpMaxEntries - 1] = PmpEntry{0x1f, kPmpAddrAllOnes};
    return a;
  }();
};

// The default view for another entry count or grain: entry entries-1 is cfg 0x1f, addr
// all ones; the rest 0.
PmpConfig default_pmp(unsigned entries = kPmpMaxEntries, unsigned granularity = 0);

enum class PmpAccess : uint8_t { Read, Write, Exec, ReadWrite };

struct PmpResult {
  bool allowed = true;
  int entry = -1;        // the lowest-numbered entry matching any byte (-1: none)
  bool partial = false;  // that entry does not match every byte (the access fails)
};

// The byte range an entry matches, [lo, hi) (empty when lo >= hi: OFF, or TOR with
// bottom >= top), with the granularity applied.
struct PmpRange {
  uint64_t lo = 0, hi = 0;
};
PmpRange pmp_range(const PmpConfig& p, Build build, unsigned i);

// Decide one access of `bytes` bytes at physical address `pa` (bytes >= 1).
PmpResult pmp_check(const PmpConfig& p, Build build, uint64_t pa, unsigned bytes, Priv priv, PmpAccess acc);

const char* to_string(PmpMode m);
const char* to_string(PmpAccess a);

}  // namespace mmu
