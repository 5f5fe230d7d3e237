// libFuzzer target: the scenario reader must answer any input with a parse or a
// file:line error, and a parsed scenario must run on the golden model without a crash.
#include <sstream>
#include <string>

#include "scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::istringstream in(text);
  mmu::tb::Scenario s;
  try {
    s = mmu::tb::parse_scenario(in, "fuzz.txt");
  } catch (const mmu::tb::ScenarioError& e) {
    const std::string msg = e.what();
    if (msg.rfind("fuzz.txt:", 0) != 0) __builtin_trap();  // every error names file and line
    return 0;
  }
  if (s.directives.size() > 2000) return 0;  // keep each run short
  mmu::tb::ModelTarget target(s.build, mmu::MmuConfig{});
  std::ostringstream out;
  mmu::tb::run_scenario(s, target, out);
  return 0;
}
