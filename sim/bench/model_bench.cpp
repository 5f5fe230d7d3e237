// The golden model alone on a recorded stimulus (mmu_sim --dump-stimulus DIR): the same
// page tables and requests as the RTL runs, translated back to back by MmuModel.
// Prints translations/s (best of the repetitions inside one run is not used: the median).
//   model_bench DIR [REPS]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "mmu_model.h"

namespace {

std::map<std::string, uint64_t> read_config(const std::string& path) {
  std::map<std::string, uint64_t> cfg;
  std::ifstream f(path);
  for (std::string line; std::getline(f, line);) {
    const size_t eq = line.find('=');
    if (eq != std::string::npos) cfg[line.substr(0, eq)] = std::stoull(line.substr(eq + 1), nullptr, 16);
  }
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: model_bench DIR [REPS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  auto cfg = read_config(dir + "/config.txt");
  if (cfg.empty()) {
    fmt::print(stderr, "model_bench: error: cannot read {}/config.txt\n", dir);
    return 2;
  }
  const mmu::Build build = cfg["xlen"] == 0x20 ? mmu::Build::Rv32 : mmu::Build::Rv64;
  const unsigned pte_bytes = mmu::build_info(build).pte_bytes;
  std::vector<uint64_t> image;
  {
    std::ifstream f(dir + "/mem.hex");
    for (std::string w; f >> w;) image.push_back(std::stoull(w, nullptr, 16));
  }
  std::vector<std::pair<mmu::Access, uint64_t>> requests;
  {
    std::ifstream f(dir + "/requests.hex");
    for (std::string w; f >> w;)
      requests.emplace_back(static_cast<mmu::Access>(std::stoi(w.substr(0, 1), nullptr, 16)),
                            std::stoull(w.substr(1), nullptr, 16));
  }
  mmu::CsrView csrs;
  csrs.mode = cfg["satp_mode"] == 1 ? mmu::Mode::Sv32 : cfg["satp_mode"] == 9 ? mmu::Mode::Sv48 : mmu::Mode::Sv39;
  csrs.asid = static_cast<uint32_t>(cfg["satp_asid"]);
  csrs.root_ppn = cfg["satp_ppn"];
  csrs.priv = static_cast<mmu::Priv>(cfg["priv"]);
  csrs.sum = cfg["sum"];
  csrs.mxr = cfg["mxr"];
  csrs.ad = cfg["ad_hw"] ? mmu::AdPolicy::Hw : mmu::AdPolicy::Fault;
  csrs.ram = mmu::RamWindow{cfg["ram_base"], cfg["ram_size"]};

  std::vector<double> rates;
  uint64_t faults = 0;
  for (int r = 0; r < reps; ++r) {
    mmu::SparseMemory mem;  // fresh tables each repetition: A/D writes change them
    for (size_t w = 0; w < image.size(); ++w) mem.poke(csrs.ram.base + w * pte_bytes, pte_bytes, image[w]);
    mmu::MmuModel model(build, mmu::MmuConfig{});  // the default configuration
    faults = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& [acc, va] : requests) faults += model.translate(csrs, acc, va, mem).fault;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(static_cast<double>(requests.size()) / s);
  }
  std::sort(rates.begin(), rates.end());
  fmt::print("model_bench: {} translations ({} faults), median of {}: {:.0f} translations/s\n", requests.size(),
             faults, reps, rates[rates.size() / 2]);
  return 0;
}
