// A Verilated `mmu` (any build, any TLB size) behind the checking core's Dut interface,
// with optional FST tracing of a window of cycles.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "dut.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace mmu::tb {

template <class V>
class VerilatedDut : public Dut {
 public:
  // `args`: plusargs such as +verilator+rand+reset+2.
  VerilatedDut(std::string name, int argc, const char* const* argv) : name_(std::move(name)) {
    ctx_ = std::make_unique<VerilatedContext>();
    if (argc > 0) ctx_->commandArgs(argc, const_cast<const char**>(argv));
    // A failing RTL assertion counts an error instead of aborting the process, so the
    // bench reports it with the cycle and the command line that reproduces it.
    ctx_->fatalOnError(false);
    ctx_->errorLimit(1 << 30);
#if VM_TRACE
    ctx_->traceEverOn(true);
#endif
    top_ = std::make_unique<V>(ctx_.get(), "mmu_top");
  }
  ~VerilatedDut() override {
    close_wave();
    top_->final();
#if VM_COVERAGE
    // Code-coverage builds (-DMMU_VERILATOR_FLAGS=--coverage): one data file per run in
    // $MMU_CODE_COVERAGE_DIR (sim/scripts/code_coverage.sh merges them).
    if (const char* dir = std::getenv("MMU_CODE_COVERAGE_DIR")) {
      const std::string path = std::string(dir) + "/cov_" + std::to_string(::getpid()) + "_" +
                               std::to_string(reinterpret_cast<uintptr_t>(this) & 0xffff) + ".dat";
      ctx_->coveragep()->write(path.c_str());
    }
#endif
  }

  void apply(const DutInputs& in) override {
    V& t = *top_;
    t.clk_i = 0;
    t.rst_ni = in.rst_n;
    t.satp_mode_i = in.satp_mode;
    t.satp_asid_i = in.satp_asid;
    t.satp_ppn_i = in.satp_ppn;
    t.sum_i = in.sum;
    t.mxr_i = in.mxr;
    t.ad_hw_i = in.ad_hw;
    t.pbmte_i = in.pbmte;
    t.ram_base_i = in.ram_base;
    t.ram_size_i = in.ram_size;
    // The PMP view changes rarely: repack only a change (a thousand bits).
    if (!pmp_packed_ || in.pmpcfg != pmpcfg_ || in.pmpaddr != pmpaddr_) {
      pack(t.pmpcfg_i, in.pmpcfg);
      pack(t.pmpaddr_i, in.pmpaddr);
      pmpcfg_ = in.pmpcfg;
      pmpaddr_ = in.pmpaddr;
      pmp_packed_ = true;
    }
    const PortInputs& d = in.port[0];
    const PortInputs& i = in.port[1];
    t.req_valid_i = d.valid;
    t.req_vaddr_i = d.vaddr;
    t.req_kind_i = d.kind;
    t.req_priv_i = d.priv;
    t.req_id_i = d.id;
    t.kill_i = d.kill;
    t.ireq_valid_i = i.valid;
    t.ireq_vaddr_i = i.vaddr;
    t.ireq_priv_i = i.priv;
    t.ireq_id_i = i.id;
    t.ikill_i = i.kill;
    t.sfence_valid_i = in.sfence_valid;
    t.sfence_vaddr_i = in.sfence_vaddr;
    t.sfence_use_vaddr_i = in.sfence_use_vaddr;
    t.sfence_asid_i = in.sfence_asid;
    t.sfence_use_asid_i = in.sfence_use_asid;
    t.mem_req_ready_i = in.mem_req_ready;
    t.mem_rsp_valid_i = in.mem_rsp_valid;
    t.mem_rsp_rdata_i = in.mem_rsp_rdata;
    t.mem_rsp_err_i = in.mem_rsp_err;
    t.mem_rsp_cas_ok_i = in.mem_rsp_cas_ok;
    t.eval();
    if (tracing()) wave_->dump(time_ * 10);  // 10 ns cycles (--timescale 1ns): inputs at the falling half
  }

  // PMP vectors: entry i at bits i*w +: w, w = the pin's width / the entries (8 for
  // pmpcfg_i, PaBits-2 for pmpaddr_i). Verilator holds a pin wider than 64 bits as
  // 32-bit words (VlWide); both pins are that wide with 16 entries.
  template <class W, class T>
  static void pack(W& pin, const std::array<T, kDutPmpEntries>& v) {
    constexpr unsigned words = sizeof(pin) / sizeof(EData);
    constexpr unsigned width = words * 32 / kDutPmpEntries;
    static_assert(words * 32 % kDutPmpEntries == 0 && width <= 64, "PMP pin width");
    for (unsigned w = 0; w < words; ++w) pin[w] = 0;
    for (unsigned i = 0; i < kDutPmpEntries; ++i) {
      const uint64_t value = width < 64 ? uint64_t{v[i]} & ((uint64_t{1} << width) - 1) : uint64_t{v[i]};
      for (unsigned b = 0; b < width; ++b)
        if ((value >> b) & 1) {
          const unsigned bit = i * width + b;
          pin[bit / 32] |= EData{1} << (bit % 32);
        }
    }
  }

  void read(DutOutputs& out) override {
    const V& t = *top_;
    out.port[0] = PortOutputs{static_cast<bool>(t.req_ready_o),  static_cast<bool>(t.rsp_valid_o),
                              t.rsp_id_o,  t.rsp_paddr_o,  static_cast<bool>(t.rsp_fault_o),  t.rsp_cause_o,
                              t.rsp_pbmt_o};
    out.port[1] = PortOutputs{static_cast<bool>(t.ireq_ready_o), static_cast<bool>(t.irsp_valid_o),
                              t.irsp_id_o, t.irsp_paddr_o, static_cast<bool>(t.irsp_fault_o), t.irsp_cause_o,
                              t.irsp_pbmt_o};
    out.sfence_ready = t.sfence_ready_o;
    out.mem_req_valid = t.mem_req_valid_o;
    out.mem_req_addr = t.mem_req_addr_o;
    out.mem_req_we = t.mem_req_we_o;
    out.mem_req_cmp = t.mem_req_cmp_o;
    out.mem_req_wdata = t.mem_req_wdata_o;
    out.perf[0] = PortCounters{t.perf_hits_o,   t.perf_misses_o,   t.perf_walks_o,
                               t.perf_walk_cycles_o,   t.perf_l2_hits_o,   t.perf_walk_cache_hits_o};
    out.perf[1] = PortCounters{t.perf_i_hits_o, t.perf_i_misses_o, t.perf_i_walks_o,
                               t.perf_i_walk_cycles_o, t.perf_i_l2_hits_o, t.perf_i_walk_cache_hits_o};
  }

  void posedge() override {
    top_->clk_i = 1;
    ctx_->time(time_ * 10 + 5);  // assertion messages carry the edge's time (10 ns cycles)
    top_->eval();
    if (tracing()) wave_->dump(time_ * 10 + 5);  // the rising edge
    ++time_;
    if (wave_ && time_ >= wave_stop_) close_wave();
  }

#if VM_TRACE
  bool open_wave(const std::string& path, uint64_t start, uint64_t stop) override {
    wave_ = std::make_unique<VerilatedFstC>();
    top_->trace(wave_.get(), 99);
    wave_->open(path.c_str());
    if (!wave_->isOpen()) {
      wave_.reset();
      return false;
    }
    wave_start_ = start;
    wave_stop_ = stop;
    return true;
  }

  void close_wave() override {
    if (!wave_) return;
    wave_->close();
    wave_.reset();
  }
#else
  bool open_wave(const std::string&, uint64_t, uint64_t) override { return false; }  // built without tracing
  void close_wave() override {}
#endif

  const char* name() const override { return name_.c_str(); }
  unsigned assertion_failures() const override { return static_cast<unsigned>(ctx_->errorCount()); }

 private:
  bool tracing() const { return wave_ && time_ >= wave_start_; }

  std::string name_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> top_;
#if VM_TRACE
  std::unique_ptr<VerilatedFstC> wave_;
#else
  struct NoWave {
    void dump(uint64_t) {}
  };
  std::unique_ptr<NoWave> wave_;
#endif
  uint64_t time_ = 0, wave_start_ = 0, wave_stop_ = ~uint64_t{0};
  bool pmp_packed_ = false;  // the PMP pins hold pmpcfg_/pmpaddr_
  std::array<uint8_t, kDutPmpEntries> pmpcfg_{};
  std::array<uint64_t, kDutPmpEntries> pmpaddr_{};
};

}  // namespace mmu::tb
