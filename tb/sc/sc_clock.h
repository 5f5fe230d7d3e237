// The SystemC layer: a clock and one clocked process that advances the checking core one
// cycle per rising edge. Everything it clocks is plain C++ (tb/core), so SystemC costs
// one method activation per cycle and no signals.
#pragma once

#include <systemc>

#include "clock.h"

namespace mmu::tb {

SC_MODULE(ScBenchDriver) {
  sc_core::sc_in<bool> clk;

  SC_CTOR(ScBenchDriver) {
    SC_METHOD(on_posedge);
    sensitive << clk.pos();
    dont_initialize();
  }

  Bench* bench = nullptr;
  const std::function<bool()>* stop = nullptr;
  uint64_t left = 0, ran = 0;

  // One cycle of the bench per rising edge; pause the kernel when the caller's run ends.
  void on_posedge() {
    if (!bench) return;
    ++ran;
    if (!bench->cycle() || (*stop)() || --left == 0) {
      bench = nullptr;
      sc_core::sc_pause();
    }
  }
};

class ScClock : public Clock {
 public:
  ScClock() : clk_("clk", 10, sc_core::SC_NS), driver_("tb") { driver_.clk(clk_); }

  uint64_t run(Bench& bench, uint64_t max_cycles, const std::function<bool()>& stop) override {
    if (max_cycles == 0) return 0;
    driver_.bench = &bench;
    driver_.stop = &stop;
    driver_.left = max_cycles;
    driver_.ran = 0;
    sc_core::sc_start();
    return driver_.ran;
  }

 private:
  sc_core::sc_clock clk_;
  ScBenchDriver driver_;
};

}  // namespace mmu::tb
