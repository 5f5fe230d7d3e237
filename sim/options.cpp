#include "options.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#ifndef MMU_SOURCE_DIR
#define MMU_SOURCE_DIR "."
#endif

namespace mmu::sim {

namespace {

bool is_dir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// "N" or "A-B" (inclusive), 1 <= A <= B <= 1000.
bool parse_latency(const std::string& text, unsigned& lo, unsigned& hi) {
  const size_t dash = text.find('-');
  try {
    size_t used = 0;
    const unsigned long a = std::stoul(text.substr(0, dash), &used);
    if (used != (dash == std::string::npos ? text.size() : dash)) return false;
    unsigned long b = a;
    if (dash != std::string::npos) {
      const std::string rest = text.substr(dash + 1);
      b = std::stoul(rest, &used);
      if (used != rest.size()) return false;
    }
    if (a < 1 || b < a || b > 1000) return false;
    lo = static_cast<unsigned>(a);
    hi = static_cast<unsigned>(b);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::string wave_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const std::string dir = std::string(MMU_SOURCE_DIR) + "/waves";
  return (is_dir(dir) ? dir : std::string(".")) + "/" + name;
}

int parse_options(int argc, char** argv, Options& opt) {
  CLI::App app{"mmu_sim: the RISC-V MMU RTL, simulated and checked cycle by cycle against the golden model"};
  app.get_formatter()->column_width(34);
  std::string build = "rv64", latency = "1";
  app.add_option("--test", opt.test, "test to run (see --list)");
  app.add_option("--scenario", opt.scenarios, "scenario file (DESIGN.md format); repeatable")->check(CLI::ExistingFile);
  app.add_option("--workload", opt.workload, "OS workload to run (see --list)");
  std::string replacement = "clock", ad = "hw";
  app.add_option("--frames", opt.frames, "workloads: physical frames for process data")->check(CLI::Range(4, 65536));
  app.add_option("--asids", opt.asids, "workloads: ASIDs the kernel hands out before reusing them")
      ->check(CLI::Range(1, 65535));
  app.add_option("--replacement", replacement, "workloads: page replacement, clock or fifo")
      ->check(CLI::IsMember({"clock", "fifo"}));
  app.add_option("--ad", ad, "workloads: A/D bits by hardware (hw, Svadu) or by the kernel (fault, Svade)")
      ->check(CLI::IsMember({"hw", "fault"}));
  app.add_option("--scale", opt.scale, "workloads: length multiplier")->check(CLI::Range(1, 1000));
  app.add_option("--seed", opt.seed, "random seed");
  app.add_option("--transactions", opt.transactions, "stop after N translations");
  app.add_option("--cycles", opt.cycles, "stop after N cycles (default 200000 without --transactions)");
  app.add_option("--build", build, "rv32 (Sv32) or rv64 (Sv39/Sv48)")->check(CLI::IsMember({"rv32", "rv64"}));
  app.add_option("--tlb-entries", opt.tlb_entries, "TLB entries (a compiled variant, see --list)");
  app.add_option("--mem-latency", latency, "PTW memory latency in cycles: N or MIN-MAX (1..1000)");
  app.add_option("--backpressure", opt.backpressure, "chance per cycle that memory is not ready (0..0.95)")
      ->check(CLI::Range(0.0, 0.95));
  app.add_option("--error-rate", opt.error_rate, "chance that a PTW memory access gets a bus error (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--wave", opt.wave, "write an FST waveform (a bare name goes to waves/)");
  app.add_option("--wave-start", opt.wave_start, "first cycle in the waveform");
  app.add_option("--wave-stop", opt.wave_stop, "cycle where the waveform stops");
  app.add_option("--junit", opt.junit, "write a JUnit XML report");
  app.add_option("--coverage", opt.coverage, "sample functional coverage and write its counts (JSON) to FILE");
  app.add_option("--dump-stimulus", opt.dump_dir,
                 "tests: write the accepted requests and the page tables into DIR (for the benchmarks)");
  app.add_option("--watchdog", opt.watchdog, "cycles without progress that count as a hang")->check(CLI::Range(10, 100000000));
  app.add_option("--sc-quantum", opt.sc_quantum,
                 "cycles per SystemC clock activation (1: every edge; more: temporal decoupling, faster)")
      ->check(CLI::Range(1, 1024));
  app.add_flag("--list", opt.list, "list tests, workloads and compiled RTL variants");
  app.add_flag("--quiet", opt.quiet, "print only failures");
  app.add_flag("--model-only", opt.model_only, "run scenarios on the golden model alone");
  app.add_flag("--progress", opt.progress, "print a progress line (default: when stderr is a terminal)");
  opt.program = argv[0];
  app.allow_extras();  // +verilator+... plusargs; anything else is rejected below
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mmu_sim: error: %s\n", e.what());
    return 2;
  }
  for (const std::string& extra : app.remaining()) {
    if (extra.rfind("+verilator+", 0) == 0) {
      opt.plusargs.push_back(extra);
      continue;
    }
    std::fprintf(stderr, "mmu_sim: error: unknown argument '%s' (see --help)\n", extra.c_str());
    return 2;
  }
  opt.build_given = app.count("--build") > 0;
  opt.fifo = replacement == "fifo";
  opt.kernel_ad = ad == "fault";
  opt.build = build == "rv32" ? Build::Rv32 : Build::Rv64;
  if (!parse_latency(latency, opt.latency_min, opt.latency_max)) {
    std::fprintf(stderr, "mmu_sim: error: --mem-latency '%s' is not N or MIN-MAX with 1 <= MIN <= MAX <= 1000\n",
                 latency.c_str());
    return 2;
  }
  if (opt.wave_stop <= opt.wave_start) {
    std::fprintf(stderr, "mmu_sim: error: --wave-stop must be greater than --wave-start\n");
    return 2;
  }
  if ((app.count("--wave-start") || app.count("--wave-stop")) && opt.wave.empty()) {
    std::fprintf(stderr, "mmu_sim: error: --wave-start/--wave-stop need --wave FILE\n");
    return 2;
  }
  if (!opt.scenarios.empty() && (app.count("--test") || !opt.workload.empty())) {
    std::fprintf(stderr, "mmu_sim: error: --scenario cannot be combined with --test or --workload\n");
    return 2;
  }
  if (opt.model_only && opt.scenarios.empty()) {
    std::fprintf(stderr, "mmu_sim: error: --model-only needs --scenario FILE\n");
    return 2;
  }
  if (!opt.progress) opt.progress = isatty(STDERR_FILENO) && !opt.quiet;
  return -1;
}

std::string Options::repro(const std::string& wave_file) const {
  std::ostringstream s;
  s << program;
  if (!scenarios.empty()) {
    for (const std::string& f : scenarios) s << " --scenario " << f;
  } else {
    if (!workload.empty()) {
      s << " --workload " << workload << " --frames " << frames << " --asids " << asids;
      if (fifo) s << " --replacement fifo";
      if (kernel_ad) s << " --ad fault";
      if (scale != 1) s << " --scale " << scale;
    } else {
      s << " --test " << test;
    }
    s << " --seed " << seed;
    if (transactions) s << " --transactions " << transactions;
    if (cycles) s << " --cycles " << cycles;
  }
  s << " --build " << (build == Build::Rv32 ? "rv32" : "rv64") << " --tlb-entries " << tlb_entries;
  s << " --mem-latency " << latency_min;
  if (latency_max != latency_min) s << "-" << latency_max;
  if (backpressure > 0) s << " --backpressure " << backpressure;
  if (error_rate > 0) s << " --error-rate " << error_rate;
  if (watchdog != 10000) s << " --watchdog " << watchdog;
  for (const std::string& p : plusargs) s << " " << p;
  if (!wave_file.empty()) s << " --wave " << wave_file;
  return s.str();
}

}  // namespace mmu::sim
