// The scenario reader: good files parse, every malformed line names file and line.
#include <sstream>

#include "fixture.h"
#include "scenario.h"

using namespace mmutest;
using mmu::tb::parse_number;
using mmu::tb::parse_scenario;
using mmu::tb::ScenarioError;

namespace {

mmu::tb::Scenario parse(const std::string& text) {
  std::istringstream in(text);
  return parse_scenario(in, "t.txt");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

std::string run(const std::string& text) {
  const mmu::tb::Scenario s = parse(text);
  mmu::tb::ModelTarget t(s.build, mmu::MmuConfig{});
  std::ostringstream out;
  REQUIRE(mmu::tb::run_scenario(s, t, out));
  return out.str();
}

}  // namespace

TEST_CASE("scenario: numbers are decimal or 0x-hex with nothing else", "[scenario][parse]") {
  uint64_t v = 0;
  CHECK((parse_number("42", v) && v == 42));
  CHECK((parse_number("0x2A", v) && v == 42));
  CHECK((parse_number("0xffffffffffffffff", v) && v == ~uint64_t{0}));
  CHECK_FALSE(parse_number("0x10000000000000000", v));
  CHECK_FALSE(parse_number("18446744073709551616", v));
  CHECK_FALSE(parse_number("-1", v));
  CHECK_FALSE(parse_number("0x", v));
  CHECK_FALSE(parse_number("12ab", v));
  CHECK_FALSE(parse_number("", v));
}

TEST_CASE("scenario: comments and blank lines are ignored, the build follows the mode", "[scenario][parse]") {
  const auto s = parse("# a comment\n\nmode sv32   # trailing\nload 0x1000\n");
  CHECK(s.build == Build::Rv32);
  REQUIRE(s.directives.size() == 2);
  CHECK(s.directives[1].line == 4);
  CHECK(parse("mode bare\nload 0\n").build == Build::Rv64);
}

TEST_CASE("scenario: malformed lines are errors naming the file and line", "[scenario][errors]") {
  CHECK(error_of("mode sv39\nfrob 1\n") == "t.txt:2: unknown directive 'frob'");
  CHECK(error_of("load\n") == "t.txt:1: expected 'load VADDR'");
  CHECK(error_of("load 0x12g\n") == "t.txt:1: bad number '0x12g' for virtual address (decimal or 0x-hex)");
  CHECK(error_of("mode sv64\n") == "t.txt:1: mode must be bare, sv32, sv39, sv48 or sv57, not 'sv64'");
  CHECK(error_of("priv H\n") == "t.txt:1: this MMU has no hypervisor privilege: priv must be U, S or M, not 'H'");
  CHECK(error_of("priv X\n") == "t.txt:1: priv must be U, S or M, not 'X'");
  CHECK(error_of("sum 2\n") == "t.txt:1: expected 0 or 1, not '2'");
  CHECK(error_of("ad soft\n") == "t.txt:1: ad must be 'fault' or 'hw', not 'soft'");
  CHECK(error_of("sfence va=1 va=2\n") == "t.txt:1: sfence has va= twice");
  CHECK(error_of("sfence vaddr=1\n") == "t.txt:1: sfence operands are va=VADDR and asid=N, not 'vaddr=1'");
}

TEST_CASE("scenario: values are checked against the build's widths", "[scenario][errors]") {
  CHECK(error_of("mode sv32\nasid 512\n") == "t.txt:2: ASID 512 does not fit in 9 bits");
  CHECK(error_of("asid 65536\n") == "t.txt:1: ASID 65536 does not fit in 16 bits");
  CHECK(error_of("mode sv32\nload 0x100000000\n") == "t.txt:2: virtual address 0x100000000 does not fit in 32 bits");
  CHECK(error_of("mode sv32\nmem 0x80000000 0x100000000\n") == "t.txt:2: PTE value 0x100000000 does not fit in 32 bits");
  CHECK(error_of("mem 0x80000004 1\n") == "t.txt:1: physical address 0x80000004 is not 8-byte aligned");
  CHECK(error_of("ram 0x80000100 0x1000\n") == "t.txt:1: RAM base and size must be multiples of 4 KiB");
  CHECK(error_of("mode sv32\nram 0x3fffff000 0x2000\n") == "t.txt:2: RAM window ends beyond the 34-bit physical address space");
  CHECK(error_of("mode sv32\nroot 0x400000\n") == "t.txt:2: root PPN 0x400000 does not fit in 22 bits");
}

TEST_CASE("scenario: a file cannot mix sv32 with sv39/sv48", "[scenario][errors]") {
  CHECK(error_of("mode sv39\nload 0\nmode sv32\n") ==
        "t.txt:3: a scenario cannot use both sv32 (line 3) and sv39/sv48/sv57 (line 1)");
}

TEST_CASE("scenario: sfence asid= drops bits above the implemented width", "[scenario][parse]") {
  const auto s = parse("mode sv32\nsfence asid=0x201\n");
  CHECK(*s.directives[1].sfence.asid == 1u);
}

TEST_CASE("scenario: the interpreter prints accesses and peeks in DESIGN.md's format", "[scenario][run]") {
  const std::string out = run(
      "mode sv39\n"
      "root 0x80000\n"
      "mem 0x80000000 0x20000401\n"  // root[0] -> table at PPN 0x80001
      "mem 0x80001000 0x20000801\n"  // -> table at PPN 0x80002
      "mem 0x80002008 0x200000cb\n"  // vpn0=1: leaf R X A D -> PPN 0x80000
      "mode sv39\n"
      "load 0x1abc\n"
      "store 0x1abc\n"
      "peek 0x80002008\n");
  CHECK(out == "load 0x1abc ok 0x80000abc\nstore 0x1abc fault 15\npeek 0x80002008 0x200000cb\n");
}

TEST_CASE("scenario: bare mode translates nothing", "[scenario][run]") {
  CHECK(run("fetch 0xffffffffffffffff\n") == "fetch 0xffffffffffffffff fault 1\n");  // beyond the 56-bit PA
  CHECK(run("amo 0x00fffffffffffff8\n") == "amo 0xfffffffffffff8 ok 0xfffffffffffff8\n");
}

TEST_CASE("scenario: a missing file is an error naming it", "[scenario][errors]") {
  CHECK_THROWS_WITH(mmu::tb::load_scenario("/nonexistent/x.txt"), "/nonexistent/x.txt: cannot open file");
}

TEST_CASE("scenario: Svinval directives parse; sinval.vma acts as sfence.vma", "[scenario][svinval]") {
  const auto s = parse("mode sv39\nsfence.w.inval\nsinval va=0x1000 asid=3\nsfence.inval.ir\nat 2 sinval\nload 0\n");
  REQUIRE(s.directives.size() == 5);
  CHECK(s.directives[1].op == mmu::tb::Op::Order);
  CHECK(s.directives[2].op == mmu::tb::Op::Sfence);
  CHECK(*s.directives[2].sfence.va == 0x1000u);
  CHECK(*s.directives[2].sfence.asid == 3u);
  CHECK(s.directives[3].op == mmu::tb::Op::Order);
  REQUIRE(s.directives[4].events.size() == 1);
  CHECK(s.directives[4].events[0].op == mmu::tb::Op::Sfence);
  // Bad use names the directive.
  CHECK(error_of("sinval va=1 va=2\n") == "t.txt:1: sinval has va= twice");
  CHECK(error_of("sinval vaddr=1\n") == "t.txt:1: sinval operands are va=VADDR and asid=N, not 'vaddr=1'");
  CHECK(error_of("sfence.w.inval va=1\n") == "t.txt:1: expected 'sfence.w.inval'");
  CHECK(error_of("sfence.inval.ir 0\n") == "t.txt:1: expected 'sfence.inval.ir'");
  // A remapped page: the stale entry stays until the sinval, which removes it.
  const std::string setup =
      "mode sv39\nroot 0x80000\n"
      "mem 0x80000000 0x20000401\n"  // root[0] -> PPN 0x80001
      "mem 0x80001000 0x20000801\n"  // L1[0] -> PPN 0x80002
      "mem 0x80002008 0x220004c7\n"  // VA 0x1000 -> PPN 0x88001
      "load 0x1000\n"
      "mem 0x80002008 0x220014c7\n";  // VA 0x1000 -> PPN 0x88005, no fence yet
  CHECK(run(setup + "load 0x1000\n") == "load 0x1000 ok 0x88001000\nload 0x1000 ok 0x88001000\n");
  CHECK(run(setup + "sfence.w.inval\nsinval va=0x1000\nsfence.inval.ir\nload 0x1000\n") ==
        "load 0x1000 ok 0x88001000\nload 0x1000 ok 0x88005000\n");
  CHECK(run(setup + "sfence.w.inval\nsfence.inval.ir\nload 0x1000\n") ==
        "load 0x1000 ok 0x88001000\nload 0x1000 ok 0x88001000\n");  // the fences alone remove nothing
}
