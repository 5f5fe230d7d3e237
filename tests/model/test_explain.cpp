// Explanations (model/explain.h): the facts each one must state, computed here the
// textbook way (shifts and masks, the test page table's own PTE addresses), never
// copied from the program's output.
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "explain.h"
#include "fixture.h"

using namespace mmutest;

namespace {

std::string hex_digits(uint64_t v, unsigned digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, static_cast<int>(digits), v);
  return buf;
}

std::string bin(uint64_t v, unsigned bits) {
  std::string s;
  for (unsigned i = bits; i-- > 0;) s += ((v >> i) & 1) ? '1' : '0';
  return s;
}

// The explanation of one access in world `w`, with an empty TLB unless one is given.
std::string explain_in(World& w, Access a, uint64_t va, const Tlb* tlb = nullptr) {
  const MmuConfig cfg = l1_only(16);
  const MmuModel m(tlb ? *tlb : Tlb(w.build, 16), L2Tlb(w.build, cfg.l2), WalkCache(w.build, 0), cfg);
  return explain(w.build, w.csrs, a, va, m, w.mem);
}

unsigned count(const std::string& text, const std::string& what) {
  unsigned n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Sizes as the texts write them.
std::string page_size_text(Mode m, unsigned level) {
  if (m == Mode::Sv32) return level ? "4 MiB superpage" : "4 KiB page";
  static const char* const k64[] = {"4 KiB page", "2 MiB superpage", "1 GiB superpage", "512 GiB superpage",
                                    "256 TiB superpage"};
  return k64[level];
}

}  // namespace

TEMPLATE_TEST_CASE("explain: a walk splits the VA into VPN fields in binary and hex, reads one PTE per level at "
                   "a + VPN[i] * PTESIZE, and ends in a leaf and its PA",
                   "[explain][walk]", ALL_PAGES) {
  const Mode m = TestType::mode;
  const unsigned leaf_level = TestType::level;
  World w(m);
  const uint64_t va = test_va(m), ppn = data_ppn(m, leaf_level);
  REQUIRE(w.pt.map(va, leaf_level, ppn, kRWXAD));
  const std::string text = explain_in(w, Access::Load, va);
  INFO(text);

  const unsigned vb = m == Mode::Sv32 ? 10 : 9,
                 levels = m == Mode::Sv32 ? 2 : m == Mode::Sv39 ? 3 : m == Mode::Sv48 ? 4 : 5;
  const unsigned pte_bytes = m == Mode::Sv32 ? 4 : 8;
  for (unsigned i = 0; i < levels; ++i) {
    const unsigned lo = 12 + i * vb;
    const uint64_t field = (va >> lo) & ((1u << vb) - 1);
    CHECK_THAT(text, Catch::Contains("VPN[" + std::to_string(i) + "] = VA[" + std::to_string(lo + vb - 1) + ":" +
                                     std::to_string(lo) + "] = 0b" + bin(field, vb) + " = " + hex_digits(field, 3)));
  }
  CHECK_THAT(text, Catch::Contains("offset = VA[11:0] = 0b" + bin(va & 0xfff, 12) + " = " + hex_digits(va & 0xfff, 3)));
  if (m == Mode::Sv32) {  // the fixture's comment: vpn1 0x274, vpn0 0x2b5, off 0xa7c
    CHECK_THAT(text, Catch::Contains("VPN[1] = VA[31:22] = 0b1001110100 = 0x274"));
    CHECK_THAT(text, Catch::Contains("VPN[0] = VA[21:12] = 0b1010110101 = 0x2b5"));
    CHECK_THAT(text, Catch::Contains("offset = VA[11:0] = 0b101001111100 = 0xa7c"));
  }

  // One read per level, each at table + index * PTESIZE, from the root down to the leaf.
  for (unsigned i = levels; i-- > leaf_level;) {
    const uint64_t addr = w.pte_at(va, i);
    const uint64_t index = (va >> (12 + i * vb)) & ((1u << vb) - 1);
    const uint64_t table = addr - index * pte_bytes;
    CHECK_THAT(text, Catch::Contains("step 2: PTE address = a + VPN[" + std::to_string(i) + "] * PTESIZE = " +
                                     hex(table) + " + " + hex_digits(index, 3) + " * " + std::to_string(pte_bytes) +
                                     " = " + hex(addr)));
    CHECK_THAT(text, Catch::Contains("read PTE = " + hex_digits(w.pt.read_pte(addr), 2 * pte_bytes)));
  }
  CHECK(count(text, "read PTE = ") == levels - leaf_level);
  CHECK(count(text, "a pointer to the next level's table") == levels - 1 - leaf_level);
  CHECK_THAT(text, Catch::Contains("step 1: a = satp.PPN * PAGESIZE = " + hex(w.csrs.root_ppn) + " * 4096 = " +
                                   hex(w.csrs.root_ppn << 12)));
  CHECK_THAT(text, Catch::Contains("a leaf, at level " + std::to_string(leaf_level) + ": a " +
                                   page_size_text(m, leaf_level)));
  CHECK_THAT(text, Catch::Contains("V=1 R=1 W=1 X=1 U=0 G=0 A=1 D=1"));
  // The tag: rv32 va[31:12] (20 bits), rv64 va[56:12] (45 bits).
  CHECK_THAT(text, Catch::Contains("TLB lookup (satp.ASID 0, VPN tag " + hex((va >> 12) & ((uint64_t{1} << (m == Mode::Sv32 ? 20 : 45)) - 1)) +
                                   "): miss"));
  const uint64_t pa = expected_pa(m, leaf_level, ppn, va);
  CHECK_THAT(text, Catch::Contains("step 10: PA = "));
  CHECK_THAT(text, Catch::Contains("VA offset " + hex_digits(va & 0xfff, 3)));
  if (leaf_level > 0) CHECK_THAT(text, Catch::Contains("VA.VPN[0] " + hex_digits((va >> 12) & ((1u << vb) - 1), 3)));
  else CHECK_THAT(text, Catch::Contains("PTE.PPN[0] " + hex_digits(ppn & ((1u << vb) - 1), 3)));
  CHECK_THAT(text, Catch::Contains("result: PA " + hex(pa) + "; TLB entry 0 refilled (level " +
                                   std::to_string(leaf_level) + ", ASID 0)"));
}

TEST_CASE("explain: the textbook 10/10/12 split of 11110000111111110000000010101010 as Sv32 shows it",
          "[explain][textbook][sv32]") {
  World w(Mode::Sv32);
  const uint64_t va = 0b11110000111111110000000010101010ull;
  const std::string text = explain_in(w, Access::Load, va);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("VA[31:0] = 1111000011 1111110000 000010101010"));
  CHECK_THAT(text, Catch::Contains("VPN[1] = VA[31:22] = 0b1111000011 = 0x3c3"));  // outer table index
  CHECK_THAT(text, Catch::Contains("VPN[0] = VA[21:12] = 0b1111110000 = 0x3f0"));  // inner table index
  CHECK_THAT(text, Catch::Contains("offset = VA[11:0] = 0b000010101010 = 0x0aa"));
  // The root table is empty: the walk reads root[0x3c3] at root + 0x3c3 * 4 and stops.
  CHECK_THAT(text, Catch::Contains(" = " + hex((w.csrs.root_ppn << 12) + 0x3c3 * 4)));
  CHECK_THAT(text, Catch::Contains("step 3: V=0: invalid: page fault"));
  CHECK_THAT(text, Catch::Contains("result: page fault, cause 13 (load page fault)"));
}

#ifdef MMU_TUTORIAL
TEST_CASE("tutorial: the worked examples' numbers in docs/tutorial.md are the model's", "[explain][textbook]") {
  std::ifstream f(MMU_TUTORIAL);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string doc = ss.str();
  // 256-byte pages: 8 offset bits.
  const PageSplit a = split_page(0b11110000111100001111000010101010ull, 8);
  CHECK_THAT(doc, Catch::Contains("page number `" + bin(a.page_number, 24) + "`"));
  CHECK_THAT(doc, Catch::Contains("offset `" + bin(a.offset, 8) + "`"));
  CHECK_THAT(doc, Catch::Contains("page " + std::to_string(a.page_number)));
  CHECK_THAT(doc, Catch::Contains("byte " + std::to_string(a.offset)));
  // 10/10/12.
  const PageSplit b = split_page(0b11110000111111110000000010101010ull, 12);
  CHECK_THAT(doc, Catch::Contains("outer index `" + bin(table_index(b.page_number, 10, 1), 10) + "`"));
  CHECK_THAT(doc, Catch::Contains("inner index `" + bin(table_index(b.page_number, 10, 0), 10) + "`"));
  CHECK_THAT(doc, Catch::Contains("offset `" + bin(b.offset, 12) + "`"));
  CHECK_THAT(doc, Catch::Contains(std::to_string(table_index(b.page_number, 10, 1)) + " and " +
                                  std::to_string(table_index(b.page_number, 10, 0))));
  // The flat table: 2^20 entries of 4 bytes.
  CHECK(flat_table_entries(32, 12) == 1048576);
  CHECK_THAT(doc, Catch::Contains(std::to_string(flat_table_entries(32, 12)) + " entries"));
  CHECK_THAT(doc, Catch::Contains(std::to_string(flat_table_bytes(32, 12, 4)) + " bytes = 4 MiB"));
}
#endif

TEMPLATE_TEST_CASE("explain: V=0 stops the walk at step 3 with the access's page-fault cause", "[explain][fault]",
                   ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kRWXAD & ~kV));
  const std::string text = explain_in(w, Access::Store, va);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("step 3: V=0: invalid: page fault"));
  CHECK_THAT(text, Catch::Contains("result: page fault, cause 15 (store/AMO page fault): the PTE at level " +
                                   std::to_string(TestType::level) + " is invalid (V=0)"));
  CHECK_THAT(text, !Catch::Contains("step 10"));
}

TEST_CASE("explain: W=1 with R=0 is named a reserved encoding", "[explain][fault]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kW | kX | kA | kD));
  const std::string text = explain_in(w, Access::Fetch, va);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("step 3: W=1 with R=0 is a reserved encoding: page fault"));
  CHECK_THAT(text, Catch::Contains("cause 12 (instruction page fault)"));
}

TEST_CASE("explain: reserved PTE bits are named: bits 60:54, PBMT, N", "[explain][fault][sv39]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  const struct {
    uint64_t bits;
    const char* named;
  } cases[] = {{uint64_t{1} << 54, "bits 60:54 = 0x1"},
               {uint64_t{1} << 61, "PBMT=1 with menvcfg.PBMTE=0"},
               {uint64_t{1} << 63, "N=1 (Svnapot is not implemented)"}};
  for (const auto& c : cases) {
    REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kRWXAD | c.bits));
    const std::string text = explain_in(w, Access::Load, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("step 3: reserved bits set: " + std::string(c.named) + ": page fault"));
    CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): the PTE at level 0 has reserved bits set"));
  }
}

TEST_CASE("explain: a pointer at level 0 has no level below it", "[explain][fault]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV));  // V alone: a pointer
  const std::string text = explain_in(w, Access::Load, va);
  INFO(text);
  CHECK(count(text, "a pointer to the next level's table") == 3);
  CHECK_THAT(text, Catch::Contains("step 4: a pointer at level 0: i - 1 < 0, there is no level below: page fault"));
  CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): a pointer PTE at level 0"));
}

TEST_CASE("explain: a pointer with A, D or U set is refused, naming the bits", "[explain][fault]") {
  for (uint64_t bits : {kA, kD, kU}) {
    World w(Mode::Sv48);
    const uint64_t va = test_va(Mode::Sv48);
    REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv48, 0), kRWXAD, bits));
    const std::string text = explain_in(w, Access::Load, va);
    INFO(text);
    const std::string want = "D=" + std::string(bits == kD ? "1" : "0") + " A=" + (bits == kA ? "1" : "0") +
                             " U=" + (bits == kU ? "1" : "0");
    CHECK_THAT(text, Catch::Contains("step 3, for a pointer: " + want + ": D, A and U are reserved in a non-leaf PTE: page fault"));
    CHECK_THAT(text, Catch::Contains("the pointer PTE at level 3 has D, A or U set"));
    CHECK(count(text, "read PTE = ") == 1);  // the walk stops at the root
  }
}

TEMPLATE_TEST_CASE("explain: a misaligned superpage names the low PPN fields", "[explain][fault]", SUPER_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level) | 1, kRWXAD));
  const std::string text = explain_in(w, Access::Load, va);
  INFO(text);
  const std::string fields = TestType::level == 1 ? "PTE.PPN[0]" : "PTE.PPN[" + std::to_string(TestType::level - 1) + ":0]";
  CHECK_THAT(text, Catch::Contains("step 5: misaligned superpage: " + fields + " = 0x1, must be 0: page fault"));
  CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): misaligned superpage"));
}

TEMPLATE_TEST_CASE("explain: permissions name the U/S, SUM and MXR rules", "[explain][perm]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode), ppn = data_ppn(TestType::mode, TestType::level);

  SECTION("U/S: U-mode on a U=0 page") {
    REQUIRE(w.pt.map(va, TestType::level, ppn, kRWXAD));
    w.csrs.priv = Priv::U;
    const std::string text = explain_in(w, Access::Load, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("step 6 (U bit): U-mode needs U=1: U=0: refused (U/S rule"));
    CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): U/S rule"));
  }
  SECTION("SUM: S-mode on a U=1 page with SUM=0, then SUM=1") {
    REQUIRE(w.pt.map(va, TestType::level, ppn, kRWXAD | kU));
    std::string text = explain_in(w, Access::Store, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("a U=1 page from S-mode needs SUM=1: SUM=0: refused (SUM rule"));
    CHECK_THAT(text, Catch::Contains("cause 15 (store/AMO page fault): SUM rule"));
    w.csrs.sum = true;
    text = explain_in(w, Access::Store, va);
    CHECK_THAT(text, Catch::Contains("a U=1 page from S-mode needs SUM=1: SUM=1: allowed"));
    CHECK_THAT(text, Catch::Contains("result: PA "));
    text = explain_in(w, Access::Fetch, va);  // SUM never allows an S-mode fetch
    CHECK_THAT(text, Catch::Contains("S-mode never executes from a U=1 page"));
  }
  SECTION("MXR: a load from an execute-only page") {
    REQUIRE(w.pt.map(va, TestType::level, ppn, kV | kX | kA | kD));
    std::string text = explain_in(w, Access::Load, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("step 8 (R/W/X): a load needs R=1 (MXR=0): R=0: refused (MXR rule"));
    CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): MXR rule"));
    w.csrs.mxr = true;
    text = explain_in(w, Access::Load, va);
    CHECK_THAT(text, Catch::Contains("a load needs R=1, or X=1 since MXR=1: R=0 X=1: allowed"));
  }
}

TEMPLATE_TEST_CASE("explain: Svade: A=0, or D=0 for a store, is a page fault at step 9", "[explain][ad]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW | kA));
  std::string text = explain_in(w, Access::Store, va);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("step 9: D=0 and a store writes; Svade (ad fault): page fault"));
  CHECK_THAT(text, Catch::Contains("cause 15 (store/AMO page fault)"));
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW));
  text = explain_in(w, Access::Load, va);
  CHECK_THAT(text, Catch::Contains("step 9: A=0; Svade (ad fault): page fault"));
  CHECK_THAT(text, Catch::Contains("cause 13 (load page fault): A=0 in the leaf PTE, and Svade leaves A/D to software"));
}

TEMPLATE_TEST_CASE("explain: Svadu: the walker's compare-and-swap of the leaf, and the memory left alone",
                   "[explain][ad][svadu]", ALL_PAGES) {
  World w(TestType::mode);
  const uint64_t va = test_va(TestType::mode);
  REQUIRE(w.pt.map(va, TestType::level, data_ppn(TestType::mode, TestType::level), kV | kR | kW));
  w.csrs.ad = AdPolicy::Hw;
  const uint64_t addr = w.pte_at(va, TestType::level), before = w.pt.read_pte(addr);
  const std::string text = explain_in(w, Access::Store, va);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("step 9: A=0; Svadu (ad hw): the walker sets the bits itself"));
  CHECK_THAT(text, Catch::Contains("compare-and-swap at " + hex(addr) + ": if memory still holds " + hex(before) +
                                   " (the PTE as read), write " + hex(before | kA | kD) + " (A=1, D=1)"));
  CHECK_THAT(text, Catch::Contains("memory still held it: swapped"));
  CHECK_THAT(text, Catch::Contains("result: PA " + hex(expected_pa(TestType::mode, TestType::level,
                                                                   data_ppn(TestType::mode, TestType::level), va))));
  CHECK(w.pt.read_pte(addr) == before);  // explaining changes nothing
}

TEST_CASE("explain: a failed Svadu update (another agent wrote the PTE) restarts the walk from step 1",
          "[explain][ad][svadu][race]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kV | kR | kW));
  const uint64_t root = w.pt.read_pte(w.pte_at(va, 2)), mid = w.pt.read_pte(w.pte_at(va, 1));
  const uint64_t leaf = w.pt.read_pte(w.pte_at(va, 0));
  TranslationRecord r;
  w.csrs.ad = AdPolicy::Hw;
  r.csrs = w.csrs;
  r.acc = Access::Load;
  r.va = va;
  r.answers = {{root, false, false}, {mid, false, false}, {leaf, false, false}, {0, false, false},
               {root, false, false}, {mid, false, false}, {leaf | kA, false, false}};
  r.end = TranslationRecord::End::Answered;
  r.paddr = expected_pa(Mode::Sv39, 0, data_ppn(Mode::Sv39, 0), va);
  r.refill = 5;
  const std::string text = explain(w.build, l1_only(16), r);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("memory no longer held it (another agent wrote the PTE after the read): nothing "
                                   "written, and the walk starts again"));
  CHECK_THAT(text, Catch::Contains("restart 1: back to step 1"));
  CHECK(count(text, "read PTE = ") == 6);
  CHECK_THAT(text, Catch::Contains("step 9: A=1, and a load does not need D: nothing to update"));
  CHECK_THAT(text, Catch::Contains("result: PA " + hex(r.paddr) + "; TLB entry 5 refilled"));
}

TEST_CASE("explain: a recorded walk cut short: killed, or still waiting at a mismatch", "[explain][kill]") {
  World w(Mode::Sv32);
  const uint64_t va = test_va(Mode::Sv32);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv32, 0), kRWXAD));
  TranslationRecord r;
  r.csrs = w.csrs;
  r.va = va;
  r.answers = {{w.pt.read_pte(w.pte_at(va, 1)), false, false}};
  r.end = TranslationRecord::End::Killed;
  std::string text = explain(w.build, l1_only(8), r);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("the walk was waiting for memory: the read of the PTE at " + hex(w.pte_at(va, 0))));
  CHECK_THAT(text, Catch::Contains("result: killed (kill_i)"));
  r.end = TranslationRecord::End::InFlight;
  text = explain(w.build, l1_only(8), r);
  CHECK_THAT(text, Catch::Contains("result: not known yet"));
}

TEST_CASE("explain: PTE address outside RAM and bus errors are access faults of the access's kind",
          "[explain][fault][access]") {
  World w(Mode::Sv39);
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv39, 0), kRWXAD));
  SECTION("the root table outside the RAM window") {
    w.csrs.ram = RamWindow{0x90000000ull, 0x1000};
    const std::string text = explain_in(w, Access::Load, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains(hex(w.pte_at(va, 2)) + " is outside the RAM window [0x90000000, 0x90001000): "
                                                            "a PMA violation: access fault, no memory request made"));
    CHECK_THAT(text, Catch::Contains("result: access fault, cause 5 (load access fault)"));
    CHECK(count(text, "read PTE = ") == 0);
  }
  SECTION("a bus error on the level-1 PTE, for a store") {
    w.mem.add_bus_error(w.pte_at(va, 1), 8);
    const std::string text = explain_in(w, Access::Store, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("the read of " + hex(w.pte_at(va, 1)) + " got a bus error: access fault"));
    CHECK_THAT(text, Catch::Contains("result: access fault, cause 7 (store/AMO access fault)"));
  }
}

TEST_CASE("explain: a non-canonical Sv39/Sv48 VA faults before any TLB lookup", "[explain][fault][canonical]") {
  for (Mode m : {Mode::Sv39, Mode::Sv48}) {
    World w(m);
    const unsigned top = m == Mode::Sv39 ? 38 : 47;
    const uint64_t va = uint64_t{1} << top;  // bit top set, the bits above clear
    const std::string text = explain_in(w, Access::Fetch, va);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("must all equal VA[" + std::to_string(top) + "] = 1"));
    CHECK_THAT(text, Catch::Contains("not canonical: page fault, without a TLB lookup or a walk"));
    CHECK_THAT(text, Catch::Contains("result: page fault, cause 12 (instruction page fault): the VA is not canonical"));
    CHECK_THAT(text, !Catch::Contains("TLB lookup ("));
  }
}

TEST_CASE("explain: Bare and M-mode do not translate; a VA wider than the 56-bit PA is an access fault",
          "[explain][bare]") {
  World w(Mode::Sv39);
  w.csrs.mode = Mode::Bare;
  std::string text = explain_in(w, Access::Load, 0x80001234);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("satp.MODE is Bare, so PA = VA"));
  CHECK_THAT(text, Catch::Contains("result: PA 0x80001234 (= VA)"));
  text = explain_in(w, Access::Store, uint64_t{1} << 56);
  CHECK_THAT(text, Catch::Contains("has bits set above the 56-bit physical address"));
  CHECK_THAT(text, Catch::Contains("result: access fault, cause 7 (store/AMO access fault)"));
  w.csrs.mode = Mode::Sv39;
  w.csrs.priv = Priv::M;
  text = explain_in(w, Access::Fetch, 0x1000);
  CHECK_THAT(text, Catch::Contains("M-mode accesses are not translated"));
}

TEST_CASE("explain: a TLB hit names the entry, why it matched (ASID or global), and the page size",
          "[explain][tlb]") {
  World w(Mode::Sv39);
  MmuModel model(w.build, l1_only(16));
  const uint64_t va = test_va(Mode::Sv39);
  REQUIRE(w.pt.map(va, 1, data_ppn(Mode::Sv39, 1), kRWXAD));
  w.csrs.asid = 5;
  model.translate(w.csrs, Access::Load, 0x1000, w.mem);  // an unmapped page first: a faulting walk, not cached
  REQUIRE_FALSE(model.translate(w.csrs, Access::Load, va, w.mem).fault);  // fills entry 0

  SECTION("a non-global entry matches by ASID") {
    const std::string text = explain_in(w, Access::Store, va + 0x1000, &model.tlb());
    INFO(text);
    CHECK_THAT(text, Catch::Contains("hit on entry 0"));
    CHECK_THAT(text, Catch::Contains("it matches: valid, not global, and its ASID 5 = satp.ASID 5"));
    CHECK_THAT(text, Catch::Contains("page: level 1, 2 MiB"));
    CHECK_THAT(text, Catch::Contains("VA.VPN[0] "));
    CHECK_THAT(text, Catch::Contains("result: PA " +
                                     hex(expected_pa(Mode::Sv39, 1, data_ppn(Mode::Sv39, 1), va + 0x1000)) +
                                     ", from TLB entry 0 without a walk"));
    CHECK_THAT(text, !Catch::Contains("read PTE"));
    w.csrs.asid = 6;  // another address space: no match
    CHECK_THAT(explain_in(w, Access::Load, va, &model.tlb()), Catch::Contains("miss"));
  }
  SECTION("a global entry matches any ASID") {
    MmuModel g(w.build, l1_only(16));
    REQUIRE(w.pt.map(va, 1, data_ppn(Mode::Sv39, 1), kRWXAD | kG));
    REQUIRE_FALSE(g.translate(w.csrs, Access::Load, va, w.mem).fault);
    w.csrs.asid = 9;
    const std::string text = explain_in(w, Access::Load, va, &g.tlb());
    INFO(text);
    CHECK_THAT(text, Catch::Contains("it matches: valid, and global (G=1): any ASID matches (it was filled under ASID 5)"));
  }
  SECTION("permissions are checked against the CSRs of now") {
    w.csrs.priv = Priv::U;
    const std::string text = explain_in(w, Access::Load, va, &model.tlb());
    INFO(text);
    CHECK_THAT(text, Catch::Contains("hit on entry 0"));
    CHECK_THAT(text, Catch::Contains("U/S rule"));
    CHECK_THAT(text, Catch::Contains("result: page fault, cause 13 (load page fault): TLB entry 0: U/S rule"));
  }
}

TEST_CASE("explain: Svadu: a hit on an entry with D=0 for a store drops it and walks", "[explain][tlb][svadu]") {
  World w(Mode::Sv32);
  MmuModel model(w.build, l1_only(8));
  const uint64_t va = test_va(Mode::Sv32);
  REQUIRE(w.pt.map(va, 0, data_ppn(Mode::Sv32, 0), kV | kR | kW | kA));
  w.csrs.ad = AdPolicy::Hw;
  REQUIRE_FALSE(model.translate(w.csrs, Access::Load, va, w.mem).fault);
  const std::string text = explain_in(w, Access::Store, va, &model.tlb());
  INFO(text);
  CHECK_THAT(text, Catch::Contains("hit on entry 0"));
  CHECK_THAT(text, Catch::Contains("step 9: D=0 and a store writes in the entry; Svadu (ad hw)"));
  CHECK_THAT(text, Catch::Contains("Svadu: entry 0 is dropped and a walk sets the bits in memory"));
  CHECK_THAT(text, Catch::Contains("compare-and-swap at " + hex(w.pte_at(va, 0))));
}
