// What the model tells an observer at each step of a translation, when one is attached
// (explanations: explain.h). None is attached by default: the fast path then pays one
// test of a null pointer per step and builds no text.
#pragma once

#include <cstdint>

#include "pmp.h"

namespace mmu {

struct Leaf;

// The checks of the spec's translation process, in the order the walk makes them.
enum class Check : uint8_t {
  PteInRam,      // step 2: the PTE address lies in the RAM window (a PMA check)
  Valid,         // step 3: V=1, and not W=1 with R=0
  NoReserved,    // step 3: no reserved bits or encodings (Sv39/Sv48: N, PBMT, bits 60:54)
  PointerBits,   // step 3, for a pointer: D, A and U are reserved in non-leaf PTEs
  PointerLevel,  // step 4: a pointer must not be at level 0 (i-1 < 0)
  Aligned,       // step 5: a superpage's PPN fields below its level are zero
  Permission,    // steps 6 and 8: U bit with priv and SUM, then R/W/X with MXR
  AdBits,        // step 9: A set, and D set for a store or AMO
};

// What a PMP check (pmp.h) is made for.
enum class PmpUse : uint8_t {
  PteRead,     // a PTE read of the walk (S-mode read, PTE size)
  AdUpdate,    // the walk's A/D update (S-mode write, PTE size)
  Translated,  // the translated PA (or Bare/M-mode PA): the request's priv and kind, 1 byte
};

class Observer {
 public:
  virtual ~Observer() = default;

  // The lookup (MmuModel::lookup).
  virtual void untranslated() {}                 // Bare mode or M-mode: PA = VA
  virtual void non_canonical() {}                // Sv39/Sv48 upper VA bits not a sign extension
  virtual void tlb_miss(uint32_t /*asid*/) {}
  // Entry `entry`, tagged `entry_asid`, matched under satp.ASID `asid`.
  virtual void tlb_hit(unsigned /*entry*/, uint32_t /*entry_asid*/, const Leaf& /*leaf*/, uint32_t /*asid*/) {}
  virtual void tlb_dropped(unsigned /*entry*/) {}  // Svadu: the entry goes, a walk sets A/D

  // The walk (Walker), one memory access at a time.
  virtual void walk_start(uint64_t /*root_pa*/, unsigned /*level*/, unsigned /*restarts*/) {}
  // The walk starts below the root: a cached pointer names the table of `level`.
  virtual void walk_cache_start(uint64_t /*table*/, unsigned /*level*/, unsigned /*restarts*/) {}
  // The L2 TLB after an L1 miss: an entry of set `set` (super: the superpage array) matched, or none.
  virtual void l2_hit(bool /*super*/, unsigned /*set*/, unsigned /*index*/, const Leaf& /*leaf*/) {}
  virtual void l2_miss() {}
  // Step 2: the PTE of `level` is at table + index * PTESIZE = pte_pa.
  virtual void pte_address(unsigned /*level*/, uint64_t /*table*/, uint64_t /*index*/, uint64_t /*pte_pa*/) {}
  virtual void pte_read(unsigned /*level*/, uint64_t /*pte_pa*/, uint64_t /*raw*/) {}
  virtual void bus_error(uint64_t /*pa*/, bool /*write*/) {}
  // Step 9 under Svadu: compare-and-swap of `cmp` (the PTE as read) for `wdata`.
  virtual void ad_update(uint64_t /*pte_pa*/, uint64_t /*cmp*/, uint64_t /*wdata*/) {}
  virtual void ad_update_done(bool /*swapped*/) {}

  // A PMP check against `view` of `bytes` bytes at `pa` for `use`, and its result.
  virtual void pmp(PmpUse /*use*/, const PmpConfig& /*view*/, uint64_t /*pa*/, unsigned /*bytes*/, Priv /*priv*/, PmpAccess /*acc*/,
                   const PmpResult& /*r*/) {}

  // A check of the walk, or of a TLB hit (Permission, AdBits), and its outcome.
  virtual void check(Check /*c*/, bool /*ok*/) {}
};

}  // namespace mmu
