#include "scoreboard.h"

#include <algorithm>
#include <iterator>

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

Scoreboard::Scoreboard(Build build, const MmuConfig& cfg, const SparseMemory& mem)
    : build_(build), pte_bytes_(build_info(build).pte_bytes), cfg_(cfg), mem_(mem), model_(build, cfg),
      fill_mode_(cfg.l1_entries, Mode::Bare) {}

const char* Scoreboard::phase() const {
  switch (ptw_) {
    case Ptw::Idle: return "idle";
    case Ptw::Lookup: return "looking up the L2 TLB";
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
         explain(build_, cfg_, record_);
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
      const std::string want = r.path == Path::Hit ? "a response now (the model hits L1 entry " + std::to_string(r.entry) + ")"
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
                : ptw_ == Ptw::Lookup ? "no response (the model looks up the L2 TLB now)"
                : walking()        ? "no response (the model is still walking)"
                                   : "no response (none due)",
                "rsp_valid=1 " + answer(out.rsp_id, out.rsp_fault, out.rsp_cause, out.rsp_paddr));
  }

  // Ready signals: the translation port waits for an idle walker; sfences never wait.
  const bool want_req_ready = ptw_ == Ptw::Idle;
  if (out.req_ready != want_req_ready)
    return fail(cycle, "req_ready_o",
                std::to_string(want_req_ready) + (ptw_ == Ptw::Drain    ? " (draining a killed walk)"
                                                  : ptw_ == Ptw::Lookup ? " (L2 lookup after an L1 miss)"
                                                  : walking()           ? " (walk in progress)"
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
                ptw_ == Ptw::Await    ? "no request (one is outstanding)"
                : ptw_ == Ptw::Lookup ? "no request (the L2 TLB and walk cache are looked up first)"
                : ptw_ == Ptw::Drain  ? "no request (draining a killed walk)"
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
  const uint32_t want_c[6] = {static_cast<uint32_t>(c.hits),    static_cast<uint32_t>(c.misses),
                              static_cast<uint32_t>(c.walks),   static_cast<uint32_t>(walk_cycles_),
                              static_cast<uint32_t>(c.l2_hits), static_cast<uint32_t>(c.walk_cache_hits)};
  const uint32_t seen_c[6] = {out.perf_hits,        out.perf_misses, out.perf_walks,
                              out.perf_walk_cycles, out.perf_l2_hits, out.perf_walk_cache_hits};
  if (!std::equal(std::begin(want_c), std::end(want_c), std::begin(seen_c))) {
    auto text = [](const uint32_t* v) {
      char buf[192];
      std::snprintf(buf, sizeof buf,
                    "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32 " l2_hits %" PRIu32
                    " walk_cache_hits %" PRIu32,
                    v[0], v[1], v[2], v[3], v[4], v[5]);
      return std::string(buf);
    };
    return fail(cycle, "performance counters", text(want_c), text(seen_c));
  }
  (void)in;
  return true;
}

void Scoreboard::sample(const CsrView& csrs, Access acc, uint64_t va, const Outcome& o) {
  if (!cov_) return;
  // Coverage of stale translations: would a walk of today's tables answer this hit
  // differently? (Only with coverage on: it costs a walk per hit.)
  bool stale = false;
  if (o.path == Path::Hit || o.path == Path::L2Hit) {
    ShadowMemory shadow(mem_, pte_bytes_);
    const WalkResult w = walk(build_, csrs, acc, va, shadow);
    stale = w.fault != o.fault || (o.fault ? w.cause != o.cause : w.paddr != o.paddr);
    if (stale) cov_->stale_hit(o, w);
  }
  cov_->translation(build_, csrs, acc, o, mem_, cfg_.l1_entries, stale, o.path == Path::Hit || o.path == Path::L2Hit);
}

// A request accepted at this edge: the model looks it up in the L1; past the L1 it goes
// on to the L2 lookup at the next edge.
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
  const Response r{acc, in.req_vaddr, in.req_id, o.fault, o.cause, o.paddr, o.path, o.entry, now_};
  if (!o.walks()) {
    sample(c, acc, in.req_vaddr, o);
    record_.finish(o);
    emit_explanation();
    due_ = r;
    return;
  }
  walk_rsp_ = r;
  walk_csrs_ = c;
  ptw_ = Ptw::Lookup;
}

// The edge after an L1 miss: the L2 lookup, and on an L2 miss the walk's start (walk
// cache, first PTE address). Ordered before an sfence of the same edge (DESIGN.md).
void Scoreboard::second_level() {
  record_.keep_walk_cache(model_.walk_cache());
  model_.second_level();
  record_.second_level(model_, model_.pending());
  walk_rsp_.path = model_.pending().path;
  if (model_.walking()) {
    ++stats_.walks_started;
    if (model_.pending().walk_cache_level >= 0) ++stats_.walk_cache_starts;
  }
}

// After the sfence of the L2 lookup's edge: an L2 hit or a walk that stopped before its
// first read answers at the next edge; otherwise the first PTE read is presented.
void Scoreboard::after_second_level() {
  if (model_.answer_ready()) finish_walk();
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
  r.path = o.path;
  stats_.restarts += o.restarts;
  stats_.walk_cache_fills += o.walk_cache_fills;
  if (o.path == Path::L2Hit) ++stats_.l2_hits;
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
  if (ptw_ == Ptw::Lookup) {
    // Killed in the L2 lookup cycle: nothing was asked of memory.
    ptw_ = Ptw::Idle;
    model_.kill_walk();
    record_.kill();
    emit_explanation();
    ++stats_.kills;
    if (cov_) cov_->hit("kill", "in the L2 lookup cycle");
    return;
  }
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
        model_.respond(in.mem_rsp_rdata, in.mem_rsp_cas_ok, in.mem_rsp_err);
        if (model_.answer_ready()) finish_walk();
        else ptw_ = Ptw::Present;
      }
      break;
    case Ptw::Drain:
      if (in.mem_rsp_valid) ptw_ = Ptw::Idle;
      break;
    case Ptw::Lookup: after_second_level(); break;
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
    if (last_.path == Path::L2Hit || last_.path == Path::Miss || last_.path == Path::DirtyRewalk) {
      ++stats_.miss_responses;
      stats_.miss_latency += now_ - last_.accepted;
    }
    if (cov_) cov_->response_id(last_.id);
  }

  // Order at one edge (DESIGN.md): a request accepted now is looked up in the L1 first,
  // or the L2 lookup of the request past the L1 is made; then an sfence accepted now
  // flushes (and cancels the refills of the request past the L1, the one just started
  // included); then a walk that was already in flight moves on. A request is only
  // accepted by an idle walker, so the first never meets the others.
  const bool was_walking = ptw_ == Ptw::Lookup || ptw_ == Ptw::Present || ptw_ == Ptw::Await;
  const bool was_busy = ptw_ != Ptw::Idle;
  if (was_busy) ++walk_cycles_;
  if (in.req_valid && out.req_ready) accept(in, csrs);
  if (ptw_ == Ptw::Lookup && was_busy && !in.kill) second_level();

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
  if (ptw_ == Ptw::Lookup || ptw_ == Ptw::Present || ptw_ == Ptw::Await) {
    record_.reset();
    emit_explanation();
  }
  model_.reset();
  due_.reset();
  ptw_ = Ptw::Idle;
  walk_cycles_ = 0;
}

}  // namespace mmu::tb
