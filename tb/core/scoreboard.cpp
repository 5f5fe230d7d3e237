#include "scoreboard.h"

#include <cinttypes>
#include <cstdio>
#include <ostream>

namespace mmu::tb {

namespace {


std::string describe_mem(bool we, uint64_t addr, uint64_t cmp, uint64_t wdata) {
  return we ? "compare-and-swap " + hex(addr) + " expect " + hex(cmp) + " write " + hex(wdata)
            : "read " + hex(addr);
}

std::string answer(uint32_t id, bool fault, unsigned cause, uint64_t paddr) {
  const std::string tag = "id " + std::to_string(id) + ": ";
  return fault ? tag + "fault " + std::to_string(cause) + (paddr ? " (paddr " + hex(paddr) + ")" : "")
               : tag + "ok " + hex(paddr) + (cause ? " (cause " + std::to_string(cause) + ")" : "");
}

const char* ptw_word(bool present, bool write) {
  return present ? (write ? "presenting the A/D update" : "presenting a PTE read")
                 : (write ? "awaiting the A/D update's response" : "awaiting a PTE read's response");
}

// Memory for a side-effect-free walk: reads what is there now, never fails, writes nothing.
class ShadowMemory : public PhysMemory {
 public:
  ShadowMemory(const SparseMemory& m, unsigned bytes) : m_(m), bytes_(bytes) {}
  std::optional<uint64_t> read(uint64_t pa, unsigned) override { return m_.peek(pa, bytes_); }
  std::optional<bool> cas(uint64_t, unsigned, uint64_t, uint64_t) override { return true; }

 private:
  const SparseMemory& m_;
  unsigned bytes_;
};

}  // namespace

std::string describe(const Response& r) {
  return std::string(to_string(r.access)) + " " + hex(r.va) + " id " + std::to_string(r.id) + " (" +
         to_string(r.path) + ")";
}

Scoreboard::Scoreboard(Build build, unsigned tlb_entries, const SparseMemory& mem)
    : build_(build), pte_bytes_(build_info(build).pte_bytes), tlb_entries_(tlb_entries), mem_(mem),
      model_(build, tlb_entries), fill_mode_(tlb_entries, Mode::Bare) {}

const char* Scoreboard::phase() const {
  switch (ptw_) {
    case Ptw::Idle: return "idle";
    case Ptw::Present: return model_.walker().op().write ? "presenting the A/D update" : "presenting a PTE read";
    case Ptw::Await: return model_.walker().op().write ? "awaiting the A/D update" : "awaiting a PTE read";
    case Ptw::Drain: return "draining a killed walk";
  }
  return "idle";
}

bool Scoreboard::fail(uint64_t cycle, std::string what, std::string expected, std::string seen) {
  if (!mismatch_) mismatch_ = Mismatch{cycle, std::move(what), std::move(expected), std::move(seen), explain_last()};
  return false;
}

std::string Scoreboard::explain_last() const {
  if (!recorded_) return "";
  return "cycle " + std::to_string(record_cycle_) + ", id " + std::to_string(record_id_) + ": " +
         explain(build_, tlb_entries_, record_);
}

void Scoreboard::emit_explanation() const {
  if (explain_) *explain_ << explain_last();
}

bool Scoreboard::check(const DutInputs& in, const DutOutputs& out, uint64_t cycle) {
  now_ = cycle;
  // The response port: exactly when the contract says, with the model's answer.
  if (due_) {
    const Response& r = *due_;
    if (!out.rsp_valid) {
      const std::string want = r.path == Path::Hit ? "a response now (the model hits TLB entry " + std::to_string(r.entry) + ")"
                                                   : "a response now (" + std::string(to_string(r.path)) + ")";
      return fail(cycle, "response to " + describe(r), want,
                  out.mem_req_valid ? "no response, a PTW memory request (the RTL walks: it missed)" : "no response");
    }
    const uint64_t want_pa = r.fault ? 0 : r.paddr;
    const unsigned want_cause = static_cast<unsigned>(r.cause);
    if (out.rsp_fault != r.fault || out.rsp_cause != want_cause || out.rsp_paddr != want_pa || out.rsp_id != r.id)
      return fail(cycle, "response to " + describe(r), answer(r.id, r.fault, want_cause, want_pa),
                  answer(out.rsp_id, out.rsp_fault, out.rsp_cause, out.rsp_paddr));
  } else if (out.rsp_valid) {
    return fail(cycle, "response port",
                ptw_ == Ptw::Drain ? "no response (the walk was killed)"
                : walking()        ? "no response (the model is still walking)"
                                   : "no response (none due)",
                "rsp_valid=1 " + answer(out.rsp_id, out.rsp_fault, out.rsp_cause, out.rsp_paddr));
  }

  // Ready signals: the translation port waits for an idle walker; sfences never wait.
  const bool want_req_ready = ptw_ == Ptw::Idle;
  if (out.req_ready != want_req_ready)
    return fail(cycle, "req_ready_o",
                std::to_string(want_req_ready) + (ptw_ == Ptw::Drain ? " (draining a killed walk)"
                                                  : walking()         ? " (walk in progress)"
                                                                      : " (idle)"),
                std::to_string(out.req_ready));
  if (!out.sfence_ready) return fail(cycle, "sfence_ready_o", "1 (an sfence is always accepted)", "0");

  // The PTW memory port: the model walker's access, presented at the edge after the
  // previous event and held until accepted (or withdrawn by a kill).
  const bool want_mem = ptw_ == Ptw::Present;
  if (out.mem_req_valid != want_mem) {
    if (want_mem) {
      const MemAccess& a = model_.walker().op();
      return fail(cycle, "PTW memory request of the walk for " + describe(walk_rsp_), describe_mem(a.write, a.pa, a.cmp, a.wdata),
                  "mem_req_valid=0");
    }
    return fail(cycle, "PTW memory port",
                ptw_ == Ptw::Await   ? "no request (one is outstanding)"
                : ptw_ == Ptw::Drain ? "no request (draining a killed walk)"
                                     : "no request (no walk in progress)",
                "mem_req_valid=1 " + describe_mem(out.mem_req_we, out.mem_req_addr, out.mem_req_cmp, out.mem_req_wdata));
  }
  if (want_mem) {
    const MemAccess& a = model_.walker().op();
    if (out.mem_req_addr != a.pa || out.mem_req_we != a.write ||
        (a.write && (out.mem_req_wdata != a.wdata || out.mem_req_cmp != a.cmp)))
      return fail(cycle, "PTW memory request of the walk for " + describe(walk_rsp_), describe_mem(a.write, a.pa, a.cmp, a.wdata),
                  describe_mem(out.mem_req_we, out.mem_req_addr, out.mem_req_cmp, out.mem_req_wdata));
  }

  // Performance counters, as of the previous edge.
  const MmuCounters& c = model_.counters();
  if (out.perf_hits != static_cast<uint32_t>(c.hits) || out.perf_misses != static_cast<uint32_t>(c.misses) ||
      out.perf_walks != static_cast<uint32_t>(c.walks) || out.perf_walk_cycles != static_cast<uint32_t>(walk_cycles_)) {
    char want[128], seen[128];
    std::snprintf(want, sizeof want, "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32,
                  static_cast<uint32_t>(c.hits), static_cast<uint32_t>(c.misses), static_cast<uint32_t>(c.walks),
                  static_cast<uint32_t>(walk_cycles_));
    std::snprintf(seen, sizeof seen, "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32,
                  out.perf_hits, out.perf_misses, out.perf_walks, out.perf_walk_cycles);
    return fail(cycle, "performance counters", want, seen);
  }
  (void)in;
  return true;
}

void Scoreboard::sample(const CsrView& csrs, Access acc, uint64_t va, const Outcome& o) {
  if (!cov_) return;
  // Coverage of stale translations: would a walk of today's tables answer this hit
  // differently? (Only with coverage on: it costs a walk per hit.)
  bool stale = false;
  if (o.path == Path::Hit) {
    ShadowMemory shadow(mem_, pte_bytes_);
    const WalkResult w = walk(build_, csrs, acc, va, shadow);
    stale = w.fault != o.fault || (o.fault ? w.cause != o.cause : w.paddr != o.paddr);
    if (stale) cov_->stale_hit(o, w);
  }
  cov_->translation(build_, csrs, acc, o, mem_, tlb_entries_, stale, o.path == Path::Hit);
}

// A request accepted at this edge: the model looks it up; a walk starts in Present.
void Scoreboard::accept(const DutInputs& in, const CsrView& csrs) {
  CsrView c = csrs;
  c.priv = static_cast<Priv>(in.req_priv);
  const Access acc = static_cast<Access>(in.req_kind);
  if (cov_) {
    if (in.req_priv == 2) cov_->hit("bare", "privilege encoding 2 (behaves as M)");
    if (translates(c)) cov_->lookup(build_, c, in.req_vaddr, model_.tlb(), fill_mode_);
  }
  const Outcome o = model_.lookup(c, acc, in.req_vaddr);
  record_.begin(c, acc, in.req_vaddr, model_.tlb(), o);
  recorded_ = true;
  record_id_ = in.req_id;
  record_cycle_ = now_;
  ++stats_.translations;
  ++stats_.by_path[static_cast<unsigned>(o.path)];
  const Response r{acc, in.req_vaddr, in.req_id, o.fault, o.cause, o.paddr, o.path, o.entry};
  if (!o.walks()) {
    sample(c, acc, in.req_vaddr, o);
    record_.finish(o);
    emit_explanation();
    due_ = r;
    return;
  }
  walk_rsp_ = r;
  walk_csrs_ = c;
  ++stats_.walks_started;
  if (model_.walker().done()) finish_walk();  // a root PTE outside RAM: answered at once
  else ptw_ = Ptw::Present;
}

// The walk ended at this edge: its answer is due at the next one.
void Scoreboard::finish_walk() {
  const Outcome o = model_.finish_walk();
  Response r = walk_rsp_;
  r.fault = o.fault;
  r.cause = o.cause;
  r.paddr = o.paddr;
  r.entry = o.entry;
  stats_.restarts += o.restarts;
  if (o.fill_cancelled) ++stats_.cancelled_fills;
  record_.finish(o);
  emit_explanation();
  sample(walk_csrs_, walk_rsp_.access, walk_rsp_.va, o);
  if (o.entry >= 0) fill_mode_[static_cast<size_t>(o.entry)] = walk_csrs_.mode;
  if (cov_) {
    if (o.entry >= 0) cov_->refill(model_.tlb(), static_cast<unsigned>(o.entry));
    if (o.restarts) cov_->hit("atomic a/d", "update failed, walk restarted");
    if (o.fill_cancelled) cov_->hit("sfence race", "walk answered, refill cancelled by an sfence");
  }
  due_ = r;
  ptw_ = Ptw::Idle;
}

// kill_i at an edge with a walk in flight: no answer, no refill. A request accepted at
// this edge still owes its response (drained); one not accepted is withdrawn.
void Scoreboard::kill_walk(const DutInputs& in, const DutOutputs& out) {
  const bool write = model_.walker().op().write;
  const bool present = ptw_ == Ptw::Present;
  if (present) ptw_ = in.mem_req_ready ? Ptw::Drain : Ptw::Idle;
  else ptw_ = in.mem_rsp_valid ? Ptw::Idle : Ptw::Drain;
  if (present && in.mem_req_ready) ++(write ? stats_.mem_writes : stats_.mem_reads);
  model_.kill_walk();
  record_.kill();
  emit_explanation();
  ++stats_.kills;
  if (ptw_ == Ptw::Drain) ++stats_.drains;
  if (cov_) {
    std::string bin = ptw_word(present, write);
    if (present) bin += in.mem_req_ready ? ", accepted at the kill edge" : ", withdrawn";
    else bin += in.mem_rsp_valid ? ", response at the kill edge" : ", drained later";
    cov_->hit("kill", bin);
  }
  (void)out;
}

// A walk in flight before this edge: its request accepted, or its response taken.
void Scoreboard::advance_walk(const DutInputs& in, const DutOutputs& out) {
  switch (ptw_) {
    case Ptw::Present:
      if (out.mem_req_valid && in.mem_req_ready) {
        ptw_ = Ptw::Await;
        ++(model_.walker().op().write ? stats_.mem_writes : stats_.mem_reads);
      }
      break;
    case Ptw::Await:
      if (in.mem_rsp_valid) {
        record_.answer(in.mem_rsp_rdata, in.mem_rsp_cas_ok, in.mem_rsp_err);
        model_.walker().respond(in.mem_rsp_rdata, in.mem_rsp_cas_ok, in.mem_rsp_err);
        if (model_.walker().done()) finish_walk();
        else ptw_ = Ptw::Present;
      }
      break;
    case Ptw::Drain:
      if (in.mem_rsp_valid) ptw_ = Ptw::Idle;
      break;
    case Ptw::Idle: break;
  }
}

bool Scoreboard::edge(const DutInputs& in, const DutOutputs& out, const CsrView& csrs) {
  bool responded = false;
  if (due_) {
    last_ = *due_;
    due_.reset();
    responded = true;
    ++stats_.responses;
    if (last_.fault) ++stats_.faults[static_cast<unsigned>(last_.cause)];
    if (cov_) cov_->response_id(last_.id);
  }

  // Order at one edge (DESIGN.md): a request accepted now is looked up first, then an
  // sfence accepted now flushes (and cancels the refill of any walk in flight, the one
  // just started included), then a walk that was already in flight moves on. A request
  // is only accepted by an idle walker, so the first and the last never meet.
  const bool was_walking = ptw_ == Ptw::Present || ptw_ == Ptw::Await;
  const bool was_busy = ptw_ != Ptw::Idle;
  if (was_busy) ++walk_cycles_;
  if (in.req_valid && out.req_ready) accept(in, csrs);

  if (in.sfence_valid && out.sfence_ready) {
    SfenceOp op;
    if (in.sfence_use_vaddr) op.va = in.sfence_vaddr;
    if (in.sfence_use_asid) op.asid = in.sfence_asid;
    std::vector<TlbEntry> before;
    if (cov_)
      for (unsigned i = 0; i < model_.tlb().size(); ++i) before.push_back(model_.tlb().entry(i));
    const SfenceEffect fx = model_.sfence(csrs, op);
    if (cov_) cov_->sfence(op, fx, before, model_.tlb());
    ++stats_.sfences;
  }

  if (was_busy) {
    if (was_walking && in.kill) kill_walk(in, out);
    else advance_walk(in, out);
  }
  return responded;
}

void Scoreboard::reset() {
  if (ptw_ == Ptw::Present || ptw_ == Ptw::Await) {
    record_.reset();
    emit_explanation();
  }
  model_.reset();
  due_.reset();
  ptw_ = Ptw::Idle;
  walk_cycles_ = 0;
}

}  // namespace mmu::tb
