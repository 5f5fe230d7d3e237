// The two translation ports of the model (DESIGN.md, "Two ports"): their own L1s, one
// walker shared through a round-robin arbiter, a waiting miss that keeps the CSR view of
// its acceptance edge, and sfences and kills against a waiting miss.
#include "fixture.h"

using namespace mmutest;

namespace {

// The walker's translation answered by `mem` (after arbitrate()).
Outcome run_started(MmuModel& m, World& w) {
  m.second_level();
  if (m.walking()) run_walker(m.walker(), w.mem, w.bi.pte_bytes);
  return m.finish_walk();
}

constexpr uint64_t kPage = 0x1000;

}  // namespace

TEST_CASE("ports: each port has its own L1; a page walked by one port reaches the other through the L2",
          "[ports]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kX | kA | kD));
  MmuModel m(w.build, MmuConfig{});
  REQUIRE(m.lookup(Port::Data, w.csrs, Access::Load, va).path == Path::Miss);
  REQUIRE(m.arbitrate() == Port::Data);
  const Outcome walked = run_started(m, w);
  REQUIRE(walked.path == Path::Miss);
  CHECK(walked.port == Port::Data);
  CHECK(m.tlb(Port::Data).lookup(va, w.csrs.asid).has_value());
  CHECK_FALSE(m.tlb(Port::Fetch).lookup(va, w.csrs.asid).has_value());  // refills the owner's L1 only
  // A fetch of the same page misses its own L1 and is answered by the L2, which refills
  // the instruction port's L1; its counters are its own.
  REQUIRE(m.lookup(Port::Fetch, w.csrs, Access::Fetch, va).path == Path::Miss);
  REQUIRE(m.arbitrate() == Port::Fetch);
  const Outcome from_l2 = run_started(m, w);
  CHECK(from_l2.path == Path::L2Hit);
  CHECK(from_l2.paddr == walked.paddr);
  CHECK(m.lookup(Port::Fetch, w.csrs, Access::Fetch, va).path == Path::Hit);
  CHECK(m.counters(Port::Data).walks == 1);
  CHECK(m.counters(Port::Data).l2_hits == 0);
  CHECK(m.counters(Port::Fetch).walks == 0);
  CHECK(m.counters(Port::Fetch).l2_hits == 1);
  CHECK(m.counters(Port::Fetch).hits == 1);
  CHECK(m.counters(Port::Fetch).misses == 1);
  // An sfence removes the page from both L1s.
  m.sfence(w.csrs, SfenceOp{va, std::nullopt});
  CHECK_FALSE(m.tlb(Port::Data).lookup(va, w.csrs.asid).has_value());
  CHECK_FALSE(m.tlb(Port::Fetch).lookup(va, w.csrs.asid).has_value());
}

TEST_CASE("ports: a hit on one port is answered while the other port's miss has the walker", "[ports]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kX | kA | kD));
  REQUIRE(w.pt.map(va + kPage, 0, data_ppn(Mode::Sv39, 0) + 1, kV | kR | kW | kX | kA | kD));
  MmuModel m(w.build, MmuConfig{});
  m.translate(Port::Fetch, w.csrs, Access::Fetch, va, w.mem);  // the fetch page is in the I L1
  REQUIRE(m.lookup(Port::Data, w.csrs, Access::Load, va + kPage).path == Path::Miss);
  REQUIRE(m.arbitrate() == Port::Data);
  m.second_level();
  REQUIRE(m.walking());
  CHECK(m.port_busy(Port::Data));
  CHECK_FALSE(m.port_busy(Port::Fetch));
  const Outcome hit = m.lookup(Port::Fetch, w.csrs, Access::Fetch, va);
  CHECK(hit.path == Path::Hit);
  CHECK(hit.port == Port::Fetch);
  run_walker(m.walker(), w.mem, w.bi.pte_bytes);
  CHECK(m.finish_walk().port == Port::Data);
}

TEST_CASE("arbiter: round-robin, the data port first after reset; a waiting miss waits one translation at most",
          "[ports][arbiter]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  for (unsigned i = 0; i < 4; ++i)
    REQUIRE(w.pt.map(va + i * kPage, 0, data_ppn(Mode::Sv39, 0) + i, kV | kR | kW | kX | kA | kD));
  MmuModel m(w.build, l1_only(16));
  // Both ports miss at one edge: the data port goes first after reset.
  m.lookup(Port::Data, w.csrs, Access::Load, va);
  m.lookup(Port::Fetch, w.csrs, Access::Fetch, va + kPage);
  CHECK(m.arbitrate() == Port::Data);
  CHECK(m.waiting(Port::Fetch));
  CHECK_FALSE(m.arbitrate().has_value());  // the walker is busy: nobody starts
  run_started(m, w);
  // The data port misses again as the walker frees: the waiting fetch goes first.
  m.lookup(Port::Data, w.csrs, Access::Load, va + 2 * kPage);
  CHECK(m.arbitrate() == Port::Fetch);
  run_started(m, w);
  CHECK(m.arbitrate() == Port::Data);
  run_started(m, w);
  // Both again: the fetch port's turn (the data port was granted last).
  m.lookup(Port::Data, w.csrs, Access::Load, va + 3 * kPage);
  m.lookup(Port::Fetch, w.csrs, Access::Fetch, va + 3 * kPage);
  CHECK(m.arbitrate() == Port::Fetch);
  run_started(m, w);
  CHECK(m.arbitrate() == Port::Data);
  run_started(m, w);
  // A reset makes the data port first again.
  m.reset();
  m.lookup(Port::Fetch, w.csrs, Access::Fetch, va);
  m.lookup(Port::Data, w.csrs, Access::Load, va);
  CHECK(m.arbitrate() == Port::Data);
}

TEST_CASE("arbiter: a waiting miss walks with the CSR view of its own acceptance edge", "[ports][arbiter][snapshot]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kX | kU | kA | kD));
  REQUIRE(w.pt.map(va + kPage, 0, data_ppn(Mode::Sv39, 0) + 1, kV | kR | kW | kX | kA | kD));
  MmuModel m(w.build, l1_only(16));
  // The data port misses under ASID 5 and SUM=1 (an S-mode load of a U page: allowed)...
  CsrView first = w.csrs;
  first.asid = 5;
  first.sum = true;
  m.lookup(Port::Data, first, Access::Load, va);
  REQUIRE(m.arbitrate() == Port::Data);
  // ... the CSRs change, and the fetch port misses under ASID 9 and SUM=0 while it waits.
  CsrView second = w.csrs;
  second.asid = 9;
  second.sum = false;
  m.lookup(Port::Fetch, second, Access::Fetch, va + kPage);
  const Outcome d = run_started(m, w);
  REQUIRE_FALSE(d.fault);
  CHECK(m.tlb(Port::Data).entry(static_cast<unsigned>(d.entry)).asid == 5);
  REQUIRE(m.arbitrate() == Port::Fetch);
  const Outcome f = run_started(m, w);
  REQUIRE_FALSE(f.fault);
  CHECK(m.tlb(Port::Fetch).entry(static_cast<unsigned>(f.entry)).asid == 9);
  // And the other way round: a U-page load that waits under SUM=1 is allowed.
  m.lookup(Port::Fetch, second, Access::Fetch, va + 2 * kPage);  // unmapped: the fetch port walks
  REQUIRE(m.arbitrate() == Port::Fetch);
  CsrView sum_on = second;
  sum_on.sum = true;
  m.sfence(second, SfenceOp{});
  m.lookup(Port::Data, sum_on, Access::Load, va);
  run_started(m, w);
  REQUIRE(m.arbitrate() == Port::Data);
  CHECK_FALSE(run_started(m, w).fault);
}

TEST_CASE("arbiter: an sfence while a miss waits cancels its refill; a kill drops it, not the other port's",
          "[ports][arbiter][sfence][kill]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kX | kA | kD));
  REQUIRE(w.pt.map(va + kPage, 0, data_ppn(Mode::Sv39, 0) + 1, kV | kR | kW | kX | kA | kD));
  MmuModel m(w.build, l1_only(16));
  m.lookup(Port::Data, w.csrs, Access::Load, va);
  REQUIRE(m.arbitrate() == Port::Data);
  m.lookup(Port::Fetch, w.csrs, Access::Fetch, va + kPage);
  const SfenceEffect fx = m.sfence(w.csrs, SfenceOp{uint64_t{0x7000}, std::nullopt});  // another page
  CHECK(fx.cancelled_fill);
  CHECK(run_started(m, w).fill_cancelled);  // the walker's translation
  REQUIRE(m.arbitrate() == Port::Fetch);
  const Outcome waited = run_started(m, w);
  CHECK_FALSE(waited.fault);
  CHECK(waited.fill_cancelled);  // the waiting one too: the sfence came after its acceptance
  CHECK(waited.entry == -1);

  // Kill: the data port's kill drops its waiting miss; the walker keeps the fetch port's.
  m.lookup(Port::Fetch, w.csrs, Access::Fetch, va + kPage);
  REQUIRE(m.arbitrate() == Port::Fetch);
  m.lookup(Port::Data, w.csrs, Access::Load, va);
  REQUIRE(m.waiting(Port::Data));
  m.kill(Port::Data);
  CHECK_FALSE(m.waiting(Port::Data));
  CHECK(m.in_flight());
  CHECK(m.owner() == Port::Fetch);
  m.kill(Port::Fetch);  // now the walker's translation
  CHECK_FALSE(m.in_flight());
  CHECK_FALSE(m.arbitrate().has_value());
}
