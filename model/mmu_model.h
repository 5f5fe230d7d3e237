// The golden MMU: a TLB in front of the walk, with the policies of DESIGN.md. For every
// request it predicts what the RTL must answer, how (hit, walk, ...) and the exact PTW
// memory traffic.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "l2_tlb.h"
#include "memory.h"
#include "tlb.h"
#include "walk.h"
#include "walk_cache.h"

namespace mmu {

// How a request is answered; decides its latency and whether it touches memory.
enum class Path : uint8_t {
  Bare,          // Bare mode or M-mode: no translation, latency 1
  NonCanonical,  // Sv39/Sv48 VA with bad upper bits: page fault, latency 1
  Hit,           // answered by an L1 TLB entry (translation or fault), latency 1
  Miss,          // no L1 or L2 entry: walk
  DirtyRewalk,   // Svadu: the L1 or L2 entry had A=0 or a store found D=0; dropped, walk
  L2Hit,         // L1 miss answered by an L2 entry (translation or fault), latency 2
};
constexpr unsigned kPaths = 6;

const char* to_string(Path p);

// The translation ports (DESIGN.md, "Two ports"), each with its own L1 TLB: the data port
// takes every kind of access (a core with one port uses it alone), the instruction port
// fetches only. They share the L2 TLB, the walk cache and the walker.
enum class Port : uint8_t { Data, Fetch };
constexpr unsigned kPorts = 2;
constexpr unsigned index(Port p) { return static_cast<unsigned>(p); }
const char* to_string(Port p);
// The port a core sends an access to: fetches to the instruction port, the rest to the
// data port.
constexpr Port port_of(Access a) { return a == Access::Fetch ? Port::Fetch : Port::Data; }

struct Outcome {
  Port port = Port::Data;
  Path path = Path::Bare;
  bool fault = false;
  Cause cause = Cause::None;
  uint64_t paddr = 0;       // 0 when fault
  int entry = -1;           // L1 hit entry, or L1 entry refilled after an L2 hit or walk (-1: none)
  int matched = -1;         // the entry the lookup matched: the hit, or the one a Svadu
                            // re-walk dropped (-1: none)
  bool replaced = false;    // the refill evicted a valid entry (the PLRU victim)
  bool fill_cancelled = false;  // a successful walk did not refill: an sfence came
  unsigned restarts = 0;    // A/D updates that found the PTE changed
  WalkStop stop = WalkStop::Ok;  // why a walk or a TLB check stopped
  unsigned stop_level = 0;
  AccessLog accesses;       // PTW traffic (empty unless the path walks)
  std::optional<L2Slot> l2;     // the L2 entry that answered (L2Hit) or was dropped (re-walk)
  int walk_cache_level = -1;    // the level the walk started at from a cached pointer (-1: root)
  unsigned walk_cache_fills = 0;  // pointers the walk put in the walk cache
  // The PMP check that decided: of the translated PA (entry -1 and allowed when none was
  // made: a fault came first), or of the PTE access that stopped the walk (stop PmpPte).
  PmpResult pmp;
  // Past the L1: answered one edge later by the L2, or by a walk.
  bool walks() const { return path == Path::Miss || path == Path::DirtyRewalk || path == Path::L2Hit; }
  // Answered by a page-table walk (not by a TLB).
  bool walked() const { return path == Path::Miss || path == Path::DirtyRewalk; }
};

// One port's counters (the RTL's perf_*_o of that port): its L1's hits and misses, and
// what the shared structures did for its translations.
struct MmuCounters {
  uint64_t hits = 0, misses = 0, walks = 0, l2_hits = 0, walk_cache_hits = 0;
};

// The structures' sizes (the RTL's parameters of the same names in DESIGN.md).
struct MmuConfig {
  unsigned l1_entries = 16;  // TlbEntries: the data port's L1, a power of two, 4..128
  unsigned l1i_entries = 16; // ITlbEntries: the instruction port's L1, the same range
  L2Geometry l2;             // L2Sets x L2Ways 4 KiB array + L2SuperEntries
  unsigned walk_cache = 8;   // WalkCacheEntries: a power of two 2..64, or 0 (none)
};

// An L1 of `entries` alone, with no L2 TLB and no walk cache: tests of the L1's own
// policy, and the "without" side of the benchmarks.
inline MmuConfig l1_only(unsigned entries) {
  MmuConfig c;
  c.l1_entries = entries;
  c.l1i_entries = entries;
  c.l2.ways = 0;
  c.walk_cache = 0;
  return c;
}

// The MMU as the RTL is: two ports with their own L1s, one walker for both. A port's L1
// miss waits for the walker (at most one per port: a port takes no request while its own
// miss is unanswered); arbitrate() starts one at each edge the walker is free, round-robin
// when both wait. The walk is driven access by access through walker() by whoever plays
// the memory; sfences and kills may come at any edge.
class MmuModel {
 public:
  MmuModel(Build build, const MmuConfig& cfg)
      : build_(build),
        cfg_(cfg),
        tlb_{Tlb(build, cfg.l1_entries), Tlb(build, cfg.l1i_entries)},
        l2_(build, cfg.l2),
        pwc_(build, cfg.walk_cache) {}
  // A model whose data-port L1 and shared structures start as these (explanations replay a
  // translation on a copy, whichever port it came from: the ports' L1s follow one policy).
  MmuModel(const Tlb& tlb, const L2Tlb& l2, const WalkCache& pwc, const MmuConfig& cfg)
      : build_(tlb.build()), cfg_(cfg), tlb_{tlb, Tlb(tlb.build(), cfg.l1i_entries)}, l2_(l2), pwc_(pwc) {}

  // Tell `obs` of every step of the lookups and walks that start from now on (nullptr:
  // nobody, the default). See observer.h.
  void set_observer(Observer* obs) { obs_ = obs; }

  // The PMP view of the current edge (DESIGN.md "PMP"): every PMP check uses the view of
  // the edge its result is registered at. lookup() takes its request's view (csrs.pmp) as
  // the view of now; a driver stepping the walker edge by edge sets the view of each edge
  // before second_level() and respond().
  void set_pmp(const PmpConfig& p) { pmp_ = p; }
  const PmpConfig& pmp() const { return pmp_; }

  // A request accepted by `port` under `csrs` (csrs.priv: the request's privilege).
  // Answers Bare/M-mode, non-canonical VAs and L1 hits at once; an L1 miss or dirty
  // re-walk (path Miss/DirtyRewalk) captures the CSR view and waits for the walker
  // (arbitrate()). The port must be free (port_busy() false).
  Outcome lookup(Port port, const CsrView& csrs, Access acc, uint64_t va);
  Outcome lookup(const CsrView& csrs, Access acc, uint64_t va) { return lookup(Port::Data, csrs, acc, va); }
  // The port has a translation past its L1 (waiting for the walker, or the walker's).
  bool port_busy(Port port) const { return waiting_[index(port)].has_value() || (in_flight() && owner_ == port); }
  bool waiting(Port port) const { return waiting_[index(port)].has_value(); }
  // An edge at which the walker was free (and stays so: the caller knows it is not
  // draining a killed walk): start a waiting translation, the L2 lookup at the next edge.
  // Both waiting: the port not granted last goes first (round-robin); the data port
  // goes first after a reset. Returns the port started.
  std::optional<Port> arbitrate();
  // The port whose translation the walker has (meaningful while in_flight()).
  Port owner() const { return owner_; }
  // The edge after arbitrate() started a translation: the L2 lookup; when it misses (or
  // drops a dirty entry), the walk starts from the walk cache's deepest pointer, else
  // the root.
  void second_level();
  bool second_level_pending() const { return pending_level2_; }
  // The outcome so far of the walker's translation (after second_level(): its L2 slot).
  const Outcome& pending() const { return pending_; }
  // The walker has a translation not yet answered (second level pending, or walking).
  bool in_flight() const { return pending_level2_ || l2_answered_ || walker_.has_value(); }
  bool walking() const { return walker_.has_value(); }
  Walker& walker() { return walker_.value(); }
  const Walker& walker() const { return walker_.value(); }
  // The memory's answer to walker().op(); a pointer the walk follows goes into the walk
  // cache (unless an sfence came), and a restart looks the walk cache up again.
  void respond(uint64_t rdata, bool swapped, bool err);
  // The walker's translation has its answer: the L2 answered, or the walk is done.
  bool answer_ready() const { return l2_answered_ || (walker_ && walker_->done()); }
  // Its answer (answer_ready()). A translation refills the owner's L1 (and, from a
  // walk, the L2) unless an sfence came since the request was accepted.
  Outcome finish_walk();
  // A pipeline flush of `port`: its translation past the L1 (waiting, or the walker's)
  // ends with no answer and no refill. kill_walk() kills the walker's translation.
  void kill(Port port);
  void kill_walk();
  // sfence.vma; `csrs.mode` decides whether op.va is a valid VA. Flushes both L1s, the L2
  // and the walk cache, and cancels the refills of every translation past its L1
  // (DESIGN.md: any sfence that is not a no-op does).
  SfenceEffect sfence(const CsrView& csrs, const SfenceOp& op);

  // lookup() and, past the L1, the L2 lookup and every access answered by `mem` at once
  // (nothing else may be in flight).
  Outcome translate(Port port, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem);
  Outcome translate(const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem) {
    return translate(Port::Data, csrs, acc, va, mem);
  }
  void reset();

  Build build() const { return build_; }
  const MmuConfig& config() const { return cfg_; }
  const Tlb& tlb(Port port = Port::Data) const { return tlb_[index(port)]; }
  const L2Tlb& l2() const { return l2_; }
  const WalkCache& walk_cache() const { return pwc_; }
  const MmuCounters& counters(Port port = Port::Data) const { return counters_[index(port)]; }

 private:
  // A translation past its L1, waiting for the walker or the walker's.
  struct Request {
    Outcome outcome;     // so far
    CsrView snapshot;    // the CSR view of its acceptance edge (ASID masked)
    Access acc = Access::Load;
    uint64_t va = 0;
    bool fill_cancelled = false;  // an sfence came since its acceptance
  };

  void start_walk();
  // The translated PA `o.paddr` of a request of `priv`/`acc` against the PMP view of now:
  // a 1-byte access (DESIGN.md "PMP"). Denied: access fault, no PA, stop PmpPa.
  void check_pmp(Outcome& o, Priv priv, Access acc);
  std::optional<WalkStart> walk_cache_start();

  Build build_;
  MmuConfig cfg_;
  std::array<Tlb, kPorts> tlb_;
  L2Tlb l2_;
  WalkCache pwc_;
  std::array<MmuCounters, kPorts> counters_;
  std::array<std::optional<Request>, kPorts> waiting_;
  Port owner_ = Port::Data;       // the walker's translation's port
  Port favoured_ = Port::Data;    // goes first when both ports wait
  std::optional<Walker> walker_;
  Outcome pending_;          // the outcome so far of the walker's translation
  CsrView snapshot_;         // ... its CSR view (ASID masked)
  Access acc_ = Access::Load;
  uint64_t va_ = 0;
  bool pending_level2_ = false;  // second_level() is due
  bool l2_answered_ = false;     // the L2 answered it
  bool fill_cancelled_ = false;
  bool restarting_ = false;      // the walker exists: a walk-cache start is a restart's
  Observer* obs_ = nullptr;
  PmpConfig pmp_;            // the PMP view of the current edge
};

// The PMP access kind of a request: a fetch executes, a load reads, a store writes, an
// AMO reads and writes.
constexpr PmpAccess pmp_access(Access a) {
  return a == Access::Fetch ? PmpAccess::Exec
         : a == Access::Load ? PmpAccess::Read
         : a == Access::Store ? PmpAccess::Write
                              : PmpAccess::ReadWrite;
}

// A translation (not a fault) whose response PMP turned into an access fault: the TLBs
// are refilled as without PMP (nothing caches a PMP result).
constexpr bool pmp_denied(const Outcome& o) { return o.fault && o.stop == WalkStop::PmpPa; }

// Does this priv/mode pair translate at all?
constexpr bool translates(const CsrView& c) {
  return c.mode != Mode::Bare && (c.priv == Priv::U || c.priv == Priv::S);
}

}  // namespace mmu
