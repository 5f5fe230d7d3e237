// The checking core's clock: each cycle() lets the stimulus act, drives the DUT's inputs
// (CSR view, request and sfence slots, memory port), checks its outputs in the
// scoreboard, and takes the rising edge. Plain C++: SystemC or a bare loop calls cycle().
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dut.h"
#include "error_oracle.h"
#include "mem_port.h"
#include "scoreboard.h"

namespace mmu::tb {

class Bench;

// What drives the bench: called at the start of every cycle, told of every response.
class Stimulus {
 public:
  virtual ~Stimulus() = default;
  virtual void step(Bench& bench) = 0;
  virtual void on_response(Bench&, const Response&) {}
  virtual bool done(const Bench&) const { return false; }
};

struct BenchConfig {
  Build build = Build::Rv64;
  unsigned tlb_entries = 16;
  MmuConfig mmu;              // the structures' sizes (mmu.l1_entries == tlb_entries)
  uint64_t seed = 1;
  MemTiming timing;
  double error_rate = 0;      // random bus errors per PTW access
  uint64_t watchdog = 10000;  // cycles without progress while something is in flight
  unsigned reset_cycles = 2;
};

class Bench {
 public:
  Bench(Dut& dut, const BenchConfig& cfg);

  // One clock cycle. False once the run has failed (mismatch or watchdog).
  bool cycle();

  // The request slots (one per port) and the sfence slot: offered until accepted by the
  // DUT. A request carries the privilege csrs.priv holds when it is offered, and the next
  // request ID. Without a port, a fetch goes to the instruction port and the rest to the
  // data port, as a core sends them.
  void offer_request(Port port, Access acc, uint64_t va);
  void offer_request(Access acc, uint64_t va) { offer_request(port_of(acc), acc, va); }
  void offer_sfence(const SfenceOp& op);
  bool request_offered(Port port) const { return in_.port[index(port)].valid; }
  bool request_offered() const { return in_.port[0].valid || in_.port[1].valid; }
  bool sfence_offered() const { return in_.sfence_valid; }
  // Raise the port's kill for the coming edge only (a pipeline flush of that port).
  void kill(Port port) { in_.port[index(port)].kill = true; }
  // A flush of the port whose translation the walker has (the data port when idle).
  void kill() { kill(sb_.walking() ? sb_.walker_owner() : Port::Data); }
  // A second agent's store right after the walker's next read of `pa` (one-shot).
  void arm_race(uint64_t pa, uint64_t value) { port_.arm_race(pa, value); }
  // The PTE the walker read last (an agent may edit it before its A/D update).
  std::optional<uint64_t> last_pte_read() const { return port_.last_read(); }
  // The walker is busy (walking, or draining after a kill).
  bool walking() const { return sb_.walking(); }
  // Nothing in flight: no walk, no offered request or sfence, no response due.
  bool quiet() const {
    return !sb_.walking() && !request_offered() && !in_.sfence_valid && !sb_.response_due() &&
           !sb_.port_waiting(Port::Data) && !sb_.port_waiting(Port::Fetch);
  }
  // The edge at which the last request was accepted.
  uint64_t last_accept() const { return last_accept_; }
  // Hold reset for `cycles` cycles starting with the next one (the DUT and the bench's
  // view of it start again; memory contents stay).
  void assert_reset(unsigned cycles) { reset_left_ = cycles; }

  void set_stimulus(Stimulus* s) { stim_ = s; }
  // Functional coverage: the scoreboard samples requests and sfences, the bench timing.
  void enable_coverage(Coverage* c) {
    cov_ = c;
    sb_.set_coverage(c);
  }
  // Write the model's explanation of every translation to `out` (nullptr: off).
  void set_explain(std::ostream* out) {
    explain_ = out;
    sb_.set_explain(out);
  }
  std::ostream* explain() const { return explain_; }
  // Record every accepted request (kind, VA), for replay by other simulators.
  void record_requests(std::vector<std::pair<uint8_t, uint64_t>>* log) { record_ = log; }
  CsrView csrs;  // the CSR view driven every cycle; may change at any cycle

  SparseMemory& mem() { return mem_; }
  ErrorOracle& oracle() { return oracle_; }
  const Scoreboard& scoreboard() const { return sb_; }
  const BenchConfig& config() const { return cfg_; }
  uint64_t cycles() const { return cycle_; }
  uint64_t resets() const { return resets_; }
  bool failed() const { return failure_.has_value(); }
  const std::optional<Mismatch>& failure() const { return failure_; }
  const DutOutputs& outputs() const { return out_; }

 private:
  void drive_csrs();
  void sample_timing(bool resetting);

  Dut& dut_;
  BenchConfig cfg_;
  SparseMemory mem_;
  ErrorOracle oracle_;
  MemPort port_;
  Scoreboard sb_;
  Stimulus* stim_ = nullptr;
  Coverage* cov_ = nullptr;
  std::ostream* explain_ = nullptr;
  bool last_was_hit_ = false;
  bool prev_sfence_ = false;  // an sfence was taken at the previous edge (coverage)
  std::vector<std::pair<uint8_t, uint64_t>>* record_ = nullptr;
  DutInputs in_;
  DutOutputs out_;
  uint64_t cycle_ = 0, last_progress_ = 0, resets_ = 0, last_accept_ = 0;
  uint32_t next_id_ = 0;
  unsigned reset_left_ = 0;
  bool in_reset_ = false;
  unsigned assertions_ = 0;  // assertion failures seen before the run
  CsrView prev_csrs_;        // the CSR view of the previous cycle (coverage)
  std::optional<Mismatch> failure_;
};

// The request ID width every compiled RTL variant has (its IdBits parameter).
constexpr unsigned kIdBits = 4;

// satp.MODE as the RTL's satp_mode_i port encodes it.
constexpr uint8_t satp_mode_bits(Mode m) {
  return m == Mode::Sv32 ? 1 : m == Mode::Sv39 ? 8 : m == Mode::Sv48 ? 9 : m == Mode::Sv57 ? 10 : 0;
}

}  // namespace mmu::tb
