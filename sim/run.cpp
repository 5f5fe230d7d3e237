#include "run.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include "duts.h"
#include "random_stimulus.h"
#include "rtl_target.h"
#include "scenario.h"
#include "program_trace_workload.h"
#include "trace.h"
#include "workloads.h"

namespace mmu::sim {

namespace {

using Steady = std::chrono::steady_clock;
constexpr int kPass = 0, kMismatch = 1, kUsage = 2;
constexpr uint64_t kDefaultCycles = 200000;

const char* build_name(Build b) { return b == Build::Rv32 ? "rv32" : "rv64"; }

// Whether --wave works for (build, entries): a traced variant of it is compiled in.
bool traceable(Build build, unsigned entries) {
  for (const tb::DutVariant& v : tb::dut_variants())
    if (v.build == build && v.tlb_entries == entries && v.trace) return true;
  return false;
}

// Whether variant i is the first of its (build, entries) pair: a pair compiled both
// traced and untraced is listed once.
bool first_of_pair(const std::vector<tb::DutVariant>& vs, size_t i) {
  return std::none_of(vs.begin(), vs.begin() + static_cast<std::ptrdiff_t>(i), [&](const tb::DutVariant& w) {
    return w.build == vs[i].build && w.tlb_entries == vs[i].tlb_entries;
  });
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

void write_junit(const std::string& path, const std::string& name, const std::string& classname, double seconds,
                 const std::string& failure) {
  std::ofstream f(path);
  f << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<testsuite name=\"mmu_sim\" tests=\"1\" failures=\"" << (failure.empty() ? 0 : 1) << "\" time=\"" << seconds
    << "\">\n  <testcase classname=\"" << xml_escape(classname) << "\" name=\"" << xml_escape(name) << "\" time=\""
    << seconds << "\">";
  if (!failure.empty()) f << "\n    <failure message=\"" << xml_escape(failure) << "\"/>\n  ";
  f << "</testcase>\n</testsuite>\n";
}

int list(const Options&) {
  fmt::print("tests (--test NAME, constrained-random, any seed):\n");
  for (const std::string& n : tb::random_test_names()) fmt::print("  {:<10} {}\n", n, tb::random_test_description(n));
  fmt::print("directed tests: the scenario files in tests/scenarios (--scenario FILE)\n");
  fmt::print("OS workloads (--workload NAME; --frames, --asids, --replacement, --ad, --scale):\n");
  for (const auto& [n, what] : os::workload_list()) fmt::print("  {:<12} {}\n", n, what);
  fmt::print("program traces (--trace FILE [--trace-limit N], the workload options; sim/scripts/record_trace.sh)\n");
  fmt::print("RTL variants compiled in (--build B --tlb-entries N):\n");
  const std::vector<tb::DutVariant>& vs = tb::dut_variants();
  for (size_t i = 0; i < vs.size(); ++i)
    if (first_of_pair(vs, i))
      fmt::print("  {} {}{}\n", build_name(vs[i].build), vs[i].tlb_entries,
                 traceable(vs[i].build, vs[i].tlb_entries) ? " (traced: --wave)" : "");
  return kPass;
}

std::unique_ptr<tb::Dut> make(const Options& opt, Build build) {
  std::vector<const char*> args{opt.program.c_str()};
  for (const std::string& p : opt.plusargs) args.push_back(p.c_str());
  std::unique_ptr<tb::Dut> dut =
      tb::make_dut(build, opt.tlb_entries, static_cast<int>(args.size()), args.data(), !opt.wave.empty());
  if (!dut) {
    std::string have;
    const std::vector<tb::DutVariant>& vs = tb::dut_variants();
    for (size_t i = 0; i < vs.size(); ++i)
      if (first_of_pair(vs, i) && (opt.wave.empty() || traceable(vs[i].build, vs[i].tlb_entries)))
        have += fmt::format(" {}:{}", build_name(vs[i].build), vs[i].tlb_entries);
    fmt::print(stderr, "mmu_sim: error: no RTL variant {} with {} TLB entries{} is compiled in (have:{}; "
               "see MMU_VARIANTS and MMU_WAVE_VARIANTS in tb/CMakeLists.txt)\n",
               build_name(build), opt.tlb_entries, opt.wave.empty() ? "" : " and tracing", have);
  }
  return dut;
}

// Functional coverage of a run, written to --coverage FILE when the run ends, with the
// test's name, its command line, its start time and whether it passed (a run that ends
// any other way than through passed() is recorded as failed, and not merged).
struct CoverageSink {
  explicit CoverageSink(const Options& opt) : path(opt.coverage) {
    run.command = opt.repro("");
    run.test = opt.coverage_name.empty() ? run.command : opt.coverage_name;
    run.tlb_entries = opt.tlb_entries;
    run.started_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
  }
  void attach(tb::Bench& bench) {
    if (!path.empty()) bench.enable_coverage(&cov);
  }
  // The run's exit status: only a pass counts.
  int passed(int status) {
    run.passed = status == kPass;
    return status;
  }
  ~CoverageSink() {
    if (path.empty()) return;
    std::ofstream f(path);
    f << cov.to_json(run);
    if (!f) fmt::print(stderr, "mmu_sim: error: cannot write coverage to {}\n", path);
  }
  std::string path;
  tb::CoverRun run;
  tb::Coverage cov{std::vector<unsigned>{}};  // per-entry bins are declared by the merge
};

tb::BenchConfig bench_config(const Options& opt, Build build) {
  tb::BenchConfig c;
  c.build = build;
  c.tlb_entries = opt.tlb_entries;
  c.mmu = tb::variant_config(build, opt.tlb_entries);
  c.seed = opt.seed;
  c.timing = tb::MemTiming{opt.latency_min, opt.latency_max, opt.backpressure};
  c.error_rate = opt.error_rate;
  c.watchdog = opt.watchdog;
  return c;
}

bool open_wave(const Options& opt, tb::Dut& dut, std::string& path);

// --inject-mismatch N, a testing aid of the checker itself: the DUT as the scoreboard sees
// it, with perf_hits_o flipped at the first cycle >= N out of reset. The scoreboard checks
// the counters on every such cycle, so the run fails right there, in any mode, on any
// variant; the RTL itself (and its waveform) is untouched.
class InjectingDut : public tb::Dut {
 public:
  InjectingDut(std::unique_ptr<tb::Dut> dut, uint64_t at) : dut_(std::move(dut)), at_(at) {}
  void apply(const tb::DutInputs& in) override {
    in_reset_ = !in.rst_n;
    dut_->apply(in);
  }
  void read(tb::DutOutputs& out) override {
    dut_->read(out);
    if (injected_ || in_reset_ || cycle_ < at_) return;
    out.perf[0].hits ^= 1;
    injected_ = true;
  }
  void posedge() override {
    dut_->posedge();
    ++cycle_;  // the bench's cycle count: one posedge per cycle
  }
  bool open_wave(const std::string& path, uint64_t start, uint64_t stop) override {
    return dut_->open_wave(path, start, stop);
  }
  void close_wave() override { dut_->close_wave(); }
  const char* name() const override { return dut_->name(); }
  unsigned assertion_failures() const override { return dut_->assertion_failures(); }

 private:
  std::unique_ptr<tb::Dut> dut_;
  uint64_t at_, cycle_ = 0;
  bool in_reset_ = true, injected_ = false;
};

// The DUT of one run, its waveform, and the bench around it with coverage attached.
struct Rig {
  explicit Rig(const Options& opt) : coverage(opt) {}
  bool open(const Options& opt, Build build) {
    dut = make(opt, build);
    if (dut && !opt.trace.empty()) {
      trace.open(opt.trace);
      if (!trace) {
        fmt::print(stderr, "mmu_sim: error: --record-trace: cannot write {}\n", opt.trace);
        return false;
      }
      dut = std::make_unique<tb::RecordingDut>(std::move(dut), build, opt.tlb_entries, trace);
    }
    if (dut && opt.inject_mismatch != Options::kNever)
      dut = std::make_unique<InjectingDut>(std::move(dut), opt.inject_mismatch);
    if (!dut || !open_wave(opt, *dut, wave)) return false;
    bench.emplace(*dut, bench_config(opt, build));
    coverage.attach(*bench);
    return true;
  }
  std::ofstream trace;  // --record-trace: outlives the DUT that writes it
  std::unique_ptr<tb::Dut> dut;
  std::string wave;
  std::optional<tb::Bench> bench;
  CoverageSink coverage;  // destroyed first: writes the counts before the bench goes
};

bool open_wave(const Options& opt, tb::Dut& dut, std::string& path) {
  if (opt.wave.empty()) return true;
  path = wave_path(opt.wave);
  if (!dut.open_wave(path, opt.wave_start, opt.wave_stop)) {
    fmt::print(stderr, "mmu_sim: error: cannot write waveform {}\n", path);
    return false;
  }
  return true;
}

// The waveform name of a reproduce run: what ran, on which variant, with which seed. A
// bare name, so that it goes to waves/ wherever the command is run from.
std::string repro_wave_name(const Options& opt) {
  std::string what = opt.test;
  if (!opt.workload.empty()) what = "workload_" + opt.workload;
  if (!opt.program_trace.empty())
    what = "trace_" + opt.program_trace.substr(opt.program_trace.find_last_of('/') + 1);
  if (!opt.scenarios.empty()) {
    what = opt.scenarios.front().substr(opt.scenarios.front().find_last_of('/') + 1);
    what = what.substr(0, what.rfind('.'));
  }
  for (char& c : what)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
  return fmt::format("repro_{}_{}_t{}_s{}.fst", what, build_name(opt.build), opt.tlb_entries, opt.seed);
}

// The reproduce lines of a failed run: the command line (with a waveform from
// wave_start on, when a traced variant is compiled in; otherwise a note why not) and,
// when this run wrote a waveform, where it is.
std::string reproduce(const Options& opt, uint64_t wave_start, const std::string& wave_written) {
  std::string lines = wave_written.empty() ? "" : fmt::format("  waveform: {}\n", wave_written);
  if (traceable(opt.build, opt.tlb_entries))
    return lines + fmt::format("  reproduce: {}\n", opt.repro(repro_wave_name(opt), wave_start));
  return lines + fmt::format("  reproduce: {}\n  (no --wave: no traced RTL variant {} tlb{} is compiled in, see "
                             "MMU_WAVE_VARIANTS in tb/CMakeLists.txt)\n",
                             opt.repro(""), build_name(opt.build), opt.tlb_entries);
}

// The failure report: cycle, expected, seen, and the command line that reproduces it
// (the waveform starts 200 cycles before the failure).
// The model's explanation of the last request accepted, indented under the report.
void report_mismatch(const Options& opt, const tb::Mismatch& m, const std::string& wave_written) {
  fmt::print(stderr, "mmu_sim: MISMATCH at cycle {}: {}\n  expected: {}\n  seen:     {}\n{}", m.cycle, m.what,
             m.expected, m.seen, reproduce(opt, m.cycle > 200 ? m.cycle - 200 : 0, wave_written));
  if (m.explanation.empty()) return;
  std::string text = "  the model's explanation of the last request accepted:\n";
  size_t start = 0;
  while (start < m.explanation.size()) {
    const size_t nl = m.explanation.find('\n', start);
    const size_t end = nl == std::string::npos ? m.explanation.size() : nl;
    text += "    " + m.explanation.substr(start, end - start) + "\n";
    start = end + 1;
  }
  fmt::print(stderr, "{}", text);
}

// Where --explain writes: standard output, a file, or nowhere.
class ExplainSink {
 public:
  // False (with an error line) when the file cannot be written.
  bool open(const Options& opt) {
    if (opt.explain.empty()) return true;
    if (opt.explain == "-") {
      out_ = &std::cout;
      return true;
    }
    file_.open(opt.explain);
    if (!file_) {
      fmt::print(stderr, "mmu_sim: error: --explain: cannot write {}\n", opt.explain);
      return false;
    }
    out_ = &file_;
    return true;
  }
  std::ostream* stream() const { return out_; }

 private:
  std::ofstream file_;
  std::ostream* out_ = nullptr;
};

int run_scenarios(Options& opt, tb::Clock& clock) {
  ExplainSink explain;
  if (!explain.open(opt)) return kUsage;
  for (const std::string& path : opt.scenarios) {
    tb::Scenario s;
    try {
      s = tb::load_scenario(path);
    } catch (const tb::ScenarioError& e) {
      fmt::print(stderr, "mmu_sim: error: {}\n", e.what());
      return kUsage;
    }
    if (opt.build_given && opt.build != s.build) {
      fmt::print(stderr, "mmu_sim: error: {}: the scenario needs the {} build, not --build {}\n", path,
                 build_name(s.build), build_name(opt.build));
      return kUsage;
    }
    std::fflush(stdout);
    // A timed directive that cannot apply (nothing to kill) is an error of the file.
    const auto play = [&](tb::ScenarioTarget& target, bool& ok) {
      try {
        ok = tb::run_scenario(s, target, std::cout);
        return true;
      } catch (const tb::ScenarioError& e) {
        std::cout.flush();
        fmt::print(stderr, "mmu_sim: error: {}\n", e.what());
        return false;
      }
    };
    bool ok = true;
    if (opt.model_only) {
      tb::ModelTarget target(s.build, tb::variant_config(s.build, opt.tlb_entries));
      target.set_explain(explain.stream());
      if (!play(target, ok)) return kUsage;
      continue;
    }
    Rig rig(opt);
    if (!rig.open(opt, s.build)) return kUsage;
    tb::Bench& bench = *rig.bench;
    bench.set_explain(explain.stream());
    tb::RtlTarget target(bench, clock);
    if (!play(target, ok)) return kUsage;
    std::cout.flush();
    rig.dut->close_wave();
    rig.coverage.passed(ok ? kPass : kMismatch);
    if (!ok) {
      Options again = opt;  // the failing file alone, on its build
      again.scenarios = {path};
      again.build = s.build;
      report_mismatch(again, *bench.failure(), rig.wave);
      if (!opt.junit.empty()) write_junit(opt.junit, path, "mmu_sim.scenario", 0, bench.failure()->what);
      return kMismatch;
    }
    if (!opt.junit.empty()) write_junit(opt.junit, path, "mmu_sim.scenario", 0, "");
  }
  return kPass;
}

double pct(uint64_t a, uint64_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

// How long a run took: wall-clock and CPU (this process, all threads) seconds.
struct RunTime {
  double wall = 0, cpu = 0;
};

void print_summary(const Options& opt, const tb::Bench& bench, RunTime time, const std::string& wave) {
  const double seconds = time.wall;
  const tb::ScoreboardStats& s = bench.scoreboard().stats();
  // Both ports together, then each port.
  MmuCounters c;
  for (Port p : {Port::Data, Port::Fetch}) {
    const MmuCounters& pc = bench.scoreboard().model().counters(p);
    c.hits += pc.hits;
    c.misses += pc.misses;
    c.walks += pc.walks;
    c.l2_hits += pc.l2_hits;
    c.walk_cache_hits += pc.walk_cache_hits;
  }
  const auto path = [&](Path p) { return s.by_path[static_cast<unsigned>(p)]; };
  const uint64_t lookups = c.hits + c.misses;
  fmt::print("mmu_sim: test {} seed {} on {} ({} TLB entries), memory latency {}-{}, back-pressure {}, error rate {}\n",
             opt.test, opt.seed, bench.config().build == Build::Rv32 ? "rv32" : "rv64", opt.tlb_entries,
             opt.latency_min, opt.latency_max, opt.backpressure, opt.error_rate);
  fmt::print("  cycles        {}\n", bench.cycles());
  fmt::print("  translations  {}  (TLB hits {} = {:.1f}% of lookups, misses {}, Svadu re-walks {}, bare {}, non-canonical {})\n",
             s.translations, c.hits, pct(c.hits, lookups), c.misses, path(Path::DirtyRewalk), path(Path::Bare),
             path(Path::NonCanonical));
  const MmuConfig& mc = bench.scoreboard().model().config();
  const uint64_t l1_misses = c.misses + path(Path::DirtyRewalk);  // lookups the L1 passed on
  fmt::print("  L2 TLB        {} hits = {:.1f}% of L1 misses ({} sets x {} ways + {} superpage entries); "
             "walk cache ({} entries): {} walks started below the root, {} pointers cached\n",
             c.l2_hits, pct(c.l2_hits, l1_misses), mc.l2.sets, mc.l2.ways,
             mc.l2.super_entries, mc.walk_cache, c.walk_cache_hits, s.walk_cache_fills);
  fmt::print("  walks         {}  ({} PTE reads = {:.2f} per L1 miss or re-walk, {} A/D writes, {} walk cycles; "
             "an L1 miss is answered in {:.2f} cycles on average)\n",
             c.walks, s.mem_reads, l1_misses ? static_cast<double>(s.mem_reads) / static_cast<double>(l1_misses) : 0.0,
             s.mem_writes, bench.scoreboard().walk_cycles(Port::Data) + bench.scoreboard().walk_cycles(Port::Fetch),
             s.miss_responses ? static_cast<double>(s.miss_latency) / static_cast<double>(s.miss_responses) : 0.0);
  for (Port p : {Port::Data, Port::Fetch}) {
    const MmuCounters& pc = bench.scoreboard().model().counters(p);
    const tb::PortStats& ps = s.port[index(p)];
    const uint64_t misses = pc.misses;
    const uint64_t passed = ps.miss_responses;  // answers past the L1 (L2 hits and walks)
    fmt::print("  {:<5} port    {} translations, L1 hits {:.1f}% of lookups; L2 hits {:.1f}% of its L1 misses; "
               "walks {} ({:.1f}% from the walk cache), {:.2f} PTE reads per L1 miss, L1-miss latency {:.2f}; "
               "waited for the walker {} times (at most {} edges)\n",
               p == Port::Data ? "data" : "fetch", ps.translations, pct(pc.hits, pc.hits + misses),
               pct(pc.l2_hits, passed), pc.walks, pct(pc.walk_cache_hits, pc.walks),
               passed ? static_cast<double>(ps.mem_reads) / static_cast<double>(passed) : 0.0,
               passed ? static_cast<double>(ps.miss_latency) / static_cast<double>(passed) : 0.0, ps.waits, ps.max_wait);
  }
  fmt::print("  arbiter       {} edges with both ports' misses at the free walker; {} edges with both ports answering\n",
             s.conflicts, s.both_responses);
  fmt::print("  faults        page: fetch {} load {} store {}; access: fetch {} load {} store {}\n", s.faults[12],
             s.faults[13], s.faults[15], s.faults[1], s.faults[5], s.faults[7]);
  fmt::print("  sfences       {}  resets during the run {}\n", s.sfences, bench.resets() - 1);
  fmt::print("  races         kills {} ({} drained), A/D updates that found the PTE changed {}, refills cancelled "
             "by an sfence {}\n",
             s.kills, s.drains, s.restarts, s.cancelled_fills);
  fmt::print("  speed         {:.0f} cycles/s, {:.0f} translations/s ({:.2f} s); {:.0f} cycles per CPU second\n",
             seconds > 0 ? static_cast<double>(bench.cycles()) / seconds : 0.0,
             seconds > 0 ? static_cast<double>(s.translations) / seconds : 0.0, seconds,
             time.cpu > 0 ? static_cast<double>(bench.cycles()) / time.cpu : 0.0);
  if (!wave.empty()) fmt::print("  waveform      {}\n", wave);
}

// Clock the bench until the stimulus is done or the cycle budget is spent, with a
// progress line on a terminal. Returns the wall and CPU time.
RunTime clock_run(const Options& opt, tb::Clock& clock, tb::Bench& bench, const tb::Stimulus& stim,
                 uint64_t max_cycles) {
  const auto t0 = Steady::now();
  const std::clock_t c0 = std::clock();
  auto last_print = t0;
  const bool progress = opt.progress;
  clock.run(bench, max_cycles, [&] {
    if (stim.done(bench)) return true;
    if (progress && (bench.cycles() & 0xffff) == 0) {
      const auto now = Steady::now();
      if (now - last_print > std::chrono::milliseconds(500)) {
        last_print = now;
        const double secs = std::chrono::duration<double>(now - t0).count();
        fmt::print(stderr, "\r  cycle {:>12}  translations {:>11}  {:.2f} M cycles/s ", bench.cycles(),
                   bench.scoreboard().stats().translations, static_cast<double>(bench.cycles()) / secs / 1e6);
      }
    }
    return false;
  });
  if (progress) fmt::print(stderr, "\r{:80}\r", "");
  return {std::chrono::duration<double>(Steady::now() - t0).count(),
          static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC};
}

// The end of a run: mismatch report or summary, JUnit, exit status.
int finish(const Options& opt, tb::Bench& bench, RunTime time, const std::string& wave, const std::string& name,
           const std::string& error, const std::function<void()>& extra_summary) {
  const std::string cls = fmt::format("mmu_sim.{}.tlb{}", build_name(opt.build), opt.tlb_entries);
  if (bench.failed()) {
    report_mismatch(opt, *bench.failure(), wave);
    if (!opt.junit.empty()) write_junit(opt.junit, name, cls, time.wall, bench.failure()->what);
    return kMismatch;
  }
  if (!error.empty()) {
    fmt::print(stderr, "mmu_sim: FAILED at cycle {}: {}\n{}", bench.cycles(), error, reproduce(opt, 0, wave));
    if (!opt.junit.empty()) write_junit(opt.junit, name, cls, time.wall, error);
    return kMismatch;
  }
  if (!opt.quiet) {
    print_summary(opt, bench, time, wave);
    if (extra_summary) extra_summary();
    fmt::print("PASS\n");
  }
  if (!opt.junit.empty()) write_junit(opt.junit, name, cls, time.wall, "");
  return kPass;
}

// The accepted requests, the page tables and the CSRs of a run, as files other
// simulators replay: requests.hex (kind digit + 16 hex digits of VA per line), mem.hex
// (PTE-sized words from the RAM base), config.txt (key=value, hex).
// The page tables before the run starts (the RTL's A/D writes change them).
bool dump_memory(const std::string& dir, tb::Bench& bench, const tb::RandomStimulus& stim) {
  const BuildInfo bi = build_info(bench.config().build);
  std::ofstream mem(dir + "/mem.hex");
  if (!mem) {
    fmt::print(stderr, "mmu_sim: error: cannot write into --dump-stimulus directory {}\n", dir);
    return false;
  }
  // From the RAM base to the last page-table frame (the tables may start above the base).
  const uint64_t words = (stim.table_base() - bench.csrs.ram.base + stim.table_frames() * kPageSize) / bi.pte_bytes;
  for (uint64_t w = 0; w < words; ++w)
    mem << fmt::format("{:0{}x}\n", bench.mem().peek(bench.csrs.ram.base + w * bi.pte_bytes, bi.pte_bytes),
                       bi.pte_bytes * 2);
  return true;
}

bool dump_stimulus(const std::string& dir, tb::Bench& bench, const tb::RandomStimulus& stim,
                   const std::vector<std::pair<uint8_t, uint64_t>>& requests) {
  const BuildInfo bi = build_info(bench.config().build);
  std::ofstream req(dir + "/requests.hex"), cfg(dir + "/config.txt");
  if (!req || !cfg) {
    fmt::print(stderr, "mmu_sim: error: cannot write into --dump-stimulus directory {}\n", dir);
    return false;
  }
  for (const auto& [kind, va] : requests) req << fmt::format("{:x}{:016x}\n", kind, va);
  // From the RAM base to the last page-table frame (the tables may start above the base).
  const uint64_t words = (stim.table_base() - bench.csrs.ram.base + stim.table_frames() * kPageSize) / bi.pte_bytes;
  const CsrView& c = bench.csrs;
  cfg << fmt::format("xlen={:x}\nsatp_mode={:x}\nsatp_asid={:x}\nsatp_ppn={:x}\npriv={:x}\nsum={:x}\nmxr={:x}\n"
                     "ad_hw={:x}\nram_base={:x}\nram_size={:x}\nmem_words={:x}\nrequests={:x}\ncycles={:x}\n",
                     bi.xlen, tb::satp_mode_bits(c.mode), c.asid, c.root_ppn, static_cast<unsigned>(c.priv), c.sum,
                     c.mxr, c.ad == AdPolicy::Hw, c.ram.base, c.ram.size, words, requests.size(), bench.cycles());
  return true;
}

int run_test(Options& opt, tb::Clock& clock) {
  tb::RandomConfig rc;
  if (!tb::random_preset(opt.test, rc)) {
    fmt::print(stderr, "mmu_sim: error: unknown test '{}' (see --list)\n", opt.test);
    return kUsage;
  }
  Rig rig(opt);
  if (!rig.open(opt, opt.build)) return kUsage;
  tb::Bench& bench = *rig.bench;
  ExplainSink explain;
  if (!explain.open(opt)) return kUsage;
  bench.set_explain(explain.stream());
  rc.requests = opt.transactions;
  tb::RandomStimulus stim(bench, rc, opt.seed);
  bench.set_stimulus(&stim);
  std::vector<std::pair<uint8_t, uint64_t>> requests;
  if (!opt.dump_dir.empty()) {
    if (!dump_memory(opt.dump_dir, bench, stim)) return kUsage;
    bench.record_requests(&requests);
  }
  const uint64_t max_cycles = opt.cycles ? opt.cycles : opt.transactions ? ~uint64_t{0} : kDefaultCycles;
  const RunTime time = clock_run(opt, clock, bench, stim, max_cycles);
  rig.dut->close_wave();
  if (!opt.dump_dir.empty() && !dump_stimulus(opt.dump_dir, bench, stim, requests)) return kUsage;
  return rig.coverage.passed(
      finish(opt, bench, time, rig.wave, fmt::format("{} seed {}", opt.test, opt.seed), "", nullptr));
}

// The summary lines of a trace run: the file, the part played, how it was laid out.
void print_trace(const os::TraceWorkload& t) {
  const os::TraceInfo& i = t.info();
  fmt::print("  trace         {}: {} accesses in {} bytes ({:.2f} bytes/access); played {} (fetch {}, load {}, "
             "store {}, modify {}), {} pages\n",
             i.path, i.records, i.bytes, i.records ? double(i.bytes - os::kTraceHeaderBytes) / double(i.records) : 0.0,
             t.played(), i.fetches, i.loads, i.stores, i.modifies, i.pages);
  const os::TraceLayout& l = t.layout();
  fmt::print("  layout        {} regions of {} KiB blocks folded into {:#x}..{:#x}, {} areas\n", l.regions().size(),
             (uint64_t{1} << l.block_shift()) >> 10, os::kTraceBase,
             l.regions().empty() ? os::kTraceBase : l.regions().back().va + l.regions().back().bytes, l.areas().size());
  for (const os::TraceLayout::Region& r : l.regions())
    fmt::print("    {:#014x}..{:#014x} -> {:#x}\n", r.trace_va, r.trace_va + r.bytes, r.va);
}

int run_workload(Options& opt, tb::Clock& clock) {
  std::unique_ptr<os::Workload> w;
  const os::TraceWorkload* trace = nullptr;  // --trace: a recorded program
  if (!opt.program_trace.empty()) {
    std::string error;
    std::unique_ptr<os::TraceWorkload> t =
        os::TraceWorkload::open(opt.program_trace, opt.build, opt.program_trace_limit, error);
    if (!t) {
      fmt::print(stderr, "{}\n", error);
      return kUsage;
    }
    trace = t.get();
    w = std::move(t);
  } else {
    w = os::make_workload(opt.workload, opt.scale);
  }
  if (!w) {
    fmt::print(stderr, "mmu_sim: error: unknown workload '{}' (see --list)\n", opt.workload);
    return kUsage;
  }
  Rig rig(opt);
  if (!rig.open(opt, opt.build)) return kUsage;
  tb::Bench& bench = *rig.bench;
  ExplainSink explain;
  if (!explain.open(opt)) return kUsage;
  bench.set_explain(explain.stream());
  if (!opt.frames) opt.frames = w->default_frames(opt.build);  // the workload's own default
  os::KernelConfig kc;
  kc.frames = opt.frames;
  kc.huge_pages = w->huge_pages();
  kc.asids = opt.asids;
  kc.replacement = opt.fifo ? os::Replacement::Fifo : os::Replacement::Clock;
  kc.hw_ad = !opt.kernel_ad;
  kc.random_placement = opt.random_placement;
  os::WorkloadStimulus stim(bench, kc, std::move(w), opt.seed);
  bench.set_stimulus(&stim);
  const uint64_t max_cycles = opt.cycles ? opt.cycles : ~uint64_t{0};
  const RunTime time = clock_run(opt, clock, bench, stim, max_cycles);
  rig.dut->close_wave();
  std::string error = stim.error();
  if (error.empty() && !stim.done(bench) && !bench.failed())
    error = fmt::format("the workload did not finish within {} cycles", max_cycles);
  if (trace && error.empty() && !trace->error().empty()) error = trace->error();  // changed since it was checked
  const os::KernelStats& k = stim.kernel().stats();
  opt.test = trace ? "trace " + opt.program_trace : "workload " + opt.workload;
  return rig.coverage.passed(finish(opt, bench, time, rig.wave, fmt::format("{} seed {}", opt.test, opt.seed), error, [&] {
    if (trace) print_trace(*trace);
    fmt::print("  kernel        {} frames ({} replacement), {} ASIDs, A/D by {}\n", kc.frames,
               opt.fifo ? "FIFO" : "clock", stim.kernel().config().asids, kc.hw_ad ? "hardware (Svadu)" : "the kernel (Svade)");
    const tb::RamPlacement& pl = stim.kernel().placement();
    fmt::print("  memory        RAM window {}..{}, page tables from {}, data frames from {}\n", hex(pl.window.base),
               hex(pl.window.base + pl.window.size - 1), hex(pl.table_base), hex(stim.kernel().frame_base()));
    fmt::print("  accesses      {}  (loads checked {}, fetches checked {}, stores {})\n", k.accesses, k.loads_checked,
               k.fetches, k.stores);
    fmt::print("  page faults   {}  (demand-zero {}, swap-in {}, file-in {}, copy-on-write {}, A/D {}, refused {} "
               "of which expected {})\n",
               stim.faults_handled(), k.faults_demand_zero, k.faults_swap_in, k.faults_file_in, k.faults_cow,
               k.faults_ad, k.faults_segv, stim.expected_segv());
    fmt::print("  paging        swap-ins {}, swap-outs {}, clean drops {}, file write-backs {}, COW copies {}, "
               "evictions {}, frames freed {}\n",
               k.swap_ins, k.swap_outs, k.clean_drops, k.file_writebacks, k.cow_copies, k.evictions, k.frames_freed);
    fmt::print("  processes     forks {}, exits {}, context switches {}, ASID reuses {}, kernel sfences {}\n", k.forks,
               k.exits, k.context_switches, k.asid_reuses, stim.sfences());
    fmt::print("  aging         {} A bits cleared by another hart's page aging during walks\n", k.aged);
    if (k.threads)
      fmt::print("  threads       {} spawned, {} exited, {} switches within an address space (no satp change, no sfence)\n",
                 k.threads, k.thread_exits, k.thread_switches);
    const std::vector<os::Reclaim>& rec = stim.kernel().reclaims();
    if (k.cache_kept || k.cache_read_hits || k.cache_read_misses) {
      fmt::print("  page cache    {} pages kept after their last unmap, mmap faults served from the cache {}, "
                 "read() hits {} misses {}, reclaimed {}\n",
                 k.cache_kept, k.cache_map_hits, k.cache_read_hits, k.cache_read_misses, k.cache_reclaims);
      // The order in which memory pressure took frames, as runs: kind x count.
      static const char* const kName[] = {"cache", "file-clean", "file-dirty", "anon-clean", "anon-swap"};
      std::string runs;
      for (size_t i = 0; i < rec.size();) {
        size_t j = i;
        while (j < rec.size() && rec[j] == rec[i]) ++j;
        runs += fmt::format("{}{}x{}", runs.empty() ? "" : " ", kName[static_cast<int>(rec[i])], j - i);
        i = j;
      }
      fmt::print("  reclaim order {}\n", runs.empty() ? "(none)" : runs);
    }
    if (kc.huge_pages)
      fmt::print("  huge pages    faults {} x {} KiB, {} x 1 GiB; splits {} + {}; collapses {}; fallbacks to 4 KiB {}; "
                 "non-leaf sfences {}\n",
                 k.huge_faults[1], stim.kernel().huge_page_bytes(1) / 1024, k.huge_faults[2], k.huge_splits[1],
                 k.huge_splits[2], k.huge_collapses, k.huge_fallbacks, k.nonleaf_fences);
    fmt::print("  integrity     {} checks passed\n", k.integrity_checks);
  }));
}

}  // namespace

int run(Options& opt, tb::Clock& clock) {
  if (opt.list) return list(opt);
  if (!opt.workload.empty() || !opt.program_trace.empty()) return run_workload(opt, clock);
  if (!opt.scenarios.empty()) return run_scenarios(opt, clock);
  return run_test(opt, clock);
}

}  // namespace mmu::sim
