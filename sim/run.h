// What mmu_sim does once its options are parsed: list, run scenarios, or run a test, with
// the summary, the mismatch report and the JUnit file. The Clock decides whether SystemC
// or a bare loop advances the bench.
#pragma once

#include "clock.h"
#include "options.h"

namespace mmu::sim {

// Returns the exit status: 0 pass, 1 mismatch, 2 usage or input error.
int run(Options& opt, tb::Clock& clock);

}  // namespace mmu::sim
