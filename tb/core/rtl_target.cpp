#include "rtl_target.h"

#include <algorithm>

namespace mmu::tb {

namespace {
constexpr uint64_t kMaxCycles = uint64_t{1} << 40;  // the bench's watchdog ends a hang first
}

void RtlTarget::settle() {
  if (!bench_.quiet()) clock_.run(bench_, kMaxCycles, [this] { return bench_.quiet(); });
}

void RtlTarget::clock_until(uint64_t edge) {
  if (bench_.cycles() < edge) clock_.run(bench_, edge - bench_.cycles(), [] { return false; });
}

ScenarioTarget::Answer RtlTarget::access(const CsrView& csrs, Access acc, uint64_t va,
                                         const std::vector<Directive>& events) {
  settle();
  bench_.csrs = csrs;
  const ScoreboardStats before = bench_.scoreboard().stats();
  bench_.offer_request(acc, va);
  clock_.run(bench_, kMaxCycles, [this] { return !bench_.request_offered(); });
  const uint64_t t = bench_.last_accept();

  // Timed directives: each acts in the cycle whose rising edge is t+N.
  std::vector<const Directive*> order;
  for (const Directive& e : events) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Directive* a, const Directive* b) { return a->at < b->at; });
  Answer ans;
  for (const Directive* e : order) {
    clock_until(t + e->at);
    if (bench_.failed()) return ans;
    if (apply_csr(*e, bench_.csrs)) continue;
    if (e->op == Op::Mem) {
      bench_.mem().poke(e->a, pte_bytes(), e->b);
    } else if (e->op == Op::Sfence) {
      bench_.offer_sfence(e->sfence);
    } else if (e->op == Op::Kill) {
      const bool walking = bench_.scoreboard().walking() && !bench_.scoreboard().draining();
      if (!walking && ans.error.empty()) {
        ans.error = "at " + std::to_string(e->at) + " kill: nothing to kill at that edge (" +
                    (bench_.scoreboard().stats().walks_started > before.walks_started ? "the walk has ended"
                                                                                     : "the access does not walk") +
                    ")";
        ans.error_line = e->line;
      }
      bench_.kill(port_of(acc));
    }
  }
  settle();
  const ScoreboardStats& after = bench_.scoreboard().stats();
  if (after.kills > before.kills && after.responses == before.responses) {
    ans.killed = true;
    return ans;
  }
  const Response& r = bench_.scoreboard().last_response();
  ans.fault = r.fault;
  ans.cause = r.cause;
  ans.paddr = r.paddr;
  ans.pbmt = r.pbmt;
  return ans;
}

void RtlTarget::sfence(const CsrView& csrs, const SfenceOp& op) {
  settle();
  bench_.csrs = csrs;
  bench_.offer_sfence(op);
  clock_.run(bench_, kMaxCycles, [this] { return !bench_.sfence_offered(); });
}

void RtlTarget::poke(uint64_t pa, uint64_t value) {
  settle();
  bench_.mem().poke(pa, pte_bytes(), value);
}

uint64_t RtlTarget::peek(uint64_t pa) {
  settle();
  return bench_.mem().peek(pa, pte_bytes());
}

void RtlTarget::bus_error(uint64_t pa) {
  settle();
  bench_.mem().add_bus_error(pa, pte_bytes());
}

void RtlTarget::race(uint64_t pa, uint64_t value) {
  settle();
  bench_.arm_race(pa, value);
}

}  // namespace mmu::tb
