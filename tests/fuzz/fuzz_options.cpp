// libFuzzer target: mmu_sim's option parser must answer any argument vector with "go
// on", help, or one usage error, never a crash.
#include <cstdio>
#include <string>
#include <vector>

#include "options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Arguments are the NUL- or newline-separated pieces of the input.
  std::vector<std::string> args{"mmu_sim"};
  std::string cur;
  for (size_t i = 0; i < size && args.size() < 32; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\0' || c == '\n') {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) args.push_back(cur);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  mmu::sim::Options opt;
  const int status = mmu::sim::parse_options(static_cast<int>(args.size()), argv.data(), opt);
  if (status != -1 && status != 0 && status != 2) __builtin_trap();
  if (status == -1 && opt.latency_min > opt.latency_max) __builtin_trap();
  return 0;
}
