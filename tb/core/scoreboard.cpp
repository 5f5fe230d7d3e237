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
  return std::string(to_string(r.port)) + " port: " + to_string(r.access) + " " + hex(r.va) + " id " +
         std::to_string(r.id) + " (" + to_string(r.path) + ")";
}

Scoreboard::Scoreboard(Build build, const MmuConfig& cfg, const SparseMemory& mem)
    : build_(build), pte_bytes_(build_info(build).pte_bytes), cfg_(cfg), mem_(mem), model_(build, cfg) {
  ports_[index(Port::Data)].fill_mode.assign(cfg.l1_entries, Mode::Bare);
  ports_[index(Port::Fetch)].fill_mode.assign(cfg.l1i_entries, Mode::Bare);
}

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

std::string Scoreboard::explain_port(Port p) const {
  const PortState& ps = ports_[index(p)];
  if (!ps.recorded) return "";
  // (The port goes without saying: the bench sends fetches, and only fetches, to the
  // instruction port.)
  return "cycle " + std::to_string(ps.record_cycle) + ", id " + std::to_string(ps.record_id) + ": " +
         explain(build_, cfg_, ps.record);
}

std::string Scoreboard::explain_last() const { return explain_port(last_port_); }

void Scoreboard::emit_explanation(Port p) const {
  if (explain_) *explain_ << explain_port(p);
}

// One port's response and ready pins.
bool Scoreboard::check_port(Port p, const DutOutputs& out, uint64_t cycle) {
  const PortState& ps = ports_[index(p)];
  const PortOutputs& o = out.port[index(p)];
  const std::string pins = p == Port::Data ? "" : "i";  // the instruction port's pins are ireq_*/irsp_*
  // The response port: exactly when the contract says, with the model's answer.
  if (ps.due) {
    const Response& r = *ps.due;
    if (!o.rsp_valid) {
      const std::string want = r.path == Path::Hit ? "a response now (the model hits L1 entry " + std::to_string(r.entry) + ")"
                                                   : "a response now (" + std::string(to_string(r.path)) + ")";
      return fail(cycle, "response to " + describe(r), want,
                  out.mem_req_valid ? "no response, a PTW memory request (the RTL walks: it missed)" : "no response");
    }
    const uint64_t want_pa = r.fault ? 0 : r.paddr;
    const unsigned want_cause = static_cast<unsigned>(r.cause);
    if (o.rsp_fault != r.fault || o.rsp_cause != want_cause || o.rsp_paddr != want_pa || o.rsp_id != r.id)
      return fail(cycle, "response to " + describe(r), answer(r.id, r.fault, want_cause, want_pa),
                  answer(o.rsp_id, o.rsp_fault, o.rsp_cause, o.rsp_paddr));
  } else if (o.rsp_valid) {
    const bool mine = ptw_ != Ptw::Idle && owner_ == p;
    return fail(cycle, std::string(to_string(p)) + " response port (" + pins + "rsp_valid_o)",
                ps.waiting                       ? "no response (its L1 miss waits for the walker)"
                : mine && ptw_ == Ptw::Drain     ? "no response (the walk was killed)"
                : mine && ptw_ == Ptw::Lookup    ? "no response (the model looks up the L2 TLB now)"
                : mine                           ? "no response (the model is still walking)"
                                                 : "no response (none due)",
                "rsp_valid=1 " + answer(o.rsp_id, o.rsp_fault, o.rsp_cause, o.rsp_paddr));
  }

  // Ready: a port takes no request while its own translation is past its L1.
  const bool want_ready = !port_busy(p);
  if (o.ready != want_ready)
    return fail(cycle, pins + "req_ready_o",
                std::to_string(want_ready) + (ps.waiting                    ? " (its L1 miss waits for the walker)"
                                              : !want_ready && ptw_ == Ptw::Drain  ? " (draining its killed walk)"
                                              : !want_ready && ptw_ == Ptw::Lookup ? " (L2 lookup after its L1 miss)"
                                              : !want_ready                        ? " (its walk in progress)"
                                              : walking()                          ? " (the walker serves the other port)"
                                                                                   : " (idle)"),
                std::to_string(o.ready));
  return true;
}

bool Scoreboard::check(const DutInputs& in, const DutOutputs& out, uint64_t cycle) {
  now_ = cycle;
  if (!check_port(Port::Data, out, cycle) || !check_port(Port::Fetch, out, cycle)) return false;
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

  // Performance counters of each port, as of the previous edge.
  for (Port p : {Port::Data, Port::Fetch}) {
    const MmuCounters& c = model_.counters(p);
    const PortCounters& seen = out.perf[index(p)];
    const uint32_t want_c[6] = {static_cast<uint32_t>(c.hits),    static_cast<uint32_t>(c.misses),
                                static_cast<uint32_t>(c.walks),   static_cast<uint32_t>(ports_[index(p)].walk_cycles),
                                static_cast<uint32_t>(c.l2_hits), static_cast<uint32_t>(c.walk_cache_hits)};
    const uint32_t seen_c[6] = {seen.hits, seen.misses, seen.walks, seen.walk_cycles, seen.l2_hits, seen.walk_cache_hits};
    if (!std::equal(std::begin(want_c), std::end(want_c), std::begin(seen_c))) {
      auto text = [](const uint32_t* v) {
        char buf[192];
        std::snprintf(buf, sizeof buf,
                      "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32 " l2_hits %" PRIu32
                      " walk_cache_hits %" PRIu32,
                      v[0], v[1], v[2], v[3], v[4], v[5]);
        return std::string(buf);
      };
      const std::string which = std::string(to_string(p)) + " port (perf_" + (p == Port::Data ? "" : "i_") + "*_o): ";
      return fail(cycle, "performance counters", which + text(want_c), which + text(seen_c));
    }
  }
  (void)in;
  return true;
}

void Scoreboard::sample(const CsrView& csrs, Access acc, uint64_t va, const Outcome& o) {
  if (!cov_) return;
  // Coverage of stale translations: would a walk of today's tables answer this hit
  // differently? (Only with coverage on: it costs a walk per hit.)
  bool stale = false;
  // (A hit PMP turned into an access fault is not compared: a walk does not check the PA.)
  if ((o.path == Path::Hit || o.path == Path::L2Hit) && !pmp_denied(o)) {
    ShadowMemory shadow(mem_, pte_bytes_);
    const WalkResult w = walk(build_, csrs, acc, va, shadow);
    stale = w.fault != o.fault || (o.fault ? w.cause != o.cause : w.paddr != o.paddr);
    if (stale) cov_->stale_hit(o, w);
  }
  const unsigned entries = o.port == Port::Fetch ? cfg_.l1i_entries : cfg_.l1_entries;
  cov_->translation(build_, csrs, acc, o, mem_, entries, stale, o.path == Path::Hit || o.path == Path::L2Hit);
}

// A request accepted by port p at this edge: the model looks it up in the port's L1; past
// the L1 it waits for the walker (and starts at this edge if the walker is free).
void Scoreboard::accept(Port p, const DutInputs& in, const CsrView& csrs) {
  PortState& ps = ports_[index(p)];
  const PortInputs& req = in.port[index(p)];
  CsrView c = csrs;
  c.priv = static_cast<Priv>(req.priv);
  const Access acc = p == Port::Fetch ? Access::Fetch : static_cast<Access>(req.kind);
  if (cov_) {
    if (req.priv == 2) cov_->hit("bare", "privilege encoding 2 (behaves as M)");
    if (translates(c)) cov_->lookup(build_, c, req.vaddr, model_.tlb(p), ps.fill_mode);
  }
  const Outcome o = model_.lookup(p, c, acc, req.vaddr);
  ps.record.begin(c, acc, req.vaddr, model_.tlb(p), o);
  ps.recorded = true;
  ps.record_id = req.id;
  ps.record_cycle = now_;
  last_port_ = p;
  ++stats_.translations;
  ++stats_.port[index(p)].translations;
  if (o.path == Path::Hit) ++stats_.port[index(p)].hits;
  ++stats_.by_path[static_cast<unsigned>(o.path)];
  const Response r{p, acc, req.vaddr, req.id, o.fault, o.cause, o.paddr, o.path, o.entry, now_};
  if (!o.walks()) {
    sample(c, acc, req.vaddr, o);
    ps.record.finish(o);
    emit_explanation(p);
    ps.due = r;
    return;
  }
  ps.waiting = r;
  ps.waiting_csrs = c;
}

// The arbiter gave the free walker port p's L1 miss at this edge: its L2 lookup is at the
// next edge.
void Scoreboard::start(Port p) {
  PortState& ps = ports_[index(p)];
  PortStats& st = stats_.port[index(p)];
  const uint64_t waited = now_ - ps.waiting->accepted;
  if (waited) {
    ++st.waits;
    st.wait_edges += waited;
    st.max_wait = std::max(st.max_wait, waited);
    if (cov_) cov_->hit("arbiter", std::string(to_string(p)) + " port's miss waited for the walker");
  }
  owner_ = p;
  walk_rsp_ = *ps.waiting;
  walk_csrs_ = ps.waiting_csrs;
  ps.waiting.reset();
  ptw_ = Ptw::Lookup;
}

// The edge after the walker took an L1 miss: the L2 lookup, and on an L2 miss the walk's
// start (walk cache, first PTE address). Ordered before an sfence of the same edge.
void Scoreboard::second_level() {
  TranslationRecord& rec = ports_[index(owner_)].record;
  rec.keep_walk_cache(model_.walk_cache());
  model_.second_level();
  rec.second_level(model_, model_.pending());
  walk_rsp_.path = model_.pending().path;
  if (model_.walking()) {
    ++stats_.walks_started;
    ++stats_.port[index(owner_)].walks;
    if (model_.pending().walk_cache_level >= 0) {
      ++stats_.walk_cache_starts;
      ++stats_.port[index(owner_)].walk_cache_starts;
    }
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
  PortState& ps = ports_[index(owner_)];
  const Outcome o = model_.finish_walk();
  Response r = walk_rsp_;
  r.fault = o.fault;
  r.cause = o.cause;
  r.paddr = o.paddr;
  r.entry = o.entry;
  r.path = o.path;
  stats_.restarts += o.restarts;
  stats_.walk_cache_fills += o.walk_cache_fills;
  if (o.path == Path::L2Hit) {
    ++stats_.l2_hits;
    ++stats_.port[index(owner_)].l2_hits;
  }
  if (o.fill_cancelled) ++stats_.cancelled_fills;
  ps.record.finish(o);
  emit_explanation(owner_);
  sample(walk_csrs_, walk_rsp_.access, walk_rsp_.va, o);
  if (o.entry >= 0) ps.fill_mode[static_cast<size_t>(o.entry)] = walk_csrs_.mode;
  if (cov_) {
    // The two L1s: the page the owner refilled (or got from the L2) held by the other port.
    const Port other = owner_ == Port::Data ? Port::Fetch : Port::Data;
    const bool other_holds = model_.tlb(other).lookup(walk_rsp_.va, walk_csrs_.asid & static_cast<uint32_t>(
                                                                         mask(build_info(build_).asid_bits))).has_value();
    if (other_holds && o.entry >= 0) cov_->hit("ports", "a page in both ports' L1s");
    if (other_holds && o.path == Path::L2Hit)
      cov_->hit("ports", std::string(to_string(owner_)) + " port's L2 hit on a page the other port's L1 holds");
    if (o.entry >= 0) cov_->refill(model_.tlb(owner_), static_cast<unsigned>(o.entry));
    if (o.restarts) cov_->hit("atomic a/d", "update failed, walk restarted");
    if (o.fill_cancelled) cov_->hit("sfence race", "walk answered, refill cancelled by an sfence");
  }
  ps.due = r;
  ptw_ = Ptw::Idle;
}

// The owner's kill at an edge with its walk in flight: no answer, no refill. A request
// accepted at this edge still owes its response (drained); one not accepted is withdrawn.
void Scoreboard::kill_walk(const DutInputs& in, const DutOutputs& out) {
  TranslationRecord& rec = ports_[index(owner_)].record;
  if (ptw_ == Ptw::Lookup) {
    // Killed in the L2 lookup cycle: nothing was asked of memory.
    ptw_ = Ptw::Idle;
    model_.kill_walk();
    rec.kill();
    emit_explanation(owner_);
    ++stats_.kills;
    if (cov_) cov_->hit("kill", "in the L2 lookup cycle");
    return;
  }
  const bool write = model_.walker().op().write;
  const bool present = ptw_ == Ptw::Present;
  if (present) ptw_ = in.mem_req_ready ? Ptw::Drain : Ptw::Idle;
  else ptw_ = in.mem_rsp_valid ? Ptw::Idle : Ptw::Drain;
  if (present && in.mem_req_ready) {
    ++(write ? stats_.mem_writes : stats_.mem_reads);
    if (!write) ++stats_.port[index(owner_)].mem_reads;
  }
  model_.kill_walk();
  rec.kill();
  emit_explanation(owner_);
  ++stats_.kills;
  if (ptw_ == Ptw::Drain) ++stats_.drains;
  if (cov_) {
    std::string bin = ptw_word(present, write);
    if (present) bin += in.mem_req_ready ? ", accepted at the kill edge" : ", withdrawn";
    else bin += in.mem_rsp_valid ? ", response at the kill edge" : ", drained later";
    cov_->hit("kill", bin);
    if (owner_ == Port::Fetch) cov_->hit("kill", "instruction port's walk killed");
  }
  (void)out;
}

// A walk in flight before this edge: its request accepted, or its response taken.
void Scoreboard::advance_walk(const DutInputs& in, const DutOutputs& out) {
  switch (ptw_) {
    case Ptw::Present:
      if (out.mem_req_valid && in.mem_req_ready) {
        ptw_ = Ptw::Await;
        const bool write = model_.walker().op().write;
        ++(write ? stats_.mem_writes : stats_.mem_reads);
        if (!write) ++stats_.port[index(owner_)].mem_reads;
      }
      break;
    case Ptw::Await:
      if (in.mem_rsp_valid) {
        ports_[index(owner_)].record.answer(in.mem_rsp_rdata, in.mem_rsp_cas_ok, in.mem_rsp_err, model_.pmp());
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
  responded_.clear();
  model_.set_pmp(csrs.pmp);  // every PMP check decided at this edge uses this edge's view
  for (PortState& ps : ports_) {
    if (!ps.due) continue;
    const Response& r = responded_.emplace_back(*ps.due);
    ps.due.reset();
    ++stats_.responses;
    if (r.fault) ++stats_.faults[static_cast<unsigned>(r.cause)];
    if (r.path == Path::L2Hit || r.path == Path::Miss || r.path == Path::DirtyRewalk) {
      ++stats_.miss_responses;
      stats_.miss_latency += now_ - r.accepted;
      ++stats_.port[index(r.port)].miss_responses;
      stats_.port[index(r.port)].miss_latency += now_ - r.accepted;
    }
    if (cov_) cov_->response_id(r.id);
  }
  if (!responded_.empty()) last_ = responded_.back();
  if (responded_.size() == 2) {
    ++stats_.both_responses;
    if (cov_) cov_->hit("ports", "both ports answer at one edge");
  }

  // Order at one edge (DESIGN.md): a kill drops its port's L1 miss that was waiting for
  // the walker; requests accepted now are looked up in their ports' L1s (a miss waits for
  // the walker); the L2 lookup of the walker's translation is made; an sfence accepted
  // now flushes (and cancels the refills of every translation past its L1); a walk that
  // was already in flight moves on (or is killed by its port); last, a walker that was
  // free at this edge takes a waiting L1 miss (round-robin).
  const bool was_walking = ptw_ == Ptw::Lookup || ptw_ == Ptw::Present || ptw_ == Ptw::Await;
  const bool was_busy = ptw_ != Ptw::Idle;
  if (was_busy) ++ports_[index(owner_)].walk_cycles;
  for (Port p : {Port::Data, Port::Fetch}) {
    PortState& ps = ports_[index(p)];
    if (!in.port[index(p)].kill || !ps.waiting) continue;
    model_.kill(p);
    ps.waiting.reset();
    ps.record.kill();
    emit_explanation(p);
    ++stats_.kills;
    if (cov_) cov_->hit("kill", std::string(to_string(p)) + " port's miss killed while waiting for the walker");
  }
  for (Port p : {Port::Data, Port::Fetch})
    if (in.port[index(p)].valid && out.port[index(p)].ready) accept(p, in, csrs);
  const bool owner_killed = in.port[index(owner_)].kill;
  if (ptw_ == Ptw::Lookup && was_busy && !owner_killed) second_level();

  if (in.sfence_valid && out.sfence_ready) {
    SfenceOp op;
    if (in.sfence_use_vaddr) op.va = in.sfence_vaddr;
    if (in.sfence_use_asid) op.asid = in.sfence_asid;
    std::vector<TlbEntry> before;
    if (cov_)
      for (unsigned i = 0; i < model_.tlb().size(); ++i) before.push_back(model_.tlb().entry(i));
    const SfenceEffect fx = model_.sfence(csrs, op);
    if (cov_) {
      cov_->sfence(op, fx, before, model_.tlb());
      if (fx.itlb_removed) cov_->hit("sfence", "instruction port's L1 entries removed");
      if (fx.itlb_removed && fx.removed_global + fx.removed_nonglobal)
        cov_->hit("ports", "sfence removes entries from both L1s");
      if (ports_[0].waiting || ports_[1].waiting) cov_->hit("sfence race", "sfence while an L1 miss waits for the walker");
    }
    ++stats_.sfences;
  }

  if (was_busy) {
    if (was_walking && owner_killed) kill_walk(in, out);
    else advance_walk(in, out);
  } else {
    const bool conflict = ports_[0].waiting && ports_[1].waiting;
    if (const std::optional<Port> g = model_.arbitrate()) {
      if (conflict) {
        ++stats_.conflicts;
        if (cov_) cov_->hit("arbiter", std::string("both ports missed, ") + to_string(*g) + " port first");
      }
      start(*g);
    }
  }
  return !responded_.empty();
}

void Scoreboard::reset() {
  if (ptw_ == Ptw::Lookup || ptw_ == Ptw::Present || ptw_ == Ptw::Await) {
    ports_[index(owner_)].record.reset();
    emit_explanation(owner_);
  }
  for (Port p : {Port::Data, Port::Fetch}) {
    PortState& ps = ports_[index(p)];
    if (ps.waiting) {
      ps.record.reset();
      emit_explanation(p);
    }
    ps.waiting.reset();
    ps.due.reset();
    ps.walk_cycles = 0;
  }
  model_.reset();
  ptw_ = Ptw::Idle;
}

}  // namespace mmu::tb
