// Functional coverage: what the regression exercised, as named bins in groups (access
// kind x privilege x outcome, permission crosses with SUM and MXR, page sizes per mode,
// TLB paths, A/D paths under both policies, sfence kinds x entry kinds, bus errors and
// PMA faults per walk level, timing corners, PLRU victims, stale translations). Every bin
// is declared up front, with a reason when it cannot be reached; runs save their counts
// as JSON and `mmu_cov` merges them into a text and an HTML report.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mmu_model.h"

namespace mmu::tb {

struct CoverBin {
  std::string group, name;
  std::string unreachable;  // why the bin cannot be hit ("" = reachable)
};

class Coverage {
 public:
  Coverage();

  // Samplers, called by the scoreboard and the bench.
  void translation(Build build, const CsrView& csrs, Access acc, const Outcome& o, const SparseMemory& mem,
                   unsigned tlb_entries, bool stale, bool shadow_checked);
  void sfence(const SfenceOp& op, const SfenceEffect& fx);
  void hit(const std::string& group, const std::string& name);  // by name (timing corners)

  const std::vector<CoverBin>& bins() const { return bins_; }
  const std::map<std::string, uint64_t>& counts() const { return counts_; }

  // JSON: {"bins": {"group/name": count, ...}}.
  std::string to_json() const;
  bool merge_json(const std::string& text, std::string& error);

  // Reports over all bins: hit, missed reachable, unreachable with reasons.
  std::string text_report() const;
  std::string html_report() const;
  unsigned reachable() const;
  unsigned covered() const;

 private:
  void declare(const std::string& group, const std::string& name, const std::string& unreachable = "");
  // Count a bin of a per-translation cross by its index: the bin's name is built (and
  // its counter looked up) only the first time, so sampling costs no string work.
  template <class Key>
  void bump(std::vector<uint64_t*>& cache, size_t index, Key key) {
    if (!cache[index]) cache[index] = &counts_[key()];
    ++*cache[index];
  }
  std::vector<CoverBin> bins_;
  std::map<std::string, uint64_t> counts_;  // "group/name" -> hits (node addresses are stable)
  std::vector<uint64_t*> access_ = std::vector<uint64_t*>(4 * 3 * 3), perm_ = std::vector<uint64_t*>(4 * 2 * 2 * 2 * 2),
                         bare_ = std::vector<uint64_t*>(2),
                         size_ = std::vector<uint64_t*>(4 * 4 * 2 * 2), path_ = std::vector<uint64_t*>(5),
                         victim_ = std::vector<uint64_t*>(2 * 16), stale_ = std::vector<uint64_t*>(2);
};

}  // namespace mmu::tb
