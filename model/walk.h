// The page-table walk: the privileged spec's translation process, step by step, with no
// TLB in front of it. It records every PTE read and write it makes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "memory.h"
#include "napot.h"
#include "observer.h"
#include "paging.h"
#include "pte.h"
#include "types.h"

namespace mmu {

// What a successful walk hands to a TLB refill.
struct Leaf {
  uint64_t vpn = 0;       // vpn_tag(va)
  unsigned level = 0;     // 0: 4 KiB page; i > 0: superpage
  uint64_t ppn = 0;       // PTE.PPN of the leaf
  bool global = false;    // G in any PTE along the walk
  LeafPerms perms;
  bool a = false, d = false;  // as in memory after the walk (A/D update included)
  bool napot = false;     // Svnapot: a 64 KiB page (level 0); ppn keeps PPN[3:0] = 1000
  Pbmt pbmt = Pbmt::Pma;  // Svpbmt: the leaf's memory type (Pma unless menvcfg.PBMTE=1)
};

// Why a walk stopped; finer than the cause, for coverage and for readable reports.
enum class WalkStop : uint8_t {
  Ok,
  AccessFault,        // PTE outside RAM, or bus error on a PTE read or A/D write
  Invalid,            // V=0, or W=1 with R=0
  Reserved,           // reserved bits or encodings (ReservedUse says which)
  PointerLeafBits,    // non-leaf with A, D or U set
  PointerAtLevel0,    // non-leaf at the last level
  MisalignedSuperpage,
  Permission,         // U/SUM/MXR/R/W/X
  AdFault,            // A or D clear under Svade
  PmpPte,             // PMP denies a PTE read or A/D update (S-mode): access fault
  PmpPa,              // PMP denies the translated PA (MmuModel: TLB hits, L2 hits, walks, Bare)
};

const char* to_string(WalkStop s);

struct WalkResult {
  bool fault = false;
  Cause cause = Cause::None;
  WalkStop stop = WalkStop::Ok;
  unsigned stop_level = 0;  // the level of the last PTE read (or attempted)
  uint64_t paddr = 0;       // valid when !fault
  Leaf leaf;                // valid when !fault
  unsigned restarts = 0;    // A/D updates that found the PTE changed (walk restarted)
  AccessLog accesses;       // every PTE read and A/D update, in order
  PmpResult pmp;            // the PMP check that stopped the walk (stop PmpPte)
};

// The walk as a machine that asks for one memory access at a time, as the hardware
// walker does: op() is the access it wants, respond() gives it the memory's answer.
// It works on the CSR view captured when it started, whatever happens to the CSRs
// afterwards. Another agent may change the page tables between its accesses: the A/D
// update is a compare-and-swap of the value read, and when it fails the walk starts
// again from the root (spec step 9: the update must be atomic with the read).
// Where a walk starts: the root table (step 1), or a table a cached pointer names.
struct WalkStart {
  uint64_t table = 0;    // physical address of the table to index
  unsigned level = 0;    // the level of the PTE read from it
  bool global = false;   // G seen in the pointers above it
};

// A pointer PTE the walk has just followed (read, valid, and its table in RAM).
struct PointerFollowed {
  unsigned level = 0;    // the level of the pointer PTE
  uint64_t ppn = 0;      // the next table
  bool global = false;   // G in this PTE or one above it
};

class Walker {
 public:
  // Chooses where a walk (or its restart) starts; empty: at the root. Called when the
  // walk starts and again at each restart (a page-walk cache looks itself up there).
  using StartHook = std::function<std::optional<WalkStart>()>;

  // Start a walk of `va` (canonical, in a translating mode) for access `acc`. An
  // observer, when given, hears of every step (explanations). `ext`: the optional
  // extensions implemented (all off by default).
  Walker(Build build, const CsrView& snapshot, Access acc, uint64_t va, Observer* obs = nullptr,
         StartHook start = {}, const Extensions& ext = {});

  bool done() const { return done_; }
  // The access wanted now (valid while !done()): a PTE read, or the A/D update.
  const MemAccess& op() const { return op_; }
  // The memory's answer to op(): the data read (reads), whether the compare-and-swap
  // wrote (updates), or a bus error (either).
  void respond(uint64_t rdata, bool swapped, bool err);
  const WalkResult& result() const { return r_; }  // valid once done()
  // The pointer the last respond() followed, if it followed one.
  const std::optional<PointerFollowed>& followed() const { return followed_; }
  const CsrView& csrs() const { return csrs_; }
  // The PMP view the next checks use (DESIGN.md "PMP": the view of the edge the next
  // request is decided at); the rest of the view stays the snapshot.
  void set_pmp(const PmpConfig& p) { csrs_.pmp = p; }
  const Extensions& extensions() const { return ext_; }
  Access access() const { return acc_; }
  uint64_t va() const { return va_; }

 private:
  void begin();                 // step 1, and step 2's PMA check of the root PTE
  void visit(uint64_t pte_addr, unsigned level);  // step 2: read this PTE, or stop
  void stop(WalkStop why, Cause cause);
  void on_pte(uint64_t raw);    // steps 3 to 9 on the PTE just read
  void on_update(bool swapped); // the end of step 9
  // PMP: may the walk make a PTE-sized S-mode access of kind `acc` at `pa`?
  bool pmp_allows(PmpUse use, uint64_t pa, PmpAccess acc);
  // Tell the observer, if any, how a check came out; returns `ok`.
  bool pass(Check c, bool ok) {
    if (obs_) obs_->check(c, ok);
    return ok;
  }

  Build build_;
  BuildInfo bi_;
  CsrView csrs_;
  Access acc_;
  uint64_t va_;
  unsigned level_ = 0;
  bool global_ = false;
  bool done_ = false;
  MemAccess op_;
  WalkResult r_;
  Observer* obs_ = nullptr;
  StartHook start_;
  Extensions ext_;
  std::optional<PointerFollowed> followed_;
};

// Translate `va` for access `acc` by walking the tables rooted at csrs.root_ppn, with
// `mem` answering each access at once. The mode must be a translating one
// (Sv32/Sv39/Sv48/Sv57) and `va` canonical for it: the caller (the MMU model) answers
// Bare, M-mode and non-canonical addresses without a walk.
WalkResult walk(Build build, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem,
                const Extensions& ext = {});

// Drive a started walker to its end with `mem` answering each access at once.
void run_walker(Walker& w, PhysMemory& mem, unsigned pte_bytes);

// The physical address of `va` through a leaf at `level` with PTE.PPN `ppn` (step 10):
// the offset and the VPN fields below the leaf's level come from va, the rest from ppn.
constexpr uint64_t leaf_paddr(const BuildInfo& bi, uint64_t ppn, unsigned level, uint64_t va) {
  const unsigned low = kPageShift + level * bi.vpn_bits;
  return (((ppn << kPageShift) & ~mask(low)) | (va & mask(low))) & mask(bi.pa_bits);
}

// The same for a cached leaf, NAPOT pages included: the bits the page spans come from va
// (a 64 KiB NAPOT page: va[15:0], so PA bits 15:12 are VA bits 15:12, not PPN[3:0]).
// A TLB hit's physical address; with Svnapot off it equals the form above.
constexpr uint64_t leaf_paddr(const BuildInfo& bi, const Leaf& leaf, uint64_t va) {
  const unsigned low = kPageShift + page_vpn_bits(bi, leaf.level, leaf.napot);
  return (((leaf.ppn << kPageShift) & ~mask(low)) | (va & mask(low))) & mask(bi.pa_bits);
}

}  // namespace mmu
