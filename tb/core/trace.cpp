#include "trace.h"

#include "bench.h"
#include "paging.h"

namespace mmu::tb {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// A port's value as the trace writes it: hex, masked to the port's width.
void put(std::string& line, uint64_t value, unsigned width) {
  if (width < 64) value &= (uint64_t{1} << width) - 1;
  char buf[17];
  int n = 0;
  do {
    buf[n++] = kHex[value & 0xf];
    value >>= 4;
  } while (value);
  while (n) line += buf[--n];
  line += ' ';
}

// A port wider than 64 bits: one field of `field_width` bits per PMP entry, entry i at bits
// field_width*i +: field_width (pmpcfg_i, pmpaddr_i), written as one hex number without
// leading zeros like the others.
using PmpFields = std::array<uint64_t, kDutPmpEntries>;

void put_fields(std::string& line, const PmpFields& fields, unsigned field_width) {
  const unsigned width = kDutPmpEntries * field_width;
  auto bit = [&](unsigned b) { return unsigned(fields[b / field_width] >> (b % field_width)) & 1u; };
  bool leading = true;
  for (unsigned d = (width + 3) / 4; d-- > 0;) {
    unsigned nibble = 0;
    for (unsigned k = 0; k < 4 && 4 * d + k < width; ++k) nibble |= bit(4 * d + k) << k;
    if (leading && nibble == 0 && d > 0) continue;
    leading = false;
    line += kHex[nibble];
  }
  line += ' ';
}

// The input ports in column order with their values in `in`; f(name, width, value) for a
// port of up to 64 bits, wide(name, field_width, fields) for the two PMP ports (last).
template <class F, class W>
void each_input(Build build, const DutInputs& in, F f, W wide) {
  const BuildInfo bi = build_info(build);
  f("rst_ni", 1, in.rst_n);
  f("satp_mode_i", 4, in.satp_mode);
  f("satp_asid_i", bi.asid_bits, in.satp_asid);
  f("satp_ppn_i", bi.ppn_bits, in.satp_ppn);
  f("sum_i", 1, in.sum);
  f("mxr_i", 1, in.mxr);
  f("ad_hw_i", 1, in.ad_hw);
  f("pbmte_i", 1, in.pbmte);
  f("ram_base_i", bi.pa_bits, in.ram_base);
  f("ram_size_i", bi.pa_bits, in.ram_size);
  f("req_valid_i", 1, in.port[0].valid);
  f("req_vaddr_i", bi.xlen, in.port[0].vaddr);
  f("req_kind_i", 2, in.port[0].kind);
  f("req_priv_i", 2, in.port[0].priv);
  f("req_id_i", kIdBits, in.port[0].id);
  f("kill_i", 1, in.port[0].kill);
  f("ireq_valid_i", 1, in.port[1].valid);
  f("ireq_vaddr_i", bi.xlen, in.port[1].vaddr);
  f("ireq_priv_i", 2, in.port[1].priv);
  f("ireq_id_i", kIdBits, in.port[1].id);
  f("ikill_i", 1, in.port[1].kill);
  f("sfence_valid_i", 1, in.sfence_valid);
  f("sfence_vaddr_i", bi.xlen, in.sfence_vaddr);
  f("sfence_use_vaddr_i", 1, in.sfence_use_vaddr);
  f("sfence_asid_i", bi.asid_bits, in.sfence_asid);
  f("sfence_use_asid_i", 1, in.sfence_use_asid);
  f("mem_req_ready_i", 1, in.mem_req_ready);
  f("mem_rsp_valid_i", 1, in.mem_rsp_valid);
  f("mem_rsp_rdata_i", bi.xlen, in.mem_rsp_rdata);
  f("mem_rsp_err_i", 1, in.mem_rsp_err);
  f("mem_rsp_cas_ok_i", 1, in.mem_rsp_cas_ok);
  PmpFields cfg{};
  for (unsigned i = 0; i < kDutPmpEntries; ++i) cfg[i] = in.pmpcfg[i];
  wide("pmpcfg_i", 8, cfg);
  wide("pmpaddr_i", bi.pa_bits - 2, in.pmpaddr);
}

template <class F>
void each_output(Build build, const DutOutputs& out, F f) {
  const BuildInfo bi = build_info(build);
  f("req_ready_o", 1, out.port[0].ready);
  f("rsp_valid_o", 1, out.port[0].rsp_valid);
  f("rsp_id_o", kIdBits, out.port[0].rsp_id);
  f("rsp_paddr_o", bi.pa_bits, out.port[0].rsp_paddr);
  f("rsp_fault_o", 1, out.port[0].rsp_fault);
  f("rsp_cause_o", 4, out.port[0].rsp_cause);
  f("rsp_pbmt_o", 2, out.port[0].rsp_pbmt);
  f("ireq_ready_o", 1, out.port[1].ready);
  f("irsp_valid_o", 1, out.port[1].rsp_valid);
  f("irsp_id_o", kIdBits, out.port[1].rsp_id);
  f("irsp_paddr_o", bi.pa_bits, out.port[1].rsp_paddr);
  f("irsp_fault_o", 1, out.port[1].rsp_fault);
  f("irsp_cause_o", 4, out.port[1].rsp_cause);
  f("irsp_pbmt_o", 2, out.port[1].rsp_pbmt);
  f("sfence_ready_o", 1, out.sfence_ready);
  f("mem_req_valid_o", 1, out.mem_req_valid);
  f("mem_req_addr_o", bi.pa_bits, out.mem_req_addr);
  f("mem_req_we_o", 1, out.mem_req_we);
  f("mem_req_cmp_o", bi.xlen, out.mem_req_cmp);
  f("mem_req_wdata_o", bi.xlen, out.mem_req_wdata);
  f("perf_hits_o", 32, out.perf[0].hits);
  f("perf_misses_o", 32, out.perf[0].misses);
  f("perf_walks_o", 32, out.perf[0].walks);
  f("perf_walk_cycles_o", 32, out.perf[0].walk_cycles);
  f("perf_i_hits_o", 32, out.perf[1].hits);
  f("perf_i_misses_o", 32, out.perf[1].misses);
  f("perf_i_walks_o", 32, out.perf[1].walks);
  f("perf_i_walk_cycles_o", 32, out.perf[1].walk_cycles);
}

}  // namespace

std::vector<TracePort> trace_inputs(Build build) {
  std::vector<TracePort> ports;
  each_input(
      build, DutInputs{}, [&](const char* n, unsigned w, uint64_t) { ports.push_back({n, w}); },
      [&](const char* n, unsigned fw, const PmpFields&) { ports.push_back({n, kDutPmpEntries * fw}); });
  return ports;
}

std::vector<TracePort> trace_outputs(Build build) {
  std::vector<TracePort> ports;
  each_output(build, DutOutputs{}, [&](const char* n, unsigned w, uint64_t) { ports.push_back({n, w}); });
  return ports;
}

std::string trace_header(Build build, unsigned tlb_entries) {
  std::string h = "# rvmmu cycle trace 1\n# build ";
  h += build == Build::Rv32 ? "rv32" : "rv64";
  h += " tlb_entries " + std::to_string(tlb_entries) + "\nin";
  for (const TracePort& p : trace_inputs(build)) h += " " + p.name + ":" + std::to_string(p.width);
  h += "\nout";
  for (const TracePort& p : trace_outputs(build)) h += " " + p.name + ":" + std::to_string(p.width);
  return h + "\n";
}

std::string trace_line(Build build, const DutInputs& in, const DutOutputs& out) {
  std::string line;
  line.reserve(512);
  each_input(
      build, in, [&](const char*, unsigned w, uint64_t v) { put(line, v, w); },
      [&](const char*, unsigned fw, const PmpFields& v) { put_fields(line, v, fw); });
  line += "| ";
  each_output(build, out, [&](const char*, unsigned w, uint64_t v) { put(line, v, w); });
  line.pop_back();
  return line;
}

RecordingDut::RecordingDut(std::unique_ptr<Dut> dut, Build build, unsigned tlb_entries, std::ostream& out)
    : dut_(std::move(dut)), build_(build), out_(out) {
  out_ << trace_header(build, tlb_entries);
}

void RecordingDut::apply(const DutInputs& in) {
  in_ = in;
  dut_->apply(in);
}

void RecordingDut::read(DutOutputs& out) {
  dut_->read(out);
  seen_ = out;
}

void RecordingDut::posedge() {
  out_ << trace_line(build_, in_, seen_) << '\n';
  dut_->posedge();
}

}  // namespace mmu::tb
