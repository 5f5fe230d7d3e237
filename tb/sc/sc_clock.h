// The SystemC layer: the testbench clock, as one clocked process that advances the
// checking core one cycle per period. Everything it clocks is plain C++ (tb/core), so
// SystemC costs one timed method activation per cycle: no sc_signal, and no sc_clock with
// its two edge events and signal updates per period (measured 1.5x slower; README,
// "Performance").
#pragma once

#include <systemc>

#include "clock.h"

namespace mmu::tb {

SC_MODULE(ScBenchDriver) {
  SC_CTOR(ScBenchDriver) : period(10, sc_core::SC_NS) {
    SC_METHOD(on_posedge);
    sensitive << start;
    dont_initialize();
  }

  const sc_core::sc_time period;  // one clock cycle
  sc_core::sc_event start;        // the first rising edge of a run
  Bench* bench = nullptr;
  const std::function<bool()>* stop = nullptr;
  uint64_t left = 0, ran = 0;
  unsigned quantum = 1;           // cycles per activation (1: every edge is a SystemC event)

  // `quantum` cycles of the bench per activation (temporal decoupling when > 1: the
  // bench is the only process, so nothing can observe the difference but the kernel's
  // cost), then wait as many periods; pause the kernel when the caller's run ends.
  void on_posedge() {
    if (!bench) return;
    for (unsigned i = 0; i < quantum; ++i) {
      ++ran;
      if (!bench->cycle() || (*stop)() || --left == 0) {
        bench = nullptr;
        sc_core::sc_pause();
        return;  // back to static sensitivity: the next run's start event
      }
    }
    next_trigger(period * quantum);
  }
};

class ScClock : public Clock {
 public:
  explicit ScClock(unsigned quantum = 1) : driver_("tb") { driver_.quantum = quantum ? quantum : 1; }

  uint64_t run(Bench& bench, uint64_t max_cycles, const std::function<bool()>& stop) override {
    if (max_cycles == 0) return 0;
    driver_.bench = &bench;
    driver_.stop = &stop;
    driver_.left = max_cycles;
    driver_.ran = 0;
    if (!started_) {
      sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration
      started_ = true;
    }
    driver_.start.notify(driver_.period);
    sc_core::sc_start();
    return driver_.ran;
  }

  double now_ns() const { return sc_core::sc_time_stamp().to_seconds() * 1e9; }

 private:
  ScBenchDriver driver_;
  bool started_ = false;
};

}  // namespace mmu::tb
