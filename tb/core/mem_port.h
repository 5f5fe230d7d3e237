// The memory on the RTL's PTW port: one outstanding request, a latency fixed or random in
// a range, random back-pressure, and bus errors from the shared ErrorOracle. It serves
// the same physical memory the model reads. A/D updates are atomic compare-and-swaps,
// performed when the request is accepted. Another agent may change PTEs between the
// walker's accesses: a directed one-shot Race (scenario `race`), or the random PteAgent.
#pragma once

#include <cstdint>
#include <optional>

#include "dut.h"
#include "error_oracle.h"
#include "memory.h"
#include "race.h"
#include "rng.h"

namespace mmu::tb {

struct MemTiming {
  unsigned latency_min = 1, latency_max = 1;  // edges from acceptance to response (>= 1)
  double backpressure = 0;                    // chance that ready is low in a free cycle
};

class MemPort {
 public:
  MemPort(SparseMemory& mem, const ErrorOracle& oracle, unsigned pte_bytes, const MemTiming& timing, uint64_t seed)
      : mem_(mem), oracle_(oracle), pte_bytes_(pte_bytes), timing_(timing), rng_(seed) {}

  // Drive ready and the response for the coming edge.
  void drive(DutInputs& in) {
    in.mem_req_ready = !busy_ && !rng_.chance(timing_.backpressure);
    in.mem_rsp_valid = busy_ && countdown_ == 0;
    in.mem_rsp_rdata = in.mem_rsp_valid ? rdata_ : 0;
    in.mem_rsp_err = in.mem_rsp_valid && err_;
    in.mem_rsp_cas_ok = in.mem_rsp_valid && cas_ok_;
  }

  // Take the edge: a response presented is consumed; an accepted request is performed
  // now and answered `latency` edges later. Returns true if a request was accepted.
  bool edge(const DutInputs& in, const DutOutputs& out) {
    if (in.mem_rsp_valid) busy_ = false;
    else if (busy_ && countdown_ > 0) --countdown_;
    if (!(out.mem_req_valid && in.mem_req_ready)) return false;
    err_ = oracle_.fails(mem_, out.mem_req_addr, pte_bytes_, count_++);
    rdata_ = 0;
    cas_ok_ = false;
    if (!err_ && out.mem_req_we) {
      // Compare-and-swap: write only if memory still holds what the walker read.
      cas_ok_ = mem_.peek(out.mem_req_addr, pte_bytes_) == out.mem_req_cmp;
      if (cas_ok_) mem_.poke(out.mem_req_addr, pte_bytes_, out.mem_req_wdata);
      else ++cas_failed_;
    }
    if (!err_ && !out.mem_req_we) {
      rdata_ = mem_.peek(out.mem_req_addr, pte_bytes_);
      last_read_ = out.mem_req_addr;
      race_.after_read(mem_, out.mem_req_addr, pte_bytes_);
    }
    busy_ = true;
    countdown_ = static_cast<unsigned>(rng_.range(timing_.latency_min, timing_.latency_max)) - 1;
    latency_ = countdown_ + 1;
    ++accepted_;
    return true;
  }

  void reset() {
    busy_ = false;
    count_ = 0;
  }
  void arm_race(uint64_t pa, uint64_t value) { race_ = Race{pa, value, true}; }
  uint64_t accepted() const { return accepted_; }
  uint64_t cas_failed() const { return cas_failed_; }
  unsigned latency() const { return latency_; }  // of the request outstanding or last answered
  bool busy() const { return busy_; }
  // The PTE most recently read (the walker may update it next), if any.
  std::optional<uint64_t> last_read() const { return last_read_; }

 private:
  SparseMemory& mem_;
  const ErrorOracle& oracle_;
  unsigned pte_bytes_;
  MemTiming timing_;
  Rng rng_;
  Race race_;
  bool busy_ = false, err_ = false, cas_ok_ = false;
  unsigned countdown_ = 0, latency_ = 0;
  uint64_t rdata_ = 0, count_ = 0, accepted_ = 0, cas_failed_ = 0;
  std::optional<uint64_t> last_read_;
};

}  // namespace mmu::tb
