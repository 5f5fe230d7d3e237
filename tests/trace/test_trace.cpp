// Program traces: the binary format (tb/os/program_trace.h), the lackey parser (lackey.h) and
// the fold of x86-64 addresses into Sv32/Sv39 (trace_layout.h).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "lackey.h"
#include "paging.h"
#include "pte.h"
#include "rng.h"
#include "program_trace.h"
#include "trace_layout.h"

using namespace mmu;
using namespace mmu::os;

namespace {

// A file name in the temporary directory, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() / ("mmu_progtrace_test_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {}
  ~TempFile() { std::remove(path.c_str()); }
};

std::vector<uint8_t> record(TraceKind k, uint64_t va, uint64_t prev) {
  std::vector<uint8_t> b;
  encode_trace_record(TraceAccess{k, va}, prev, b);
  return b;
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<uint8_t> header(uint64_t count) {
  std::vector<uint8_t> h = {'M', 'M', 'U', 'T', 'R', 'C', '0', '1'};
  for (unsigned i = 0; i < 8; ++i) h.push_back(static_cast<uint8_t>(count >> (8 * i)));
  return h;
}

std::string read_error(const std::string& path) {
  TraceReader r;
  if (!r.open(path)) return r.error();
  TraceAccess a;
  while (r.next(a)) {
  }
  return r.error();
}

std::vector<TraceAccess> lackey(const std::string& line) {
  std::vector<TraceAccess> out;
  std::string error;
  REQUIRE(parse_lackey_line(line, out, error));
  return out;
}

std::string lackey_error(const std::string& line) {
  std::vector<TraceAccess> out;
  std::string error;
  CHECK_FALSE(parse_lackey_line(line, out, error));
  return error;
}

}  // namespace

TEST_CASE("format: a delta below 16 takes one byte, the largest 47-bit jump eight", "[trace][format]") {
  CHECK(record(TraceKind::Fetch, 0x401003, 0x401000) == std::vector<uint8_t>{0x18});  // kind 0, +3
  CHECK(record(TraceKind::Store, 0x1ff8, 0x2000) == std::vector<uint8_t>{0x46});     // kind 2, -8
  CHECK(record(TraceKind::Load, 0x10, 0).size() == 2);
  CHECK(record(TraceKind::Load, (uint64_t{1} << 47) - 1, 0).size() == 8);
  CHECK(record(TraceKind::Modify, 0, (uint64_t{1} << 47) - 1).size() == 8);
}

TEST_CASE("format: 20000 random accesses written to a file read back the same, in order", "[trace][format]") {
  TempFile f("roundtrip.rvt");
  tb::Rng rng(5);
  std::vector<TraceAccess> want;
  uint64_t near = 0x4000000;
  for (int i = 0; i < 20000; ++i) {
    const TraceKind k = static_cast<TraceKind>(rng.below(4));
    // Mostly small steps around a moving point, sometimes anywhere in the 47 bits.
    near = rng.chance(0.1) ? rng.below(uint64_t{1} << 47) : (near + rng.below(64)) & ((uint64_t{1} << 47) - 1);
    want.push_back(TraceAccess{k, rng.chance(0.02) ? (uint64_t{1} << 47) - 1 - rng.below(3) : near});
  }
  TraceWriter w;
  REQUIRE(w.open(f.path));
  for (const TraceAccess& a : want) w.put(a);
  REQUIRE(w.close());
  TraceReader r;
  REQUIRE(r.open(f.path));
  CHECK(r.count() == want.size());
  TraceAccess a;
  size_t i = 0;
  while (r.next(a)) {
    REQUIRE(i < want.size());
    CHECK(a.kind == want[i].kind);
    CHECK(a.va == want[i].va);
    ++i;
  }
  CHECK(r.error() == "");
  CHECK(i == want.size());
  CHECK(r.offset() == w.bytes());
}

TEST_CASE("format: each malformed file is reported with its offset", "[trace][format]") {
  TempFile f("bad.rvt");
  std::vector<uint8_t> two = header(2);
  for (uint8_t b : record(TraceKind::Load, 0x1000, 0)) two.push_back(b);  // offset 16, 3 bytes
  for (uint8_t b : record(TraceKind::Load, 0x2000, 0x1000)) two.push_back(b);
  SECTION("wrong magic") {
    std::vector<uint8_t> b = two;
    b[3] = 'X';
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 0: not a trace file (it does not start with MMUTRC01)");
  }
  SECTION("header cut short") {
    write_bytes(f.path, std::vector<uint8_t>(two.begin(), two.begin() + 12));
    CHECK(read_error(f.path) == f.path + ": offset 12: the header ends early (16 bytes: magic and record count)");
  }
  SECTION("fewer records than announced") {
    std::vector<uint8_t> b = two;
    b[8] = 3;
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 22: the file ends after 2 of the 3 records the header announces");
  }
  SECTION("more bytes than announced") {
    std::vector<uint8_t> b = two;
    b[8] = 1;
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 19: data after the last of the 1 records the header announces");
  }
  SECTION("a record cut by the end of the file") {
    write_bytes(f.path, std::vector<uint8_t>(two.begin(), two.end() - 1));
    CHECK(read_error(f.path) == f.path + ": offset 19: the file ends inside a record");
  }
  SECTION("a record of nine bytes") {
    std::vector<uint8_t> b = header(1);
    for (int i = 0; i < 8; ++i) b.push_back(0x81);
    b.push_back(0x01);
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 16: a record longer than 8 bytes");
  }
  SECTION("an overlong delta") {
    write_bytes(f.path, std::vector<uint8_t>{'M', 'M', 'U', 'T', 'R', 'C', '0', '1', 1, 0, 0, 0, 0, 0, 0, 0, 0x89, 0x00});
    CHECK(read_error(f.path) == f.path + ": offset 16: an overlong delta (its last byte is zero)");
  }
  SECTION("a negative zero") {
    std::vector<uint8_t> b = header(1);
    b.push_back(0x05);
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 16: a negative zero delta");
  }
  SECTION("an address below 0") {
    std::vector<uint8_t> b(two.begin(), two.begin() + 19);  // the header and the load at 0x1000
    for (uint8_t x : record(TraceKind::Load, 0, 0x3fff1)) b.push_back(x);  // then 0x3fff1 down
    write_bytes(f.path, b);
    CHECK(read_error(f.path) == f.path + ": offset 19: load address below 0 (previous 0x1000, delta -0x3fff1)");
  }
  SECTION("an address at 2^47") {
    std::vector<uint8_t> b = header(1);
    for (uint8_t x : record(TraceKind::Fetch, uint64_t{1} << 47, 0)) b.push_back(x);  // the encoder takes it
    write_bytes(f.path, b);
    CHECK(read_error(f.path) ==
          f.path + ": offset 16: fetch address at or above 2^47 (previous 0x0, delta +0x800000000000)");
  }
}

TEST_CASE("lackey: each kind of line becomes its access, valgrind's own lines none", "[trace][lackey]") {
  CHECK(lackey("==27590== Lackey, an example Valgrind tool").empty());
  const std::vector<TraceAccess> i = lackey("I  0401ab70,3");
  REQUIRE(i.size() == 1);
  CHECK((i[0].kind == TraceKind::Fetch && i[0].va == 0x401ab70));
  CHECK(lackey(" L 1fff000768,8")[0].kind == TraceKind::Load);
  CHECK(lackey(" S 1fff000768,8")[0].kind == TraceKind::Store);
  CHECK(lackey(" M 04f6b868,4")[0].kind == TraceKind::Modify);
}

TEST_CASE("lackey: an access across a page boundary is one access per page", "[trace][lackey]") {
  const std::vector<TraceAccess> a = lackey(" L 1ffc,8");
  REQUIRE(a.size() == 2);
  CHECK(a[0].va == 0x1ffc);
  CHECK(a[1].va == 0x2000);
  CHECK(lackey(" L 1ff8,8").size() == 1);  // ends on the last byte of the page
  CHECK(lackey(" S 1ff8,4096").size() == 2);
}

TEST_CASE("lackey: malformed lines are refused with the reason", "[trace][lackey]") {
  CHECK(lackey_error("X  0401ab70,3").find("not a lackey access line") == 0);
  CHECK(lackey_error("I  ,3").find("expected a hex address") == 0);
  CHECK(lackey_error("I  0401ab70 3").find("expected a hex address") == 0);
  CHECK(lackey_error(" L 1000,").find("expected a decimal size") == 0);
  CHECK(lackey_error(" L 1000,0").find("expected a decimal size") == 0);
  CHECK(lackey_error(" L 1000,8 ").find("expected a decimal size") == 0);
  CHECK(lackey_error(" L 1000,99999").find("expected a decimal size") == 0);
  CHECK(lackey_error(" L 7ffffffffffc,8").find("above the 47-bit") != std::string::npos);
  CHECK(lackey_error(" L 12345678123456789,8").find("more than 16 hex digits") != std::string::npos);
}

TEST_CASE("fold: regions keep their order and offsets within a block, one empty block apart", "[trace][layout]") {
  // A binary at 4 MiB + 1 page, a library 64 MiB up, a stack near 2^37 (valgrind's).
  const std::map<uint64_t, uint64_t> pages = {
      {0x401, Pte::kR | Pte::kX}, {0x402, Pte::kR | Pte::kX}, {0x403, Pte::kR | Pte::kW},
      {0x4000, Pte::kR | Pte::kX}, {0x41ff, Pte::kR}, {0x4200, Pte::kR},  // two blocks in Sv39
      {0x1fff000, Pte::kR | Pte::kW}};
  TraceLayout sv39, sv32;
  std::string error;
  REQUIRE(TraceLayout::fold(pages, Mode::Sv39, sv39, error));
  REQUIRE(TraceLayout::fold(pages, Mode::Sv32, sv32, error));
  REQUIRE(sv39.regions().size() == 3);
  CHECK(sv39.regions()[0].trace_va == 0x400000);
  CHECK(sv39.regions()[0].va == kTraceBase);
  CHECK(sv39.regions()[1].trace_va == 0x4000000);
  CHECK(sv39.regions()[1].bytes == 0x400000);             // 2 blocks of 2 MiB
  CHECK(sv39.regions()[1].va == kTraceBase + 0x400000);   // after 1 block and 1 empty block
  CHECK(sv39.regions()[2].va == kTraceBase + 0xa00000);
  CHECK(sv39.map(0x401123) == kTraceBase + 0x1123);
  CHECK(sv39.map(0x4200008) == kTraceBase + 0x600008);
  CHECK(sv39.map(0x1fff000ff8) == kTraceBase + 0xa00ff8);
  // Sv32: 4 MiB blocks: the binary's block starts at 4 MiB, the library spans one block.
  REQUIRE(sv32.regions().size() == 3);
  CHECK(sv32.regions()[1].bytes == 0x400000);
  CHECK(sv32.map(0x401123) == kTraceBase + 0x1123);
  CHECK(sv32.map(0x4200008) == kTraceBase + 0x800000 + 0x200008);
  // Areas: runs of pages with the same permissions.
  REQUIRE(sv39.areas().size() == 5);
  CHECK(sv39.areas()[0].pages == 2);
  CHECK(sv39.areas()[0].perms == (Pte::kR | Pte::kX));
  CHECK(sv39.areas()[1].perms == (Pte::kR | Pte::kW));
  CHECK(sv39.areas()[3].pages == 2);  // 0x41ff and 0x4200: same permissions, across a block boundary
  CHECK(sv39.areas()[3].va == sv39.map(0x41ff000));
}

TEST_CASE("fold: two pages share a leaf table after the fold exactly when they did before", "[trace][layout]") {
  for (Mode mode : {Mode::Sv32, Mode::Sv39}) {
    tb::Rng rng(11);
    std::map<uint64_t, uint64_t> pages;
    for (int i = 0; i < 3000; ++i) {  // clusters around a few far-apart centres
      const uint64_t centre = (rng.below(6) + 1) * 0x3123456ull + (rng.chance(0.3) ? 0x1ff00000ull : 0);
      pages[centre + rng.below(2000)] = Pte::kR;
    }
    TraceLayout l;
    std::string error;
    REQUIRE(TraceLayout::fold(pages, mode, l, error));
    const unsigned shift = l.block_shift();
    std::vector<uint64_t> vpns;
    for (const auto& [vpn, perms] : pages) vpns.push_back(vpn);
    std::set<uint64_t> folded;
    for (size_t i = 0; i < vpns.size(); ++i) {
      const uint64_t a = vpns[i] << kPageShift, b = vpns[(i * 7919 + 13) % vpns.size()] << kPageShift;
      CHECK(((a >> shift) == (b >> shift)) == ((l.map(a) >> shift) == (l.map(b) >> shift)));
      CHECK((l.map(a) & ((uint64_t{1} << shift) - 1)) == (a & ((uint64_t{1} << shift) - 1)));
      CHECK(l.map(a) + kPageSize <= l.limit());
      folded.insert(l.map(a) >> kPageShift);
    }
    CHECK(folded.size() == vpns.size());  // one page to one page
  }
}

TEST_CASE("fold: more than 1 GiB of Sv32 blocks does not fit, in Sv39 it does", "[trace][layout]") {
  std::map<uint64_t, uint64_t> pages;
  for (uint64_t i = 0; i < 300; ++i) pages[i * 0x1000] = Pte::kR;  // 300 regions of one 4 MiB block, 16 MiB apart
  TraceLayout l;
  std::string error;
  CHECK_FALSE(TraceLayout::fold(pages, Mode::Sv32, l, error));
  CHECK(error == "the trace's 300 regions (1200 MiB of 4 MiB blocks) do not fit between 0x80000000 and 0xc0000000 in sv32");
  CHECK(TraceLayout::fold(pages, Mode::Sv39, l, error));
}
