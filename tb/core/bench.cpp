#include "bench.h"

namespace mmu::tb {

Bench::Bench(Dut& dut, const BenchConfig& cfg)
    : dut_(dut),
      cfg_(cfg),
      port_(mem_, oracle_, build_info(cfg.build).pte_bytes, cfg.timing, cfg.seed ^ 0x6d656d706f7274ull),
      sb_(cfg.build, cfg.mmu, mem_),
      reset_left_(cfg.reset_cycles) {
  oracle_.set_rate(cfg.error_rate, cfg.seed ^ 0x6275736572726f72ull);
}

void Bench::offer_request(Port port, Access acc, uint64_t va) {
  PortInputs& req = in_.port[index(port)];
  req.valid = true;
  req.vaddr = va;
  req.kind = static_cast<uint8_t>(acc);
  req.priv = static_cast<uint8_t>(csrs.priv);
  req.id = next_id_ & static_cast<uint32_t>(mask(kIdBits));
  next_id_ = next_id_ * 5 + 3;  // every value of the ID field, in a scrambled order
}

void Bench::offer_sfence(const SfenceOp& op) {
  const BuildInfo bi = build_info(cfg_.build);
  in_.sfence_valid = true;
  in_.sfence_use_vaddr = op.va.has_value();
  in_.sfence_vaddr = op.va.value_or(0);
  in_.sfence_use_asid = op.asid.has_value();
  in_.sfence_asid = static_cast<uint32_t>(op.asid.value_or(0) & mask(bi.asid_bits));  // rs2 bits above ASIDLEN ignored
}

void Bench::drive_csrs() {
  in_.satp_mode = satp_mode_bits(csrs.mode);
  if (csrs.mode == Mode::Bare) {
    // DESIGN.md: every MODE value that is not a paged mode of the build behaves as Bare.
    // Drive the unused encodings too (a different one every 1024 cycles), not only 0.
    static constexpr uint8_t kRv32[] = {0, 2, 3, 5, 8, 9, 15}, kRv64[] = {0, 1, 2, 7, 11, 12, 15};
    const uint64_t k = (cycle_ >> 10) % 7;
    in_.satp_mode = cfg_.build == Build::Rv32 ? kRv32[k] : kRv64[k];
  }
  in_.satp_asid = csrs.asid;
  in_.satp_ppn = csrs.root_ppn;
  in_.sum = csrs.sum;
  in_.mxr = csrs.mxr;
  in_.ad_hw = csrs.ad == AdPolicy::Hw;
  in_.ram_base = csrs.ram.base;
  in_.ram_size = csrs.ram.size;
}

void Bench::sample_timing(bool resetting) {
  if (resetting) {
    if (!in_reset_ && cycle_ >= cfg_.reset_cycles) {  // a reset asserted mid-run
      if (sb_.walking()) cov_->hit("timing", "reset during a walk");
      else if (sb_.response_due()) cov_->hit("timing", "reset during a hit burst");
      // The walker's state at the reset edge, and whether memory would have taken its request.
      std::string bin = std::string("reset while ") + sb_.phase();
      if (sb_.presenting()) bin += in_.mem_req_ready ? ", memory ready" : ", back-pressured";
      else if (!sb_.walking() && sb_.response_due()) bin += ", a response due";
      cov_->hit("walker", bin);
    }
    prev_sfence_ = false;
    return;
  }
  if (sb_.presenting()) cov_->hit("walker", std::string(sb_.phase()) + (in_.mem_req_ready ? ", accepted" : ", back-pressured"));
  if (csrs.mode != prev_csrs_.mode && cycle_ > cfg_.reset_cycles) {
    const Tlb& tlb = sb_.model().tlb();
    for (unsigned i = 0; i < tlb.size(); ++i)
      if (tlb.entry(i).valid) {
        cov_->hit("mode switch", std::string(to_string(prev_csrs_.mode)) + " to " + to_string(csrs.mode) + " with live entries");
        break;
      }
  }
  if (sb_.walking() && out_.mem_req_valid && !in_.mem_req_ready) cov_->hit("timing", "back-pressure during a walk");
  if (in_.mem_rsp_valid && port_.latency() > 1) cov_->hit("timing", "memory latency > 1");
  for (Port p : {Port::Data, Port::Fetch}) {
    const unsigned i = index(p);
    if (!in_.port[i].valid) continue;
    if (!out_.port[i].ready && sb_.walking()) cov_->hit("timing", "request waits for a walk");
    // The other port's translation has the walker, and this port's request goes on.
    if (out_.port[i].ready && sb_.walking() && sb_.walker_owner() != p)
      cov_->hit("ports", std::string(to_string(p)) + " port accepts while the other port's walk is in flight");
  }
  if (in_.port[0].valid && in_.port[1].valid && out_.port[0].ready && out_.port[1].ready)
    cov_->hit("ports", "both ports accept at one edge");
  if (in_.sfence_valid && sb_.walking()) cov_->hit("timing", "sfence during a walk");
  // Svinval: a batch of sinval.vma is taken one per edge, back to back.
  if (in_.sfence_valid && prev_sfence_) {
    cov_->hit("timing", "sfences at consecutive edges");
    if (sb_.walking()) cov_->hit("timing", "sfences at consecutive edges during a walk");
  }
  prev_sfence_ = in_.sfence_valid;
  if (sb_.walking() && !sb_.draining() && (csrs.asid != prev_csrs_.asid || csrs.mode != prev_csrs_.mode ||
                                          csrs.root_ppn != prev_csrs_.root_ppn || csrs.sum != prev_csrs_.sum ||
                                          csrs.mxr != prev_csrs_.mxr || csrs.ad != prev_csrs_.ad))
    cov_->hit("csr race", "CSR changed during a walk");
  prev_csrs_ = csrs;
  if ((in_.port[0].kill || in_.port[1].kill) && !sb_.walking()) cov_->hit("kill", "kill with no walk in flight");
  if (in_.port[0].valid && in_.sfence_valid && out_.port[0].ready) cov_->hit("timing", "request and sfence accepted together");
}

bool Bench::cycle() {
  if (failure_) return false;
  const bool resetting = reset_left_ > 0;
  if (!resetting && stim_) stim_->step(*this);
  drive_csrs();
  in_.rst_n = !resetting;
  port_.drive(in_);
  if (resetting) {
    // Offers stay pending across a reset; the DUT sees them once reset is released.
    DutInputs quiet_in = in_;
    quiet_in.sfence_valid = quiet_in.mem_rsp_valid = false;
    for (PortInputs& p : quiet_in.port) p.valid = p.kill = false;
    dut_.apply(quiet_in);
  } else {
    dut_.apply(in_);
  }
  dut_.read(out_);

  if (cov_) sample_timing(resetting);
  if (resetting) {
    // From the second reset edge on, the DUT must show a clean idle state.
    const bool rsp = out_.port[0].rsp_valid || out_.port[1].rsp_valid;
    const bool counted = out_.perf[0].hits || out_.perf[0].walks || out_.perf[1].hits || out_.perf[1].walks;
    if (in_reset_ && (rsp || out_.mem_req_valid || counted))
      failure_ = Mismatch{cycle_, "reset", "rsp_valid=0 irsp_valid=0 mem_req_valid=0 counters=0 while in reset",
                          "rsp_valid=" + std::to_string(out_.port[0].rsp_valid) +
                              " irsp_valid=" + std::to_string(out_.port[1].rsp_valid) +
                              " mem_req_valid=" + std::to_string(out_.mem_req_valid) +
                              " hits=" + std::to_string(out_.perf[0].hits) + "/" + std::to_string(out_.perf[1].hits),
                          ""};
    sb_.reset();
    port_.reset();
    in_reset_ = true;
    --reset_left_;
    if (reset_left_ == 0) {
      oracle_.next_epoch();
      ++resets_;
    }
    last_progress_ = cycle_;
  } else {
    in_reset_ = false;
    if (!sb_.check(in_, out_, cycle_)) failure_ = sb_.mismatch();
    const bool mem_event = (out_.mem_req_valid && in_.mem_req_ready) || in_.mem_rsp_valid;
    bool req_taken = false;
    const bool sfence_taken = in_.sfence_valid && out_.sfence_ready;
    port_.edge(in_, out_);
    const bool responded = sb_.edge(in_, out_, csrs);
    for (unsigned i = 0; i < kDutPorts; ++i) {
      PortInputs& req = in_.port[i];
      req.kill = false;
      if (!req.valid || !out_.port[i].ready) continue;
      req_taken = true;
      last_accept_ = cycle_;
      req.valid = false;
      if (record_) record_->emplace_back(i == index(Port::Fetch) ? static_cast<uint8_t>(Access::Fetch) : req.kind, req.vaddr);
    }
    if (sfence_taken) in_.sfence_valid = false;
    if (mem_event || req_taken || sfence_taken || responded) last_progress_ = cycle_;
    if (stim_)
      for (const Response& r : sb_.responses()) stim_->on_response(*this, r);
    if (cov_ && responded) {
      const bool hit = sb_.responses().back().path == Path::Hit;
      if (hit && last_was_hit_) cov_->hit("timing", "back-to-back hits");
      last_was_hit_ = hit;
    } else if (cov_) {
      last_was_hit_ = false;
    }
    const bool in_flight = sb_.walking() || request_offered() || in_.sfence_valid || sb_.port_waiting(Port::Data) ||
                           sb_.port_waiting(Port::Fetch);
    if (!failure_ && in_flight && cycle_ - last_progress_ >= cfg_.watchdog) {
      failure_ = Mismatch{cycle_, "watchdog",
                          "progress within " + std::to_string(cfg_.watchdog) + " cycles",
                          std::string("none; waiting for ") +
                              (sb_.walking()            ? "the walk to finish"
                               : in_.port[0].valid      ? "req_ready_o"
                               : in_.port[1].valid      ? "ireq_ready_o"
                                                        : "sfence_ready_o"),
                          sb_.explain_last()};
    }
  }

  dut_.posedge();
  if (!failure_ && dut_.assertion_failures() != assertions_)
    failure_ = Mismatch{cycle_, "RTL assertion", "no assertion failure",
                        "an assertion fired at this edge (Verilator's %Error line on standard output names it)",
                        sb_.explain_last()};
  ++cycle_;
  return !failure_;
}

}  // namespace mmu::tb
