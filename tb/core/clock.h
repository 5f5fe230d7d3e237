// What advances a Bench: a bare loop here, a SystemC clock in tb/sc. Both call
// Bench::cycle() once per rising edge; everything else is the same checking core.
#pragma once

#include <cstdint>
#include <functional>

#include "bench.h"

namespace mmu::tb {

class Clock {
 public:
  virtual ~Clock() = default;
  // Clock `bench` until stop() holds after a cycle, the bench fails, or max_cycles have
  // run. Returns the number of cycles run.
  virtual uint64_t run(Bench& bench, uint64_t max_cycles, const std::function<bool()>& stop) = 0;
};

class PlainClock : public Clock {
 public:
  uint64_t run(Bench& bench, uint64_t max_cycles, const std::function<bool()>& stop) override {
    uint64_t n = 0;
    while (n < max_cycles) {
      ++n;
      if (!bench.cycle() || stop()) break;
    }
    return n;
  }
};

}  // namespace mmu::tb
