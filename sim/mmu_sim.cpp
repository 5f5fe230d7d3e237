// mmu_sim: runs scenarios (and, with the RTL, simulations) of the MMU.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "scenario.h"

namespace {

constexpr int kExitPass = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitUsage = 2;

struct Options {
  std::vector<std::string> scenarios;
  bool model_only = false;
  unsigned tlb_entries = 16;
};

int run_scenarios(const Options& opt) {
  int status = kExitPass;
  for (const std::string& path : opt.scenarios) {
    mmu::tb::Scenario s;
    try {
      s = mmu::tb::load_scenario(path);
    } catch (const mmu::tb::ScenarioError& e) {
      std::fprintf(stderr, "mmu_sim: error: %s\n", e.what());
      return kExitUsage;
    }
    mmu::tb::ModelTarget target(s.build, opt.tlb_entries);
    if (!mmu::tb::run_scenario(s, target, std::cout)) status = kExitMismatch;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{"mmu_sim: RISC-V MMU simulation against the golden model"};
  app.add_option("--scenario", opt.scenarios, "scenario file to run (DESIGN.md format); repeatable")
      ->check(CLI::ExistingFile);
  app.add_flag("--model-only", opt.model_only, "run the golden model alone (no RTL)");
  app.add_option("--tlb-entries", opt.tlb_entries, "TLB entries (power of two, 4..128)")
      ->check(CLI::IsMember({4, 8, 16, 32, 64, 128}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mmu_sim: error: %s\n", e.what());
    return kExitUsage;
  }
  if (opt.scenarios.empty()) {
    std::fprintf(stderr, "mmu_sim: error: nothing to run (give --scenario FILE)\n");
    return kExitUsage;
  }
  return run_scenarios(opt);
}
