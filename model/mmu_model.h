// The golden MMU: a TLB in front of the walk, with the policies of DESIGN.md. For every
// request it predicts what the RTL must answer, how (hit, walk, ...) and the exact PTW
// memory traffic.
#pragma once

#include <cstdint>
#include <optional>

#include "memory.h"
#include "tlb.h"
#include "walk.h"

namespace mmu {

// How a request is answered; decides its latency and whether it touches memory.
enum class Path : uint8_t {
  Bare,          // Bare mode or M-mode: no translation, latency 1
  NonCanonical,  // Sv39/Sv48 VA with bad upper bits: page fault, latency 1
  Hit,           // answered by a TLB entry (translation or fault), latency 1
  Miss,          // no entry: walk
  DirtyRewalk,   // Svadu: the entry had A=0 or a store found D=0; entry dropped, walk
};

const char* to_string(Path p);

struct Outcome {
  Path path = Path::Bare;
  bool fault = false;
  Cause cause = Cause::None;
  uint64_t paddr = 0;       // 0 when fault
  int entry = -1;           // hit entry, or refilled entry after a walk (-1: none)
  int matched = -1;         // the entry the lookup matched: the hit, or the one a Svadu
                            // re-walk dropped (-1: none)
  bool replaced = false;    // the refill evicted a valid entry (the PLRU victim)
  bool fill_cancelled = false;  // a successful walk did not refill: an sfence came
  unsigned restarts = 0;    // A/D updates that found the PTE changed
  WalkStop stop = WalkStop::Ok;  // why a walk or a TLB check stopped
  unsigned stop_level = 0;
  AccessLog accesses;       // PTW traffic (empty unless the path walks)
  bool walks() const { return path == Path::Miss || path == Path::DirtyRewalk; }
};

struct MmuCounters {
  uint64_t hits = 0, misses = 0, walks = 0;
};

// The MMU as the RTL is: at most one walk in flight, started by lookup() and driven
// access by access through walker() by whoever plays the memory; sfences and kills may
// come while it is in flight.
class MmuModel {
 public:
  MmuModel(Build build, unsigned tlb_entries) : build_(build), tlb_(build, tlb_entries) {}
  // A model whose TLB starts as `tlb` (explanations replay a translation on a copy).
  explicit MmuModel(const Tlb& tlb) : build_(tlb.build()), tlb_(tlb) {}

  // Tell `obs` of every step of the lookups and walks that start from now on (nullptr:
  // nobody, the default). See observer.h.
  void set_observer(Observer* obs) { obs_ = obs; }

  // An accepted request under `csrs` (csrs.priv: the request's privilege). Answers
  // Bare/M-mode, non-canonical VAs and TLB hits at once; a miss or a dirty re-walk
  // starts a walk (path Miss/DirtyRewalk) that walker() then drives. No walk may be in
  // flight.
  Outcome lookup(const CsrView& csrs, Access acc, uint64_t va);
  bool walking() const { return walker_.has_value(); }
  Walker& walker() { return *walker_; }
  const Walker& walker() const { return *walker_; }
  // The walk in flight has ended (walker().done()): its answer. A successful walk
  // refills the TLB unless an sfence came while it was in flight.
  Outcome finish_walk();
  // A pipeline flush: the walk in flight ends with no answer and no refill.
  void kill_walk() { walker_.reset(); }
  // sfence.vma; `csrs.mode` decides whether op.va is a valid VA. Also cancels the refill
  // of a walk in flight (DESIGN.md: any sfence that is not a no-op does).
  SfenceEffect sfence(const CsrView& csrs, const SfenceOp& op);

  // lookup() and, for a walk, every access answered by `mem` at once.
  Outcome translate(const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem);
  void reset();

  Build build() const { return build_; }
  const Tlb& tlb() const { return tlb_; }
  const MmuCounters& counters() const { return counters_; }

 private:
  Build build_;
  Tlb tlb_;
  MmuCounters counters_;
  std::optional<Walker> walker_;
  Outcome pending_;          // the walk's outcome so far (path)
  bool fill_cancelled_ = false;
  Observer* obs_ = nullptr;
};

// Does this priv/mode pair translate at all?
constexpr bool translates(const CsrView& c) {
  return c.mode != Mode::Bare && (c.priv == Priv::U || c.priv == Priv::S);
}

}  // namespace mmu
