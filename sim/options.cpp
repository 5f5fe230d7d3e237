#include "options.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <sstream>

#ifndef MMU_SOURCE_DIR
#define MMU_SOURCE_DIR "."
#endif

namespace mmu::sim {

namespace {

constexpr uint64_t kMaxU64 = ~uint64_t{0};
constexpr uint64_t k2p40 = uint64_t{1} << 40;  // cycle counts: 12 days of simulation at 1 M cycles/s

bool is_dir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Decimal digits only, at most 2^64-1: no sign, blank, exponent or 0x ("-5" is not 2^64-5).
bool parse_whole(const std::string& text, uint64_t& value) {
  if (text.empty()) return false;
  value = 0;
  for (char c : text) {
    if (!is_digit(c)) return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (value > (kMaxU64 - d) / 10) return false;
    value = value * 10 + d;
  }
  return true;
}

// A plain decimal: digits with at most one point, an optional exponent (5e-3); no sign,
// blank, nan, inf or hex float.
bool parse_real(const std::string& text, double& value) {
  size_t i = 0, digits = 0;
  const auto skip_digits = [&] {
    size_t n = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) ++n;
    return n;
  };
  digits += skip_digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    digits += skip_digits();
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (skip_digits() == 0) return false;
  }
  if (i != text.size()) return false;
  value = std::strtod(text.c_str(), nullptr);
  return std::isfinite(value);
}

// How --help and the errors spell a bound: large powers of two as 2^N.
std::string bound_text(uint64_t v) {
  if (v == kMaxU64) return "2^64-1";
  if (v >= (uint64_t{1} << 20) && (v & (v - 1)) == 0) return "2^" + std::to_string(__builtin_ctzll(v));
  return std::to_string(v);
}

// The shortest decimal that reads back as exactly v (0.1, not 0.10000000000000001).
std::string real_text(double v) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// A value as the error line shows it: quoted when it would otherwise be invisible.
std::string shown(const std::string& text) {
  return text.empty() || text.find_first_of(" \t") != std::string::npos ? "'" + text + "'" : text;
}

// A word as a POSIX shell reads it back: bare when plainly safe, else in single quotes.
std::string shell_word(const std::string& w) {
  static const char kSafe[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./+:,@%";
  if (!w.empty() && w.find_first_not_of(kSafe) == std::string::npos) return w;
  std::string q = "'";
  for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The numeric options: CLI11 reads them as text (it would wrap "-5" into 2^64-5 and take
// "0x10", " 7" or "nan"), and check() validates each given one against its range.
class NumericOptions {
 public:
  explicit NumericOptions(CLI::App& app) : app_(app) {}

  // A whole number in lo..hi; the range is appended to the help text.
  void whole(const std::string& name, uint64_t lo, uint64_t hi, const std::string& help,
             std::function<void(uint64_t)> set) {
    add(name, bound_text(lo) + ".." + bound_text(hi), "whole number", "N", help, [=](const std::string& text) {
      uint64_t v = 0;
      if (!parse_whole(text, v) || v < lo || v > hi) return false;
      set(v);
      return true;
    });
  }

  // A decimal number in lo..hi.
  void real(const std::string& name, double lo, double hi, const std::string& help, std::function<void(double)> set) {
    add(name, real_text(lo) + ".." + real_text(hi), "number", "X", help, [=](const std::string& text) {
      double v = 0;
      if (!parse_real(text, v) || v < lo || v > hi) return false;
      set(v);
      return true;
    });
  }

  // After parsing: store every given value, or print one error line naming the first
  // bad one (in the order the options were added) and return false.
  bool check() const {
    for (const Entry& e : entries_) {
      if (app_.count(e.name) == 0 || e.store(e.text)) continue;
      std::fprintf(stderr, "mmu_sim: error: %s: %s is not a %s in %s\n", e.name.c_str(), shown(e.text).c_str(),
                   e.what.c_str(), e.range.c_str());
      return false;
    }
    return true;
  }

 private:
  struct Entry {
    std::string name, range, what, text;  // what: "whole number" or "number", for the error line
    std::function<bool(const std::string&)> store;
  };

  void add(const std::string& name, const std::string& range, const std::string& what, const char* type,
           const std::string& help, std::function<bool(const std::string&)> store) {
    Entry& e = entries_.emplace_back(Entry{name, range, what, "", std::move(store)});
    app_.add_option(name, e.text, help + " [" + range + "]")->type_name(type);
  }

  CLI::App& app_;
  std::deque<Entry> entries_;  // a deque: CLI11 keeps a reference to each text
};

// "N" or "A-B" (inclusive), 1 <= A <= B <= 1000.
bool parse_latency(const std::string& text, unsigned& lo, unsigned& hi) {
  const size_t dash = text.find('-');
  uint64_t a = 0, b = 0;
  if (!parse_whole(text.substr(0, dash), a)) return false;
  b = a;
  if (dash != std::string::npos && !parse_whole(text.substr(dash + 1), b)) return false;
  if (a < 1 || b < a || b > 1000) return false;
  lo = static_cast<unsigned>(a);
  hi = static_cast<unsigned>(b);
  return true;
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
  NumericOptions num(app);
  std::string build = "rv64", latency = "1";
  app.add_option("--test", opt.test, "test to run (see --list)");
  app.add_option("--scenario", opt.scenarios, "scenario file (DESIGN.md format); repeatable")->check(CLI::ExistingFile);
  app.add_option("--workload", opt.workload, "OS workload to run (see --list)");
  app.add_option("--trace", opt.program_trace, "play a recorded program trace as a workload (sim/scripts/record_trace.sh)");
  num.whole("--trace-limit", 1, k2p40, "traces: play only the first N accesses of --trace FILE",
            [&](uint64_t v) { opt.program_trace_limit = v; });
  std::string replacement = "clock", ad = "hw", placement = "default";
  num.whole("--frames", 4, 1u << 19, "workloads: physical frames for process data (default 48; huge: enough for its huge pages)",
            [&](uint64_t v) { opt.frames = static_cast<unsigned>(v); });
  num.whole("--asids", 1, 65535, "workloads: ASIDs the kernel hands out before reusing them",
            [&](uint64_t v) { opt.asids = static_cast<unsigned>(v); });
  app.add_option("--replacement", replacement, "workloads: page replacement, clock or fifo")
      ->check(CLI::IsMember({"clock", "fifo"}));
  app.add_option("--ad", ad, "workloads: A/D bits by hardware (hw, Svadu) or by the kernel (fault, Svade)")
      ->check(CLI::IsMember({"hw", "fault"}));
  app.add_option("--placement", placement,
                 "workloads: RAM window, page tables and frames at the default place (default) or placed from the "
                 "seed (random: above 4 GiB, across 2^32, at the top of the PA space, or small)")
      ->check(CLI::IsMember({"default", "random"}));
  num.whole("--scale", 1, 1000, "workloads: length multiplier", [&](uint64_t v) { opt.scale = static_cast<unsigned>(v); });
  num.whole("--seed", 0, kMaxU64, "random seed", [&](uint64_t v) { opt.seed = v; });
  num.whole("--transactions", 1, k2p40, "stop after N translations", [&](uint64_t v) { opt.transactions = v; });
  num.whole("--cycles", 1, k2p40, "stop after N cycles (default 200000 without --transactions)",
            [&](uint64_t v) { opt.cycles = v; });
  app.add_option("--build", build, "rv32 (Sv32) or rv64 (Sv39/Sv48/Sv57)")->check(CLI::IsMember({"rv32", "rv64"}));
  num.whole("--tlb-entries", 1, 1024, "TLB entries (a compiled variant, see --list)",
            [&](uint64_t v) { opt.tlb_entries = static_cast<unsigned>(v); });
  app.add_option("--mem-latency", latency, "PTW memory latency in cycles: N or MIN-MAX [1..1000]")->type_name("N|MIN-MAX");
  num.real("--backpressure", 0.0, 0.95, "chance per cycle that memory is not ready",
           [&](double v) { opt.backpressure = v; });
  num.real("--error-rate", 0.0, 1.0, "chance that a PTW memory access gets a bus error",
           [&](double v) { opt.error_rate = v; });
  app.add_option("--wave", opt.wave, "write an FST waveform (a bare name goes to waves/; the traced variants: see --list)");
  num.whole("--wave-start", 0, k2p40, "first cycle in the waveform", [&](uint64_t v) { opt.wave_start = v; });
  num.whole("--wave-stop", 1, k2p40, "cycle where the waveform stops (default: the end of the run)",
            [&](uint64_t v) { opt.wave_stop = v; });
  app.add_option("--junit", opt.junit, "write a JUnit XML report");
  app.add_option("--coverage", opt.coverage, "sample functional coverage and write its counts (JSON) to FILE");
  app.add_option("--coverage-name", opt.coverage_name,
                 "the test's name in the coverage file, which the merged report shows (default: the command line)");
  app.add_option("--explain", opt.explain,
                 "explain every translation as the model makes it (address split, TLB lookup, each PTE read "
                 "and check, A/D, PA or fault) into FILE, or standard output when FILE is - or omitted")
      ->expected(0, 1)
      ->default_str("-")
      ->type_name("[FILE]");
  app.add_option("--dump-stimulus", opt.dump_dir,
                 "tests: write the accepted requests and the page tables into DIR (for the benchmarks)");
  app.add_option("--record-trace", opt.trace,
                 "write every cycle's RTL inputs and outputs into FILE (a cycle trace, tb/core/trace.h; "
                 "tb/cocotb replays and checks it)");
  num.whole("--watchdog", 10, 100000000, "cycles without progress that count as a hang",
            [&](uint64_t v) { opt.watchdog = v; });
  num.whole("--sc-quantum", 1, 1024,
            "cycles per SystemC clock activation (1: every edge; more: temporal decoupling, faster)",
            [&](uint64_t v) { opt.sc_quantum = static_cast<unsigned>(v); });
  num.whole("--inject-mismatch", 0, k2p40,
            "testing aid for the checker itself: corrupt an RTL output it sees at the first checked cycle >= N, "
            "a mismatch on purpose (kept in the reproduce line)",
            [&](uint64_t v) { opt.inject_mismatch = v; });
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
  if (!num.check()) return 2;
  opt.build_given = app.count("--build") > 0;
  opt.fifo = replacement == "fifo";
  opt.kernel_ad = ad == "fault";
  opt.random_placement = placement == "random";
  opt.build = build == "rv32" ? Build::Rv32 : Build::Rv64;
  if (!parse_latency(latency, opt.latency_min, opt.latency_max)) {
    std::fprintf(stderr, "mmu_sim: error: --mem-latency: %s is not N or MIN-MAX with 1 <= MIN <= MAX <= 1000\n",
                 shown(latency).c_str());
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
  if (!opt.program_trace.empty() && (app.count("--test") || !opt.workload.empty() || !opt.scenarios.empty())) {
    std::fprintf(stderr, "mmu_sim: error: --trace cannot be combined with --test, --workload or --scenario\n");
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
  if (!opt.trace.empty() && (opt.model_only || opt.scenarios.size() > 1)) {
    std::fprintf(stderr, "mmu_sim: error: --record-trace records one RTL run: not with --model-only or several --scenario\n");
    return 2;
  }
  if (app.count("--explain") && opt.explain.empty()) {
    std::fprintf(stderr, "mmu_sim: error: --explain: the file name is empty (use - for standard output)\n");
    return 2;
  }
  if (!opt.progress) opt.progress = isatty(STDERR_FILENO) && !opt.quiet;
  return -1;
}

std::string Options::repro(const std::string& wave_file, uint64_t wave_start) const {
  const Options defaults;
  std::ostringstream s;
  s << shell_word(program);
  if (!scenarios.empty()) {
    for (const std::string& f : scenarios) s << " --scenario " << shell_word(f);
  } else if (!workload.empty() || !program_trace.empty()) {
    if (!program_trace.empty()) s << " --trace " << shell_word(program_trace);
    if (program_trace_limit) s << " --trace-limit " << program_trace_limit;
    if (program_trace.empty()) s << " --workload " << shell_word(workload);
    s << " --frames " << frames << " --asids " << asids;
    if (fifo) s << " --replacement fifo";
    if (kernel_ad) s << " --ad fault";
    if (random_placement) s << " --placement random";
    if (scale != defaults.scale) s << " --scale " << scale;
    if (cycles) s << " --cycles " << cycles;
  } else {
    s << " --test " << shell_word(test);
    if (transactions) s << " --transactions " << transactions;
    if (cycles) s << " --cycles " << cycles;
  }
  s << " --seed " << seed;  // scenarios too: it drives the memory's latency and back-pressure
  s << " --build " << (build == Build::Rv32 ? "rv32" : "rv64") << " --tlb-entries " << tlb_entries;
  s << " --mem-latency " << latency_min;
  if (latency_max != latency_min) s << "-" << latency_max;
  if (backpressure > 0) s << " --backpressure " << real_text(backpressure);
  if (error_rate > 0) s << " --error-rate " << real_text(error_rate);
  if (watchdog != defaults.watchdog) s << " --watchdog " << watchdog;
  if (sc_quantum != defaults.sc_quantum) s << " --sc-quantum " << sc_quantum;
  if (inject_mismatch != kNever) s << " --inject-mismatch " << inject_mismatch;
  for (const std::string& p : plusargs) s << " " << shell_word(p);
  if (!wave_file.empty()) {
    s << " --wave " << shell_word(wave_file);
    if (wave_start > 0) s << " --wave-start " << wave_start;
  }
  return s.str();
}

}  // namespace mmu::sim
