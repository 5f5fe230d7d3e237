// Functional coverage: what the regression exercised, as named bins in groups (access
// kind x privilege x outcome, permission crosses with SUM and MXR, page sizes per mode,
// why each walk stopped and at which level, TLB paths, hits per TLB entry, multiple and
// cross-ASID matches, A/D paths under both policies, sfence kinds x page size x entry
// kind, bus errors and PMA faults per walk level, the walker's state x back-pressure x
// reset, mode switches with live entries, PLRU victims, stale translations and why).
//
// Every bin is declared up front in Coverage::Coverage() (coverage.cpp), with a goal: the
// number of hits the merged regression must reach (not one hit: a bin hit once is luck).
// A bin that cannot be hit is declared with the reason instead. Adding bins:
//
//   declare("my group", "my bin");                       // goal kGoal
//   declare("my group", "rare bin", Goal{3});            // a goal of its own
//   declare("my group", "never", Unreachable{"why"});    // listed with the reason
//   ... and where it happens:  cov->hit("my group", "my bin");
//
// hit() of a bin that was never declared is reported (text, HTML, mmu_cov's exit status),
// so a typo cannot pass as coverage. Per-translation crosses use bump() (no string work
// after the first hit of a bin).
//
// A run saves its counts as JSON with the test's name, its command line, its result and
// its start time (to_json); `mmu_cov` merges the passing runs, in the order they started,
// into a text and an HTML report naming, for each bin, its count, its goal and the first
// test that hit it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mmu_model.h"

namespace mmu::tb {

struct Goal {
  uint64_t hits;
};
struct Unreachable {
  std::string why;
};

struct CoverBin {
  std::string group, name;
  uint64_t goal = 0;        // hits the merged regression must reach (0: unreachable)
  std::string unreachable;  // why the bin cannot be hit ("" = reachable)
  std::string key() const { return group + "/" + name; }
};

// One run's coverage file: who wrote it, whether the run passed, its counts.
struct CoverRun {
  std::string test;          // the name the run was given (--coverage-name), else its command
  std::string command;       // the command line that reproduces the run
  bool passed = false;       // runs that failed are not merged
  uint64_t started_ms = 0;   // wall-clock start, ms since the epoch (merge order)
  unsigned tlb_entries = 0;  // the TLB size of the run (0: unknown)
  std::map<std::string, uint64_t> counts;  // "group/name" -> hits
};

// Parse a coverage file (JSON); false with `error` set when it is malformed.
bool parse_cover_run(const std::string& text, CoverRun& run, std::string& error);

class Coverage {
 public:
  static constexpr uint64_t kGoal = 10;  // the goal of a bin declared without one
  // The TLB sizes whose per-entry bins are declared ("tlb entry/entry 3 of 16").
  static const std::vector<unsigned>& all_tlb_sizes();

  explicit Coverage(const std::vector<unsigned>& tlb_sizes = all_tlb_sizes());

  // Samplers, called by the scoreboard and the bench.
  void translation(Build build, const CsrView& csrs, Access acc, const Outcome& o, const SparseMemory& mem,
                   unsigned tlb_entries, bool stale, bool shadow_checked);
  // A translated lookup about to be made against `tlb` (before it changes anything):
  // multiple matches, cross-ASID matches, one-bit ASID differences, entries of another
  // mode. `fill_mode[i]` is the satp.MODE entry i was filled under.
  void lookup(Build build, const CsrView& csrs, uint64_t va, const Tlb& tlb, const std::vector<Mode>& fill_mode);
  // A refill just wrote entry `e` of `tlb`.
  void refill(const Tlb& tlb, unsigned e);
  // A stale hit (the entry answers, a walk of today's tables would not): why.
  void stale_hit(const Outcome& hit, const WalkResult& fresh);
  // An sfence: what it removed (the entries valid before it, and after it) or spared.
  void sfence(const SfenceOp& op, const SfenceEffect& fx, const std::vector<TlbEntry>& before, const Tlb& after);
  void hit(const std::string& group, const std::string& name);  // by name
  void response_id(unsigned id);  // a response carried request ID `id` (4-bit IDs)

  const std::vector<CoverBin>& bins() const { return bins_; }
  const std::map<std::string, uint64_t>& counts() const { return counts_; }
  uint64_t count(const CoverBin& b) const;
  // The first merged test that hit each bin ("group/name" -> test).
  const std::map<std::string, std::string>& first() const { return first_; }

  // The run's counts as a coverage file, with what `run` says about it (not its counts).
  std::string to_json(const CoverRun& run) const;
  // Add a passing run's counts (runs merged in the order they started: the first test
  // recorded for a bin is the earliest run that hit it).
  void merge(const CoverRun& run);

  // Reports over all bins: count, goal, first test; unreachable bins with the reason;
  // bins sampled but never declared.
  std::string text_report(const std::string& header = "") const;
  std::string html_report(const std::string& header = "") const;
  std::string summary() const;  // "N of M reachable bins at goal (..%), K hit at least once, U unreachable"
  unsigned reachable() const;
  unsigned covered() const;  // reachable bins hit at least once
  unsigned at_goal() const;  // reachable bins that reached their goal
  std::vector<std::string> undeclared() const;  // sampled keys no bin declares

 private:
  void declare(const std::string& group, const std::string& name, Goal goal = Goal{kGoal});
  void declare(const std::string& group, const std::string& name, const Unreachable& why);
  // Count a bin of a per-translation cross by its index: the bin's name is built (and
  // its counter looked up) only the first time, so sampling costs no string work.
  template <class Key>
  void bump(std::vector<uint64_t*>& cache, size_t index, Key key) {
    if (!cache[index]) cache[index] = &counts_[key()];
    ++*cache[index];
  }
  std::vector<CoverBin> bins_;
  std::map<std::string, uint64_t> counts_;  // "group/name" -> hits (node addresses are stable)
  std::map<std::string, std::string> first_;
  std::vector<uint64_t*> access_ = std::vector<uint64_t*>(4 * 3 * 3), perm_ = std::vector<uint64_t*>(4 * 2 * 2 * 2 * 2),
                         bare_ = std::vector<uint64_t*>(2), id_ = std::vector<uint64_t*>(16),
                         size_ = std::vector<uint64_t*>(5 * 5 * 2 * 2), path_ = std::vector<uint64_t*>(kPaths),
                         victim_ = std::vector<uint64_t*>(2 * 16), stale_ = std::vector<uint64_t*>(2),
                         stop_ = std::vector<uint64_t*>(5 * 9 * 5),
                         l2_size_ = std::vector<uint64_t*>(5 * 5), pwc_level_ = std::vector<uint64_t*>(5 * 5), entry_ = std::vector<uint64_t*>(6 * 128);
};

}  // namespace mmu::tb
