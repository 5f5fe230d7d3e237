// mmu_sim: the MMU RTL under a SystemC testbench, checked every cycle against the model.
#include <cstdlib>

#include "options.h"
#include "run.h"
#include "sc_clock.h"

int sc_main(int argc, char** argv) {
  mmu::sim::Options opt;
  const int status = mmu::sim::parse_options(argc, argv, opt);
  if (status >= 0) return status;
  if (opt.model_only || opt.list) {
    mmu::tb::PlainClock clock;  // no RTL involved: no need to elaborate SystemC
    return mmu::sim::run(opt, clock);
  }
  mmu::tb::ScClock clock(opt.sc_quantum);
  return mmu::sim::run(opt, clock);
}

// Our own entry point, so that SystemC's banner stays off the scenario output: the
// library reads this variable before it calls sc_main.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
