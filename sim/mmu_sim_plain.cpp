// mmu_sim without SystemC: the same checking core clocked by a bare loop. Used by the
// benchmarks to measure what SystemC costs.
#include "clock.h"
#include "options.h"
#include "run.h"

int main(int argc, char** argv) {
  mmu::sim::Options opt;
  const int status = mmu::sim::parse_options(argc, argv, opt);
  if (status >= 0) return status;
  mmu::tb::PlainClock clock;
  return mmu::sim::run(opt, clock);
}
