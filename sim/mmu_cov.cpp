// mmu_cov: merge the functional coverage of many mmu_sim runs (--coverage FILE) into one
// text report and one HTML page.
//   mmu_cov [--text FILE] [--html FILE] [--fail-under PCT] RUN.json...
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "coverage.h"

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string text, html;
  double fail_under = 0;
  CLI::App app{"mmu_cov: merge functional coverage of mmu_sim runs"};
  app.add_option("inputs", inputs, "coverage files written by mmu_sim --coverage")->required()->check(CLI::ExistingFile);
  app.add_option("--text", text, "write the text report here");
  app.add_option("--html", html, "write the HTML report here");
  app.add_option("--fail-under", fail_under, "exit 1 when less than PCT% of reachable bins are hit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mmu_cov: error: {}\n", e.what());
    return 2;
  }
  mmu::tb::Coverage cov;
  for (const std::string& path : inputs) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string error;
    if (!cov.merge_json(ss.str(), error)) {
      fmt::print(stderr, "mmu_cov: error: {}: {}\n", path, error);
      return 2;
    }
  }
  const std::string report = cov.text_report();
  if (!text.empty()) std::ofstream(text) << report;
  if (!html.empty()) std::ofstream(html) << cov.html_report();
  const double pct = cov.reachable() ? 100.0 * cov.covered() / cov.reachable() : 0;
  fmt::print("mmu_cov: {} runs merged: {} of {} reachable bins hit ({:.1f}%), {} unreachable\n", inputs.size(),
             cov.covered(), cov.reachable(), pct, cov.bins().size() - cov.reachable());
  for (const mmu::tb::CoverBin& b : cov.bins())
    if (b.unreachable.empty() && !cov.counts().count(b.group + "/" + b.name))
      fmt::print("  missed: {} / {}\n", b.group, b.name);
  return pct < fail_under ? 1 : 0;
}
