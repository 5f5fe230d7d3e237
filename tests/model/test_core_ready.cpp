// The core-ready interface in the model: PA-width faults without translation, AMOs,
// per-request privilege, the CSR snapshot of a walk, sfences and kills during a walk, and
// the atomic A/D update that restarts the walk when another agent changed the PTE.
#include "fixture.h"
#include "scenario.h"

#include <sstream>

using namespace mmutest;

namespace {

// Memory whose next `fails` compare-and-swaps find the PTE changed: before answering,
// another agent stores `value` there (the value the walk will read when it restarts).
struct RacingMemory : PhysMemory {
  SparseMemory& inner;
  unsigned fails;
  uint64_t value;
  RacingMemory(SparseMemory& m, unsigned n, uint64_t v) : inner(m), fails(n), value(v) {}
  std::optional<uint64_t> read(uint64_t pa, unsigned b) override { return inner.read(pa, b); }
  std::optional<bool> cas(uint64_t pa, unsigned b, uint64_t expected, uint64_t desired) override {
    if (fails) {
      --fails;
      inner.poke(pa, b, value);
    }
    return inner.cas(pa, b, expected, desired);
  }
};

Outcome run_walk(MmuModel& m, const CsrView& c, Access a, uint64_t va, PhysMemory& mem, unsigned pte_bytes) {
  Outcome o = m.lookup(c, a, va);
  if (!m.waiting(Port::Data)) return o;
  m.arbitrate();
  m.second_level();
  if (m.walking()) run_walker(m.walker(), mem, pte_bytes);  // no walk cache to refill here
  return m.finish_walk();
}

}  // namespace

TEST_CASE("bare: rv64 without translation faults on a VA above the 56-bit PA, with the access's cause",
          "[bare][core]") {
  MmuModel m(Build::Rv64, l1_only(16));
  SparseMemory mem;
  for (Mode mode : {Mode::Bare, Mode::Sv39, Mode::Sv48}) {
    CsrView c;
    c.mode = mode;
    c.priv = mode == Mode::Bare ? Priv::S : Priv::M;  // Bare, or M-mode under a paged satp
    CHECK(m.translate(c, Access::Load, 0x8000000080000000ull, mem).cause == Cause::LoadAccess);
    CHECK(m.translate(c, Access::Fetch, 0x0100000000000000ull, mem).cause == Cause::FetchAccess);
    CHECK(m.translate(c, Access::Store, ~uint64_t{0}, mem).cause == Cause::StoreAccess);
    CHECK(m.translate(c, Access::Amo, 0x0200000000000000ull, mem).cause == Cause::StoreAccess);
    const Outcome top = m.translate(c, Access::Load, 0x00ffffffffffffffull, mem);
    CHECK_FALSE(top.fault);
    CHECK(top.paddr == 0x00ffffffffffffffull);
  }
  CHECK(m.counters().walks == 0);
}

TEST_CASE("bare: rv32 VAs always fit the 34-bit PA and never fault", "[bare][core]") {
  MmuModel m(Build::Rv32, l1_only(16));
  SparseMemory mem;
  CsrView c;
  const Outcome o = m.translate(c, Access::Store, 0xffffffffull, mem);
  CHECK_FALSE(o.fault);
  CHECK(o.paddr == 0xffffffffull);
}

TEMPLATE_TEST_CASE("amo: needs W like a store and faults with 15, never 13", "[amo][core]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kX | kA | kD));
  w.csrs.mxr = true;
  CHECK_FALSE(w.walk(Access::Load, va).fault);
  CHECK(w.walk(Access::Amo, va).cause == Cause::StorePage);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW | kA | kD));
  const WalkResult ok = w.walk(Access::Amo, va);
  CHECK_FALSE(ok.fault);
  CHECK(ok.paddr == w.walk(Access::Store, va).paddr);
}

TEMPLATE_TEST_CASE("amo: under Svadu sets A and D; a bus error on its walk is 7", "[amo][svadu][core]", ALL_MODES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, 0, data_ppn(TestType::mode, 0), kV | kR | kW));
  w.csrs.ad = AdPolicy::Hw;
  const WalkResult r = w.walk(Access::Amo, va);
  REQUIRE(r.accesses.count >= 1);
  const MemAccess& upd = r.accesses[r.accesses.count - 1];
  CHECK(upd.write);
  CHECK((upd.wdata & (kA | kD)) == (kA | kD));
  w.mem.add_bus_error(w.pte_at(va, 0), w.bi.pte_bytes);
  CHECK(w.walk(Access::Amo, va).cause == Cause::StoreAccess);
}

TEMPLATE_TEST_CASE("atomic a/d: an update that finds the PTE changed writes nothing and walks again from the root",
                   "[svadu][atomic][core]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  const uint64_t ppn = data_ppn(TestType::mode, TestType::level);
  REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kR | kW));
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t leaf = w.pte_at(va, TestType::level);
  // Another agent sets A itself between the walk's read and its update.
  const uint64_t changed = w.pt.read_pte(leaf) | kA;
  RacingMemory racing(w.mem, 1, changed);
  const WalkResult r = mmu::walk(w.build, w.csrs, Access::Store, va, racing);
  const unsigned reads = geometry(TestType::mode).levels - TestType::level;
  CHECK_FALSE(r.fault);
  CHECK(r.restarts == 1);
  REQUIRE(r.accesses.count == 2 * (reads + 1));
  CHECK(r.accesses[reads].write);
  CHECK_FALSE(r.accesses[reads].swapped);               // the first update wrote nothing
  CHECK(r.accesses[reads + 1].pa == w.pte_at(va, geometry(TestType::mode).levels - 1));  // root again
  CHECK(r.accesses[2 * reads + 1].cmp == changed);       // compared against the new value
  CHECK(r.accesses[2 * reads + 1].swapped);
  CHECK(w.pt.read_pte(leaf) == (changed | kD));
}

TEST_CASE("atomic a/d: a PTE unmapped between the read and the update page-faults after the restart",
          "[svadu][atomic][core]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW));
  w.csrs.ad = AdPolicy::Hw;
  RacingMemory racing(w.mem, 1, 0);
  const WalkResult r = mmu::walk(w.build, w.csrs, Access::Load, va, racing);
  CHECK(r.cause == Cause::LoadPage);
  CHECK(r.restarts == 1);
  CHECK(w.pt.read_pte(w.pte_at(va, 0)) == 0);
}

TEST_CASE("snapshot: a walk keeps the CSR view of its start, and its refill the start ASID", "[snapshot][core]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kU | kA | kD));
  MmuModel m(w.build, l1_only(16));
  w.csrs.asid = 1;
  w.csrs.sum = false;
  REQUIRE(m.lookup(w.csrs, Access::Load, va).path == Path::Miss);
  // The caller's CSRs change while the walk runs; the walk never sees them.
  CsrView later = w.csrs;
  later.sum = true;
  later.asid = 2;
  later.mode = Mode::Bare;
  m.arbitrate();
  m.second_level();
  run_walker(m.walker(), w.mem, w.bi.pte_bytes);
  const Outcome o = m.finish_walk();
  CHECK(o.cause == Cause::LoadPage);  // SUM was 0 at the start: S-mode load of a U page
  later.mode = Mode::Sv39;
  const Outcome ok = run_walk(m, later, Access::Load, va, w.mem, w.bi.pte_bytes);
  REQUIRE_FALSE(ok.fault);
  REQUIRE(ok.entry >= 0);
  CHECK(m.tlb().entry(static_cast<unsigned>(ok.entry)).asid == 2);
}

TEST_CASE("sfence race: an sfence during a walk cancels its refill, whatever its operands; a no-op one does not",
          "[sfence][core]") {
  World w(Mode::Sv48);
  const uint64_t va = test_va(Mode::Sv48);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv48, 0), kV | kR | kW | kA | kD));
  MmuModel m(w.build, l1_only(16));
  w.csrs.asid = 3;
  for (const SfenceOp& op : {SfenceOp{}, SfenceOp{uint64_t{0x1000}, std::nullopt}, SfenceOp{std::nullopt, 99u}}) {
    REQUIRE(m.lookup(w.csrs, Access::Load, va).walks());
    m.sfence(w.csrs, op);
    m.arbitrate();
    m.second_level();
    run_walker(m.walker(), w.mem, w.bi.pte_bytes);
    const Outcome o = m.finish_walk();
    CHECK_FALSE(o.fault);
    CHECK(o.fill_cancelled);
    CHECK(o.entry == -1);
  }
  // A VA operand that is not canonical makes the sfence a no-op: the refill happens.
  REQUIRE(m.lookup(w.csrs, Access::Load, va).walks());
  CHECK(m.sfence(w.csrs, SfenceOp{uint64_t{1} << 55, std::nullopt}).ignored);
  m.arbitrate();
  m.second_level();
  run_walker(m.walker(), w.mem, w.bi.pte_bytes);
  CHECK(m.finish_walk().entry == 0);
  CHECK(m.lookup(w.csrs, Access::Load, va).path == Path::Hit);
}

TEST_CASE("kill: a killed walk answers nothing and refills nothing", "[kill][core]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW | kA | kD));
  MmuModel m(w.build, l1_only(16));
  REQUIRE(m.lookup(w.csrs, Access::Load, va).walks());
  m.arbitrate();
  m.kill_walk();  // in the L2 lookup cycle: no walk has started yet
  CHECK_FALSE(m.in_flight());
  REQUIRE(m.lookup(w.csrs, Access::Load, va).path == Path::Miss);
  m.arbitrate();
  m.second_level();
  REQUIRE(m.walking());
  m.kill_walk();
  CHECK_FALSE(m.in_flight());
  CHECK(m.lookup(w.csrs, Access::Load, va).path == Path::Miss);  // nothing was cached
  CHECK(m.counters().walks == 1);
}

TEST_CASE("scenario: timed directives, races and AMOs parse; their misuse names file and line", "[scenario][core]") {
  std::istringstream good("mode sv39\nat 3 kill\nat 2 sum 1\nat 5 sfence va=0x1000 asid=2\nload 0x1000\n"
                          "race 0x80000000 0x1\namo 0x2000\n");
  const mmu::tb::Scenario s = mmu::tb::parse_scenario(good, "t.txt");
  REQUIRE(s.directives.size() == 4);
  REQUIRE(s.directives[1].events.size() == 3);
  CHECK(s.directives[1].events[0].op == mmu::tb::Op::Kill);
  CHECK(s.directives[1].events[0].at == 3);
  CHECK(s.directives[1].events[2].sfence.asid == 2u);
  CHECK(s.directives[3].access == Access::Amo);
  const auto error_of = [](const std::string& text) {
    std::istringstream in(text);
    try {
      mmu::tb::parse_scenario(in, "t.txt");
    } catch (const mmu::tb::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("at 0 kill\nload 0\n") == "t.txt:1: at: the edge count must be 1..100000, not 0");
  CHECK(error_of("at 2 load 0x1000\nload 0\n") == "t.txt:1: 'load' cannot be timed with 'at'");
  CHECK(error_of("at 2\n") == "t.txt:1: expected 'at N DIRECTIVE' (mode, asid, root, priv, sum, mxr, ad, ram, mem, sfence, sinval, sfence.w.inval, sfence.inval.ir or kill)");
  CHECK(error_of("at 2 kill now\nload 0\n") == "t.txt:1: expected 'kill'");
  CHECK(error_of("race 0x80000003 1\n") == "t.txt:1: physical address 0x80000003 is not 8-byte aligned");
}
