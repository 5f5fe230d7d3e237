// A cycle trace of the RTL's pins: every input the bench applied and every output the RTL
// drove, one line per clock cycle, for other simulators to replay and check against
// (tb/cocotb). RecordingDut writes it while it passes everything through to the DUT.
//
// The format (text; values in hex, each masked to its port's width):
//   # rvmmu cycle trace 1              first line
//   # build rv64 tlb_entries 16        the RTL configuration (Xlen, TlbEntries)
//   in NAME:WIDTH ...                  the input ports, in column order (clk_i is implied;
//                                      pmpcfg_i and pmpaddr_i last, 128 and 16*(PaBits-2) bits)
//   out NAME:WIDTH ...                 the output ports
//   V V ... | V V ...                  one cycle: the inputs applied with the clock low,
//                                      then the outputs sampled just before the rising edge
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "dut.h"
#include "types.h"

namespace mmu::tb {

struct TracePort {
  std::string name;  // the RTL port, e.g. "satp_asid_i"
  unsigned width;    // bits
};

// The ports of `mmu` for a build, as the trace lists them (without clk_i).
std::vector<TracePort> trace_inputs(Build build);
std::vector<TracePort> trace_outputs(Build build);

// The trace's header lines for a build and TLB size.
std::string trace_header(Build build, unsigned tlb_entries);

// One cycle as a trace line (without the newline).
std::string trace_line(Build build, const DutInputs& in, const DutOutputs& out);

// Records every cycle of `dut` into `out` (the header first), passing everything through.
class RecordingDut : public Dut {
 public:
  RecordingDut(std::unique_ptr<Dut> dut, Build build, unsigned tlb_entries, std::ostream& out);
  void apply(const DutInputs& in) override;
  void read(DutOutputs& out) override;
  void posedge() override;
  unsigned assertion_failures() const override { return dut_->assertion_failures(); }
  bool open_wave(const std::string& path, uint64_t start, uint64_t stop) override {
    return dut_->open_wave(path, start, stop);
  }
  void close_wave() override { dut_->close_wave(); }
  const char* name() const override { return dut_->name(); }

 private:
  std::unique_ptr<Dut> dut_;
  Build build_;
  std::ostream& out_;
  DutInputs in_;
  DutOutputs seen_;
};

}  // namespace mmu::tb
