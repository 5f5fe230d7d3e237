// Basic vocabulary of the paging model: builds, modes, privilege, access kinds, causes,
// and the CSR view an MMU translates under.
#pragma once

#include <cstdint>
#include <string>

#include "pmp.h"

namespace mmu {

// The two RTL builds: rv32 implements Sv32, rv64 implements Sv39, Sv48 and Sv57.
enum class Build : uint8_t { Rv32, Rv64 };

// satp.MODE, decoded. Bare means "no translation". Sv57 is MODE 10 (rv64).
enum class Mode : uint8_t { Bare, Sv32, Sv39, Sv48, Sv57 };

// Privilege levels with their architectural encodings.
enum class Priv : uint8_t { U = 0, S = 1, M = 3 };

// The kind of the original access; it selects the fault cause. Amo is an atomic
// memory operation (or the store-conditional side of LR/SC): it reads and writes.
enum class Access : uint8_t { Fetch = 0, Load = 1, Store = 2, Amo = 3 };

// Stores and AMOs write memory: they need W, set D, and raise the store/AMO causes.
constexpr bool writes(Access a) { return a == Access::Store || a == Access::Amo; }

// A/D management: Svade raises a page fault, Svadu updates the PTE in hardware.
enum class AdPolicy : uint8_t { Fault = 0, Hw = 1 };

// Exception causes (mcause/scause values) the MMU can raise.
enum class Cause : uint8_t {
  None = 0,
  FetchAccess = 1,
  LoadAccess = 5,
  StoreAccess = 7,
  FetchPage = 12,
  LoadPage = 13,
  StorePage = 15,
};

// Page fault "corresponding to the original access type". An AMO raises the store/AMO
// cause, never the load one, although it also reads (the spec's exception table names
// the store cause "Store/AMO page fault").
constexpr Cause page_fault(Access a) {
  return a == Access::Fetch ? Cause::FetchPage : a == Access::Load ? Cause::LoadPage : Cause::StorePage;
}

// Access fault "corresponding to the original access type": a store's or an AMO's walk
// fault is 7.
constexpr Cause access_fault(Access a) {
  return a == Access::Fetch ? Cause::FetchAccess
                            : a == Access::Load ? Cause::LoadAccess : Cause::StoreAccess;
}

// The RAM window: the only physical range where page tables may live (a PMA).
struct RamWindow {
  uint64_t base = 0x80000000ull;
  uint64_t size = 0x10000000ull;
  bool contains(uint64_t pa) const { return pa >= base && pa - base < size; }
};

// Svpbmt: the memory type a leaf's PBMT field (bits 62:61) asks for, returned with the
// translation. 3 is reserved (a page fault), so it has no name here.
enum class Pbmt : uint8_t {
  Pma = 0,  // no override: the physical memory attributes of the address apply
  Nc = 1,   // non-cacheable, idempotent, weakly ordered: main memory
  Io = 2,   // non-cacheable, non-idempotent, strongly ordered: I/O
};

// Optional extensions of the implementation that no CSR switches (a design parameter of
// the RTL, a per-model switch here). Everything is off by default: off, the PTE bits
// they give a meaning to stay reserved, as in the RTL today.
struct Extensions {
  bool napot = false;  // Svnapot: N=1 level-0 leaves with PPN[3:0]=1000 map 64 KiB
};

// Everything outside the MMU that decides a translation: satp, privilege, mstatus bits,
// the A/D policy, menvcfg.PBMTE and the RAM window. The RTL sees the same values on its CSR-view ports,
// except `priv`, which travels with each request (req_priv_i: the access's effective
// privilege, MPRV already applied). A walk uses the view of the edge it started at.
struct CsrView {
  Mode mode = Mode::Bare;
  uint32_t asid = 0;
  uint64_t root_ppn = 0;
  Priv priv = Priv::S;
  bool sum = false;
  bool mxr = false;
  AdPolicy ad = AdPolicy::Fault;
  RamWindow ram;
  bool pbmte = false;  // menvcfg.PBMTE (Svpbmt); 0: PBMT bits stay reserved (rv64 only)
  // pmpcfg/pmpaddr (pmp.h). Unlike the rest, not captured for the walk: every PMP check
  // uses the view of the edge its result is registered at (DESIGN.md, "PMP").
  PmpConfig pmp;
};

const char* to_string(Access a);
const char* to_string(Mode m);
const char* to_string(Priv p);
const char* to_string(Pbmt p);
// The spec's name of a cause: "load page fault", "store/AMO access fault", ...
const char* cause_name(Cause c);

// A number as 0x-hex, lower case: how every report and output line writes addresses and PTEs.
std::string hex(uint64_t v);

}  // namespace mmu
