// A scenario played on the RTL in lock step with the model: each access is offered to the
// DUT and clocked until its response (or its kill), with its timed directives applied at
// their edges, while the scoreboard checks every cycle.
#pragma once

#include "bench.h"
#include "clock.h"
#include "scenario.h"

namespace mmu::tb {

class RtlTarget : public ScenarioTarget {
 public:
  RtlTarget(Bench& bench, Clock& clock) : bench_(bench), clock_(clock) {}
  Answer access(const CsrView& csrs, Access acc, uint64_t va, const std::vector<Directive>& events) override;
  void sfence(const CsrView& csrs, const SfenceOp& op) override;
  void poke(uint64_t pa, uint64_t value) override;
  uint64_t peek(uint64_t pa) override;
  void bus_error(uint64_t pa) override;
  void race(uint64_t pa, uint64_t value) override;
  bool healthy() const override { return !bench_.failed(); }

 private:
  void settle();  // clock until nothing is in flight
  void clock_until(uint64_t edge);  // clock until the next cycle's edge is `edge`
  unsigned pte_bytes() const { return build_info(bench_.config().build).pte_bytes; }
  Bench& bench_;
  Clock& clock_;
};

}  // namespace mmu::tb
