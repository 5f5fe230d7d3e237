#include "rtl_target.h"

namespace mmu::tb {

namespace {
constexpr uint64_t kMaxCycles = uint64_t{1} << 40;  // the bench's watchdog ends a hang first
}

void RtlTarget::settle() {
  if (!bench_.quiet()) clock_.run(bench_, kMaxCycles, [this] { return bench_.quiet(); });
}

ScenarioTarget::Answer RtlTarget::access(const CsrView& csrs, Access acc, uint64_t va) {
  settle();
  bench_.csrs = csrs;
  const uint64_t before = bench_.scoreboard().stats().responses;
  bench_.offer_request(acc, va);
  clock_.run(bench_, kMaxCycles, [&] { return bench_.scoreboard().stats().responses > before; });
  const Response& r = bench_.scoreboard().last_response();
  return {r.fault, r.cause, r.paddr};
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

}  // namespace mmu::tb
