// mmu_progtrace: program traces for mmu_sim --trace (tb/os/program_trace.h).
//   mmu_progtrace encode [--limit N] --out FILE [INPUT]   valgrind lackey text (INPUT or stdin) -> trace
//   mmu_progtrace dump FILE                               one line per access: kind and address
//   mmu_progtrace info [--limit N] FILE                   size, kinds, pages, and the fold for rv32 and rv64
// Exit status: 0 done, 2 bad usage or a malformed input ("FILE:LINE: message" for lackey
// text, "FILE: offset N: message" for a trace file).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "lackey.h"
#include "program_trace.h"
#include "program_trace_workload.h"

namespace {

using namespace mmu;
using namespace mmu::os;

int encode(const std::string& input, const std::string& out, uint64_t limit) {
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string name = input.empty() || input == "-" ? "<stdin>" : input;
  if (name != "<stdin>") {
    file.open(input);
    if (!file) {
      fmt::print(stderr, "mmu_progtrace: error: cannot read {}\n", input);
      return 2;
    }
    in = &file;
  }
  TraceWriter w;
  if (!w.open(out)) {
    fmt::print(stderr, "mmu_progtrace: error: {}\n", w.error());
    return 2;
  }
  std::string line, error;
  std::vector<TraceAccess> got;
  uint64_t lineno = 0, split = 0;
  while ((!limit || w.count() < limit) && std::getline(*in, line)) {
    ++lineno;
    got.clear();
    if (!parse_lackey_line(line, got, error)) {
      fmt::print(stderr, "{}:{}: {}\n", name, lineno, error);
      return 2;
    }
    split += got.size() > 1 ? got.size() - 1 : 0;
    for (const TraceAccess& a : got)
      if (!limit || w.count() < limit) w.put(a);
  }
  if (!w.close()) {
    fmt::print(stderr, "mmu_progtrace: error: {}\n", w.error());
    return 2;
  }
  fmt::print(stderr, "mmu_progtrace: {} lines -> {} accesses ({} page-crossing splits), {} bytes, {:.2f} bytes/access\n",
             lineno, w.count(), split, w.bytes(),
             w.count() ? double(w.bytes() - kTraceHeaderBytes) / double(w.count()) : 0.0);
  return 0;
}

int dump(const std::string& path) {
  TraceReader r;
  if (!r.open(path)) {
    fmt::print(stderr, "{}\n", r.error());
    return 2;
  }
  TraceAccess a;
  static const char kTag[4] = {'I', 'L', 'S', 'M'};
  std::string buf;
  while (r.next(a)) {
    buf += fmt::format("{} {:x}\n", kTag[static_cast<unsigned>(a.kind)], a.va);
    if (buf.size() > 60000) {
      std::fwrite(buf.data(), 1, buf.size(), stdout);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), stdout);
  if (!r.error().empty()) {
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", r.error());
    return 2;
  }
  return 0;
}

int info(const std::string& path, uint64_t limit) {
  for (Build b : {Build::Rv32, Build::Rv64}) {
    std::string error;
    std::unique_ptr<TraceWorkload> t = TraceWorkload::open(path, b, limit, error);
    if (!t) {
      fmt::print(stderr, "{}\n", error);
      return 2;
    }
    const TraceInfo& i = t->info();
    if (b == Build::Rv32)
      fmt::print("{}: {} accesses, {} bytes ({:.2f} bytes/access); the first {}: fetch {}, load {}, store {}, "
                 "modify {}; {} pages ({} KiB)\n",
                 path, i.records, i.bytes, i.records ? double(i.bytes - kTraceHeaderBytes) / double(i.records) : 0.0,
                 i.played, i.fetches, i.loads, i.stores, i.modifies, i.pages, i.pages * 4);
    const TraceLayout& l = t->layout();
    fmt::print("{} ({}): {} regions of {} MiB blocks, {} areas\n", b == Build::Rv32 ? "rv32" : "rv64",
               b == Build::Rv32 ? "Sv32" : "Sv39/Sv48", l.regions().size(), (uint64_t{1} << l.block_shift()) >> 20,
               l.areas().size());
    for (const TraceLayout::Region& r : l.regions())
      fmt::print("  {:#014x}..{:#014x} -> {:#x}\n", r.trace_va, r.trace_va + r.bytes, r.va);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mmu_progtrace: program traces (valgrind lackey) for mmu_sim --trace"};
  app.require_subcommand(1);
  std::string input, out, path;
  uint64_t limit = 0;
  CLI::App* enc = app.add_subcommand("encode", "valgrind lackey --trace-mem=yes text -> a trace file");
  enc->add_option("--out", out, "the trace file to write (seekable)")->required();
  enc->add_option("--limit", limit, "stop after N accesses")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  enc->add_option("input", input, "lackey output (default: standard input)");
  CLI::App* dmp = app.add_subcommand("dump", "print every access: I/L/S/M and the address in hex");
  dmp->add_option("file", path, "trace file")->required();
  CLI::App* inf = app.add_subcommand("info", "size, kinds, pages touched, and the fold for rv32 and rv64");
  inf->add_option("file", path, "trace file")->required();
  inf->add_option("--limit", limit, "only the first N accesses")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mmu_progtrace: error: {}\n", e.what());
    return 2;
  }
  if (*enc) return encode(input, out, limit);
  if (*dmp) return dump(path);
  return info(path, limit);
}
