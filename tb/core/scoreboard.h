// The scoreboard: every cycle it checks the RTL's outputs against the golden model and the
// timing contract of DESIGN.md — when a response must come and what it says, the request
// and sfence ready signals, every PTW memory request in order (address, read or write,
// write data), and the performance counters. The first difference is kept as a Mismatch.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "dut.h"
#include "error_oracle.h"
#include "coverage.h"
#include "mmu_model.h"

namespace mmu::tb {

struct Mismatch {
  uint64_t cycle = 0;
  std::string what;      // which check
  std::string expected;
  std::string seen;
};

struct ScoreboardStats {
  uint64_t translations = 0, responses = 0, sfences = 0, mem_reads = 0, mem_writes = 0;
  std::array<uint64_t, 5> by_path{};   // indexed by Path
  std::array<uint64_t, 16> faults{};   // indexed by cause
};

// The RTL's answer to one request, as seen on the response port.
struct Response {
  Access access = Access::Load;
  uint64_t va = 0;
  bool fault = false;
  Cause cause = Cause::None;
  uint64_t paddr = 0;
  Path path = Path::Bare;
  int entry = -1;  // the model's TLB entry that answered or was refilled
};

class Scoreboard {
 public:
  Scoreboard(Build build, unsigned tlb_entries, const SparseMemory& mem, const ErrorOracle& oracle);

  // Check what the DUT presents at the coming edge `cycle`. False on the first mismatch.
  bool check(const DutInputs& in, const DutOutputs& out, uint64_t cycle);
  // Take the edge: record handshakes and predict newly accepted requests with the model.
  // Returns true if a response was consumed at this edge (see last_response()).
  bool edge(const DutInputs& in, const DutOutputs& out, const CsrView& csrs);
  // The DUT was reset at this edge: forget everything in flight, empty the model's TLB.
  void reset();
  // Sample functional coverage of every accepted request and sfence (nullptr: off).
  void set_coverage(Coverage* c) { cov_ = c; }

  bool walking() const { return walking_; }
  bool response_due() const { return due_.has_value(); }
  const Response& last_response() const { return last_; }
  const std::optional<Mismatch>& mismatch() const { return mismatch_; }
  const ScoreboardStats& stats() const { return stats_; }
  const MmuModel& model() const { return model_; }
  uint64_t walk_cycles() const { return walk_cycles_; }

 private:
  bool fail(uint64_t cycle, std::string what, std::string expected, std::string seen);
  void finish_walk_step();
  std::string describe_request() const;

  Build build_;
  unsigned pte_bytes_;
  unsigned tlb_entries_;
  const SparseMemory& mem_;
  Coverage* cov_ = nullptr;
  MmuModel model_;
  PredictingMemory pmem_;

  std::optional<Response> due_;  // the response expected at the next edge
  bool walking_ = false;         // the PTW is busy: between acceptance of a walking request and its response
  bool awaiting_mem_ = false;    // a PTW memory request was accepted, its response is pending
  unsigned next_access_ = 0;     // index into walk_.accesses of the request to present/await
  Outcome walk_;
  Response walk_rsp_;            // the response the walk will end with
  uint64_t walk_cycles_ = 0;     // edges at which the PTW was busy

  Response last_;
  ScoreboardStats stats_;
  std::optional<Mismatch> mismatch_;
};

std::string describe(const Response& r);

}  // namespace mmu::tb
