// The scoreboard: every cycle it checks the RTL's outputs against the golden model and the
// timing contract of DESIGN.md — when a response must come and what it says (ID
// included), the request and sfence ready signals, every PTW memory request in order
// (address, read or compare-and-swap, compare and write data), and the performance
// counters. The model's walker is driven access by access with the answers the memory
// actually gave, so PTE edits by other agents, kills, sfences and CSR changes during a
// walk are all predicted. The first difference is kept as a Mismatch.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "coverage.h"
#include "dut.h"
#include "explain.h"
#include "mmu_model.h"

namespace mmu::tb {

struct Mismatch {
  uint64_t cycle = 0;
  std::string what;      // which check
  std::string expected;
  std::string seen;
  std::string explanation;  // the model's explanation of the last request accepted
};

// One port's share of the work.
struct PortStats {
  uint64_t translations = 0, hits = 0, l2_hits = 0, walks = 0, walk_cache_starts = 0, mem_reads = 0;
  uint64_t miss_responses = 0, miss_latency = 0;  // answers past the L1, and their cycles in all
  uint64_t waits = 0, wait_edges = 0, max_wait = 0;  // L1 misses that waited for the walker, edges
};

struct ScoreboardStats {
  uint64_t translations = 0, responses = 0, sfences = 0, mem_reads = 0, mem_writes = 0;
  uint64_t kills = 0, restarts = 0, cancelled_fills = 0, drains = 0, walks_started = 0;
  uint64_t l2_hits = 0, walk_cache_starts = 0, walk_cache_fills = 0;
  uint64_t miss_responses = 0, miss_latency = 0;  // answers past the L1, and their cycles in all
  std::array<uint64_t, kPaths> by_path{};  // indexed by Path
  std::array<uint64_t, 16> faults{};   // indexed by cause
  uint64_t conflicts = 0;     // edges at which both ports' L1 misses wanted the free walker
  uint64_t both_responses = 0;  // edges at which both ports answered
  std::array<PortStats, kPorts> port{};  // indexed by Port
};

// The RTL's answer to one request, as seen on the response port.
struct Response {
  Port port = Port::Data;
  Access access = Access::Load;
  uint64_t va = 0;
  uint32_t id = 0;
  bool fault = false;
  Cause cause = Cause::None;
  uint64_t paddr = 0;
  Path path = Path::Bare;
  int entry = -1;  // the model's L1 entry that answered or was refilled
  uint64_t accepted = 0;  // the cycle it was accepted
  Pbmt pbmt = Pbmt::Pma;  // Svpbmt memory type of a translation (rsp_pbmt_o)
};

class Scoreboard {
 public:
  Scoreboard(Build build, const MmuConfig& cfg, const SparseMemory& mem);

  // Check what the DUT presents at the coming edge `cycle`. False on the first mismatch.
  bool check(const DutInputs& in, const DutOutputs& out, uint64_t cycle);
  // Take the edge: record handshakes, predict newly accepted requests with the model,
  // drive its walker with the memory's answers. Returns true if a response was consumed
  // at this edge (see responses(): one per port at most).
  bool edge(const DutInputs& in, const DutOutputs& out, const CsrView& csrs);
  const std::vector<Response>& responses() const { return responded_; }
  // The last response taken (either port).
  const Response& last_response() const { return last_; }
  // The DUT was reset at this edge: forget everything in flight, empty the model's TLB.
  void reset();
  // Sample functional coverage of every accepted request and sfence (nullptr: off).
  void set_coverage(Coverage* c) { cov_ = c; }
  // Write the model's explanation of every translation to `out` when it is answered or
  // killed (nullptr: off, the default).
  void set_explain(std::ostream* out) { explain_ = out; }
  // The model's explanation of the last request accepted (in flight or answered), with
  // its cycle and ID; "" before the first.
  std::string explain_last() const;

  // The walker is busy: walking, or draining the response of a killed walk.
  bool walking() const { return ptw_ != Ptw::Idle; }
  // The port has a translation past its L1: waiting for the walker, or the walker's.
  bool port_busy(Port p) const { return ports_[index(p)].waiting.has_value() || (ptw_ != Ptw::Idle && owner_ == p); }
  bool port_waiting(Port p) const { return ports_[index(p)].waiting.has_value(); }
  Port walker_owner() const { return owner_; }
  bool draining() const { return ptw_ == Ptw::Drain; }
  bool response_due() const { return ports_[0].due.has_value() || ports_[1].due.has_value(); }
  // What the walker is doing, as the contract sees it (coverage): "idle", "presenting a
  // PTE read", "presenting the A/D update", "awaiting a PTE read", "awaiting the A/D
  // update", "draining a killed walk".
  const char* phase() const;
  bool presenting() const { return ptw_ == Ptw::Present; }
  const std::optional<Mismatch>& mismatch() const { return mismatch_; }
  const ScoreboardStats& stats() const { return stats_; }
  const MmuModel& model() const { return model_; }
  uint64_t walk_cycles(Port p) const { return ports_[index(p)].walk_cycles; }

 private:
  // The walker as the contract sees it: idle, in the L2 lookup cycle after an L1 miss,
  // presenting a request, awaiting its response, or draining a response after a kill.
  enum class Ptw : uint8_t { Idle, Lookup, Present, Await, Drain };

  // What the scoreboard keeps per port.
  struct PortState {
    std::optional<Response> due;      // the response expected at the next edge
    std::optional<Response> waiting;  // an L1 miss waiting for the walker
    CsrView waiting_csrs;             // ... its CSR view
    uint64_t walk_cycles = 0;         // edges at which the walker was busy for this port
    std::vector<Mode> fill_mode;      // the satp.MODE each L1 entry was filled under (coverage)
    // The port's last request accepted, kept as plain values so that it can be explained
    // on demand: on a mismatch, or for each translation with set_explain().
    TranslationRecord record;
    bool recorded = false;
    uint32_t record_id = 0;
    uint64_t record_cycle = 0;
  };

  bool fail(uint64_t cycle, std::string what, std::string expected, std::string seen);
  bool check_port(Port p, const DutOutputs& out, uint64_t cycle);
  void accept(Port p, const DutInputs& in, const CsrView& csrs);
  void start(Port p);
  void advance_walk(const DutInputs& in, const DutOutputs& out);
  void kill_walk(const DutInputs& in, const DutOutputs& out);
  void finish_walk();
  void second_level();
  void after_second_level();
  void sample(const CsrView& csrs, Access acc, uint64_t va, const Outcome& o);
  void emit_explanation(Port p) const;
  std::string explain_port(Port p) const;

  Build build_;
  unsigned pte_bytes_;
  MmuConfig cfg_;
  const SparseMemory& mem_;
  Coverage* cov_ = nullptr;
  MmuModel model_;
  std::array<PortState, kPorts> ports_;
  Port last_port_ = Port::Data;  // the port of the last request accepted

  Ptw ptw_ = Ptw::Idle;
  Port owner_ = Port::Data;      // the port whose translation the walker has
  Response walk_rsp_;            // the request being walked
  CsrView walk_csrs_;            // ... and the CSR view it started with
  std::vector<Response> responded_;  // the responses taken at the last edge
  Response last_;

  uint64_t now_ = 0;  // the cycle being checked
  std::ostream* explain_ = nullptr;

  ScoreboardStats stats_;
  std::optional<Mismatch> mismatch_;
};

std::string describe(const Response& r);

}  // namespace mmu::tb
