// The pins of the RTL `mmu` as plain values, and the small interface through which the
// checking core drives one clock cycle of a DUT (a Verilated model, whatever its build).
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace mmu::tb {

// The translation ports, indexed as mmu::Port: 0 the data port (req_*, rsp_*, kill_i),
// 1 the instruction port (ireq_*, irsp_*, ikill_i; it has no kind pin: it fetches).
constexpr unsigned kDutPorts = 2;

// PMP entries of every compiled variant (the RTL's default PmpEntries).
constexpr unsigned kDutPmpEntries = 16;

constexpr std::array<uint8_t, kDutPmpEntries> default_pmpcfg() {
  std::array<uint8_t, kDutPmpEntries> c{};
  c[kDutPmpEntries - 1] = 0x1f;  // NAPOT, R W X, unlocked
  return c;
}
constexpr std::array<uint64_t, kDutPmpEntries> default_pmpaddr() {
  std::array<uint64_t, kDutPmpEntries> a{};
  a[kDutPmpEntries - 1] = ~uint64_t{0};  // all ones: the whole physical address space
  return a;
}

// One port's request and flush pins.
struct PortInputs {
  bool valid = false;
  uint64_t vaddr = 0;
  uint8_t kind = 0;  // the data port's req_kind_i (the instruction port fetches)
  uint8_t priv = 1;
  uint32_t id = 0;
  bool kill = false;  // pipeline flush of this port's translation past its L1
};

// One port's ready and response pins.
struct PortOutputs {
  bool ready = false;
  bool rsp_valid = false;
  uint32_t rsp_id = 0;
  uint64_t rsp_paddr = 0;
  bool rsp_fault = false;
  uint8_t rsp_cause = 0;
  uint8_t rsp_pbmt = 0;  // Svpbmt memory type (rsp_pbmt_o); 0 on a fault or no response
};

// One port's performance counters (perf_*_o, perf_i_*_o).
struct PortCounters {
  uint32_t hits = 0, misses = 0, walks = 0, walk_cycles = 0, l2_hits = 0, walk_cache_hits = 0;
};

// Everything the testbench drives into the MMU in one cycle.
struct DutInputs {
  bool rst_n = false;
  // CSR view
  uint8_t satp_mode = 0;
  uint32_t satp_asid = 0;
  uint64_t satp_ppn = 0;
  bool sum = false, mxr = false, ad_hw = false;
  bool pbmte = false;  // menvcfg.PBMTE (pbmte_i)
  uint64_t ram_base = 0, ram_size = 0;
  // PMP (pmpcfg_i, pmpaddr_i): entry i's cfg byte and pmpaddr (PA bits PaBits-1:2). The
  // default is the bench's default view: every entry off but entry 15, NAPOT RWX over all
  // of memory (its address all ones is cut to the PA width by the glue).
  std::array<uint8_t, kDutPmpEntries> pmpcfg = default_pmpcfg();
  std::array<uint64_t, kDutPmpEntries> pmpaddr = default_pmpaddr();
  // translation requests and pipeline flushes, per port
  std::array<PortInputs, kDutPorts> port{};
  // sfence.vma
  bool sfence_valid = false;
  uint64_t sfence_vaddr = 0;
  bool sfence_use_vaddr = false;
  uint32_t sfence_asid = 0;
  bool sfence_use_asid = false;
  // PTW memory port (the memory's side)
  bool mem_req_ready = false;
  bool mem_rsp_valid = false;
  uint64_t mem_rsp_rdata = 0;
  bool mem_rsp_err = false;
  bool mem_rsp_cas_ok = false;
};

// Everything the MMU drives, sampled just before a rising edge.
struct DutOutputs {
  std::array<PortOutputs, kDutPorts> port{};
  bool sfence_ready = false;
  bool mem_req_valid = false;
  uint64_t mem_req_addr = 0;
  bool mem_req_we = false;
  uint64_t mem_req_cmp = 0;
  uint64_t mem_req_wdata = 0;
  std::array<PortCounters, kDutPorts> perf{};
};

// One clock cycle of a DUT is: apply() the inputs with the clock low and let the logic
// settle, read() the outputs, then posedge().
class Dut {
 public:
  virtual ~Dut() = default;
  virtual void apply(const DutInputs& in) = 0;
  virtual void read(DutOutputs& out) = 0;
  virtual void posedge() = 0;
  // RTL assertions that have fired so far (Verilator --assert): a failure of the run.
  virtual unsigned assertion_failures() const = 0;
  // FST waveform of cycles [start, stop) into `path`; false if tracing is unavailable.
  virtual bool open_wave(const std::string& path, uint64_t start, uint64_t stop) = 0;
  virtual void close_wave() = 0;
  virtual const char* name() const = 0;  // e.g. "rv64 tlb16"
};

}  // namespace mmu::tb
