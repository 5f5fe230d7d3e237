// The golden MMU: a TLB in front of the walk, with the policies of DESIGN.md. For every
// request it predicts what the RTL must answer, how (hit, walk, ...) and the exact PTW
// memory traffic.
#pragma once

#include <cstdint>

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
  bool replaced = false;    // the refill evicted a valid entry (the PLRU victim)
  WalkStop stop = WalkStop::Ok;  // why a walk or a TLB check stopped
  unsigned stop_level = 0;
  AccessLog accesses;       // PTW traffic (empty unless the path walks)
  bool walks() const { return path == Path::Miss || path == Path::DirtyRewalk; }
};

struct MmuCounters {
  uint64_t hits = 0, misses = 0, walks = 0;
};

class MmuModel {
 public:
  MmuModel(Build build, unsigned tlb_entries) : build_(build), tlb_(build, tlb_entries) {}

  // Translate one request under `csrs`; `mem` is the PTW's view of physical memory.
  Outcome translate(const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem);
  SfenceEffect sfence(const CsrView& csrs, const SfenceOp& op) { return tlb_.sfence(op, csrs.mode); }
  void reset();

  Build build() const { return build_; }
  const Tlb& tlb() const { return tlb_; }
  const MmuCounters& counters() const { return counters_; }

 private:
  Build build_;
  Tlb tlb_;
  MmuCounters counters_;
};

// Does this priv/mode pair translate at all?
constexpr bool translates(const CsrView& c) {
  return c.mode != Mode::Bare && (c.priv == Priv::U || c.priv == Priv::S);
}

}  // namespace mmu
