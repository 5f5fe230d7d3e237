// mmu_cov: merge the functional coverage of many mmu_sim runs (--coverage FILE) into one
// text report and one HTML page. Runs that failed are left out (and listed); the others
// are merged in the order they started, so the report names, for each bin, the first
// test that hit it. Each bin has a goal (hits); --fail-under PCT fails unless PCT% of
// the reachable bins reached theirs.
//   mmu_cov [--text FILE] [--html FILE] [--fail-under PCT] [--tlb-sizes 8,16] RUN.json...
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "coverage.h"

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string text, html;
  double fail_under = 0;
  std::vector<unsigned> sizes;
  CLI::App app{"mmu_cov: merge functional coverage of mmu_sim runs"};
  app.add_option("inputs", inputs, "coverage files written by mmu_sim --coverage")->required()->check(CLI::ExistingFile);
  app.add_option("--text", text, "write the text report here");
  app.add_option("--html", html, "write the HTML report here");
  app.add_option("--fail-under", fail_under,
                 "exit 1 when less than PCT% of the reachable bins reached their goal, or a bin was sampled but "
                 "never declared")
      ->check(CLI::Range(0.0, 100.0));
  std::string size_list;
  app.add_option("--tlb-sizes", size_list,
                 "comma-separated TLB sizes (4..128) whose per-entry bins must be hit, besides those of the merged runs");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mmu_cov: error: {}\n", e.what());
    return 2;
  }
  for (size_t at = 0; !size_list.empty() && at <= size_list.size();) {
    const size_t comma = std::min(size_list.find(',', at), size_list.size());
    const std::string word = size_list.substr(at, comma - at);
    const auto& legal = mmu::tb::Coverage::all_tlb_sizes();
    const auto it = std::find_if(legal.begin(), legal.end(), [&](unsigned n) { return std::to_string(n) == word; });
    if (it == legal.end()) {
      fmt::print(stderr, "mmu_cov: error: --tlb-sizes: '{}' is not a TLB size (4, 8, 16, 32, 64 or 128)\n", word);
      return 2;
    }
    sizes.push_back(*it);
    at = comma + 1;
  }
  std::vector<mmu::tb::CoverRun> runs, failed;
  for (const std::string& path : inputs) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string error;
    mmu::tb::CoverRun run;
    if (!mmu::tb::parse_cover_run(ss.str(), run, error)) {
      fmt::print(stderr, "mmu_cov: error: {}: {}\n", path, error);
      return 2;
    }
    (run.passed ? runs : failed).push_back(std::move(run));
  }
  std::stable_sort(runs.begin(), runs.end(), [](const mmu::tb::CoverRun& a, const mmu::tb::CoverRun& b) {
    return a.started_ms != b.started_ms ? a.started_ms < b.started_ms : a.test < b.test;
  });
  std::set<unsigned> all(sizes.begin(), sizes.end());
  for (const mmu::tb::CoverRun& r : runs)
    if (r.tlb_entries) all.insert(r.tlb_entries);
  mmu::tb::Coverage cov(std::vector<unsigned>(all.begin(), all.end()));
  for (const mmu::tb::CoverRun& r : runs) cov.merge(r);

  std::string header = fmt::format("{} runs merged", runs.size());
  if (!failed.empty()) {
    header += fmt::format(", {} failing runs left out:", failed.size());
    for (const mmu::tb::CoverRun& r : failed) header += "\n  failed: " + (r.test.empty() ? r.command : r.test);
  }
  header += "\n";
  if (!text.empty()) std::ofstream(text) << cov.text_report(header);
  if (!html.empty()) std::ofstream(html) << cov.html_report(header);
  fmt::print("mmu_cov: {} runs merged ({} failing left out): {}\n", runs.size(), failed.size(), cov.summary());
  for (const mmu::tb::CoverBin& b : cov.bins())
    if (b.unreachable.empty() && cov.count(b) < b.goal)
      fmt::print("  {}: {} / {} ({} of {})\n", cov.count(b) ? "below goal" : "missed", b.group, b.name, cov.count(b),
                 b.goal);
  for (const std::string& k : cov.undeclared()) fmt::print("  sampled but not declared: {}\n", k);
  const double pct = cov.reachable() ? 100.0 * cov.at_goal() / cov.reachable() : 0;
  return pct < fail_under || (fail_under > 0 && !cov.undeclared().empty()) ? 1 : 0;
}
