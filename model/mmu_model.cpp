#include "mmu_model.h"

#include "perm.h"

namespace mmu {

namespace {

// A TLB entry (L1 or L2) against an access, with the CSRs of now: permissions first,
// then A/D. `stop` is Ok, Permission or AdFault; `rewalk`: Svadu must update A/D.
struct EntryVerdict {
  WalkStop stop = WalkStop::Ok;
  bool rewalk = false;
};

EntryVerdict judge(const Leaf& leaf, const CsrView& csrs, Access acc, Observer* obs) {
  EntryVerdict v;
  const bool allowed = leaf_allows(leaf.perms, csrs.priv, csrs.sum, csrs.mxr, acc);
  if (obs) obs->check(Check::Permission, allowed);
  if (!allowed) {
    v.stop = WalkStop::Permission;
  } else if (needs_ad_update(leaf.a, leaf.d, acc)) {
    if (obs) obs->check(Check::AdBits, false);
    if (csrs.ad == AdPolicy::Fault) v.stop = WalkStop::AdFault;
    else v.rewalk = true;
  } else if (obs) {
    obs->check(Check::AdBits, true);
  }
  return v;
}

}  // namespace

void MmuModel::check_pmp(Outcome& o, Priv priv, Access acc) {
  o.pmp = pmp_check(pmp_, build_, o.paddr, 1, priv, pmp_access(acc));
  if (obs_) obs_->pmp(PmpUse::Translated, pmp_, o.paddr, 1, priv, pmp_access(acc), o.pmp);
  if (o.pmp.allowed) return;
  o.fault = true;
  o.cause = access_fault(acc);
  o.paddr = 0;
  o.stop = WalkStop::PmpPa;
}

Outcome MmuModel::lookup(Port port, const CsrView& csrs, Access acc, uint64_t va) {
  const BuildInfo bi = build_info(build_);
  pmp_ = csrs.pmp;  // the view of this edge
  Tlb& tlb = tlb_[index(port)];
  MmuCounters& counters = counters_[index(port)];
  Outcome o;
  o.port = port;
  if (!translates(csrs)) {
    // No translation: the VA is the PA. A VA with a bit set above the PA width names no
    // physical address: access fault of the access's kind (rv32's 32-bit VAs always fit
    // the 34-bit PA).
    o.path = Path::Bare;
    if (obs_) obs_->untranslated();
    if (va > mask(bi.pa_bits)) {
      o.fault = true;
      o.cause = access_fault(acc);
      o.stop = WalkStop::AccessFault;
    } else {
      o.paddr = bare_paddr(bi, va);
      check_pmp(o, csrs.priv, acc);
    }
    return o;
  }
  if (!is_canonical(csrs.mode, va)) {
    o.path = Path::NonCanonical;
    if (obs_) obs_->non_canonical();
    o.fault = true;
    o.cause = page_fault(acc);
    o.stop = WalkStop::Invalid;
    return o;
  }

  const uint32_t asid = csrs.asid & static_cast<uint32_t>(mask(bi.asid_bits));
  o.path = Path::Miss;
  if (std::optional<unsigned> hit = tlb.lookup(va, asid)) {
    const TlbEntry& e = tlb.entry(*hit);
    o.matched = static_cast<int>(*hit);
    if (obs_) obs_->tlb_hit(*hit, e.asid, e.leaf, asid);
    // Permissions against the CSRs of now, not of the fill.
    const EntryVerdict v = judge(e.leaf, csrs, acc, obs_);
    if (v.rewalk) {
      // Svadu: the entry goes and the L2 (or a walk) sets the bits in memory.
      tlb.invalidate(*hit);
      if (obs_) obs_->tlb_dropped(*hit);
      o.path = Path::DirtyRewalk;
    } else {
      tlb.touch(*hit);
      ++counters.hits;
      o.path = Path::Hit;
      o.entry = static_cast<int>(*hit);
      o.stop = v.stop;
      o.stop_level = e.leaf.level;
      if (v.stop != WalkStop::Ok) {
        o.fault = true;
        o.cause = page_fault(acc);
      } else {
        o.paddr = leaf_paddr(bi, e.leaf.ppn, e.leaf.level, va);
        check_pmp(o, csrs.priv, acc);
      }
      return o;
    }
  } else {
    ++counters.misses;
    if (obs_) obs_->tlb_miss(asid);
  }

  // Past the L1: the CSR view of this edge is captured for the L2 lookup and the walk;
  // the refills will carry its ASID. It waits for the walker.
  Request r;
  r.outcome = o;
  r.snapshot = csrs;
  r.snapshot.asid = asid;
  r.acc = acc;
  r.va = va;
  waiting_[index(port)] = r;
  return o;
}

std::optional<Port> MmuModel::arbitrate() {
  const bool data = waiting_[index(Port::Data)].has_value(), fetch = waiting_[index(Port::Fetch)].has_value();
  if (in_flight() || (!data && !fetch)) return std::nullopt;
  // Round-robin: with both waiting, the favoured port goes; the other port is favoured
  // next, so a waiting port waits for one translation of the other port at most.
  const Port p = data && fetch ? favoured_ : data ? Port::Data : Port::Fetch;
  favoured_ = p == Port::Data ? Port::Fetch : Port::Data;
  Request& r = *waiting_[index(p)];
  owner_ = p;
  pending_ = r.outcome;
  snapshot_ = r.snapshot;
  acc_ = r.acc;
  va_ = r.va;
  fill_cancelled_ = r.fill_cancelled;
  pending_level2_ = true;
  l2_answered_ = false;
  waiting_[index(p)].reset();
  return p;
}


void MmuModel::second_level() {
  pending_level2_ = false;
  if (std::optional<L2Slot> slot = l2_.lookup(va_, snapshot_.asid)) {
    const TlbEntry& e = l2_.entry(*slot);
    pending_.l2 = slot;
    if (obs_) obs_->l2_hit(slot->super, slot->set, slot->index, e.leaf);
    const EntryVerdict v = judge(e.leaf, snapshot_, acc_, obs_);
    if (v.rewalk) {
      l2_.invalidate(*slot);
      pending_.path = Path::DirtyRewalk;
    } else {
      l2_.touch(*slot);
      ++counters_[index(owner_)].l2_hits;
      l2_answered_ = true;
      pending_.path = Path::L2Hit;
      pending_.stop = v.stop;
      pending_.stop_level = e.leaf.level;
      if (v.stop != WalkStop::Ok) {
        pending_.fault = true;
        pending_.cause = page_fault(acc_);
      } else {
        pending_.paddr = leaf_paddr(build_info(build_), e.leaf.ppn, e.leaf.level, va_);
        check_pmp(pending_, snapshot_.priv, acc_);
      }
      return;
    }
  } else if (obs_) {
    obs_->l2_miss();
  }
  start_walk();
}

std::optional<WalkStart> MmuModel::walk_cache_start() {
  // A restart (the A/D update found the PTE changed) goes back to the root: the walk
  // cache is looked up only when the walk starts (DESIGN.md).
  if (restarting_) return std::nullopt;
  const std::optional<unsigned> i = pwc_.lookup(snapshot_.mode, va_, snapshot_.asid);
  if (!i) return std::nullopt;
  pwc_.touch(*i);
  ++counters_[index(owner_)].walk_cache_hits;
  const WalkCacheEntry& e = pwc_.entry(*i);
  pending_.walk_cache_level = static_cast<int>(e.level) - 1;
  const BuildInfo bi = build_info(build_);
  return WalkStart{(e.ppn << kPageShift) & mask(bi.pa_bits), e.level - 1, e.global};
}

void MmuModel::start_walk() {
  ++counters_[index(owner_)].walks;
  restarting_ = false;
  snapshot_.pmp = pmp_;  // the first PTE access is decided at this edge
  walker_.emplace(build_, snapshot_, acc_, va_, obs_, [this] { return walk_cache_start(); });
  restarting_ = true;
}

void MmuModel::respond(uint64_t rdata, bool swapped, bool err) {
  walker_->set_pmp(pmp_);  // the next PTE access is decided at this edge
  walker_->respond(rdata, swapped, err);
  // The walk's translated PA is checked at its last response's edge.
  if (walker_->done() && !walker_->result().fault) {
    pending_.paddr = walker_->result().paddr;
    check_pmp(pending_, snapshot_.priv, acc_);
  }
  // A pointer followed goes into the walk cache, unless an sfence came (its edge included).
  if (const std::optional<PointerFollowed>& p = walker_->followed(); p && !fill_cancelled_ && pwc_.size()) {
    pwc_.fill(WalkCacheEntry{true, snapshot_.mode, p->level, vpn_tag(build_info(build_), va_), snapshot_.asid, p->global, p->ppn});
    ++pending_.walk_cache_fills;
  }
}

Outcome MmuModel::finish_walk() {
  Outcome o = pending_;
  if (l2_answered_) {
    // The L2 answered: a translation goes into the L1 as the L2 holds it.
    l2_answered_ = false;
    if (!o.fault || pmp_denied(o)) {
      if (fill_cancelled_) o.fill_cancelled = true;
      else o.entry = static_cast<int>(tlb_[index(owner_)].fill(snapshot_.asid, l2_.entry(*o.l2).leaf, &o.replaced));
    }
    return o;
  }
  const WalkResult& w = walker_->result();
  const bool denied = pmp_denied(o);  // respond() checked the translated PA
  o.accesses = w.accesses;
  o.stop = denied ? WalkStop::PmpPa : w.stop;
  o.stop_level = w.stop_level;
  o.restarts = w.restarts;
  if (w.fault) {  // faulting walks are not cached
    o.fault = true;
    o.cause = w.cause;
    o.pmp = w.pmp;
  } else {
    o.paddr = denied ? 0 : w.paddr;
    if (fill_cancelled_) {
      o.fill_cancelled = true;
    } else {
      o.entry = static_cast<int>(tlb_[index(owner_)].fill(snapshot_.asid, w.leaf, &o.replaced));
      if (cfg_.l2.enabled()) l2_.fill(snapshot_.asid, w.leaf);
    }
  }
  walker_.reset();
  return o;
}

void MmuModel::kill(Port port) {
  if (waiting_[index(port)]) waiting_[index(port)].reset();
  else if (in_flight() && owner_ == port) kill_walk();
}

void MmuModel::kill_walk() {
  walker_.reset();
  pending_level2_ = false;
  l2_answered_ = false;
}

SfenceEffect MmuModel::sfence(const CsrView& csrs, const SfenceOp& op) {
  SfenceEffect fx = tlb_[index(Port::Data)].sfence(op, csrs.mode);
  if (fx.ignored) return fx;
  const SfenceEffect itlb = tlb_[index(Port::Fetch)].sfence(op, csrs.mode);
  fx.itlb_removed = itlb.removed_global + itlb.removed_nonglobal;
  const SfenceEffect l2 = l2_.sfence(op, csrs.mode);
  fx.l2_removed = l2.removed_global + l2.removed_nonglobal;
  const WalkCacheFlush w = pwc_.sfence(op);
  fx.walk_cache_removed = w.removed;
  fx.walk_cache_spared_global = w.spared_global;
  for (unsigned i = 0; i < pwc_.size(); ++i) fx.walk_cache_kept += pwc_.entry(i).valid;
  // Any sfence that is not a no-op cancels the refills of every request past its L1: its
  // translation may come from a PTE the sfence is meant to order.
  if (in_flight()) {
    fill_cancelled_ = true;
    fx.cancelled_fill = true;
  }
  for (std::optional<Request>& r : waiting_)
    if (r) {
      r->fill_cancelled = true;
      fx.cancelled_fill = true;
    }
  return fx;
}

Outcome MmuModel::translate(Port port, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem) {
  Outcome o = lookup(port, csrs, acc, va);
  if (!waiting(port)) return o;
  arbitrate();
  second_level();
  const unsigned pte_bytes = build_info(build_).pte_bytes;
  while (!answer_ready()) {
    const MemAccess& op = walker_->op();
    if (op.write) {
      const std::optional<bool> wrote = mem.cas(op.pa, pte_bytes, op.cmp, op.wdata);
      respond(0, wrote.value_or(false), !wrote);
    } else {
      const std::optional<uint64_t> raw = mem.read(op.pa, pte_bytes);
      respond(raw.value_or(0), false, !raw);
    }
  }
  return finish_walk();
}

void MmuModel::reset() {
  for (Tlb& t : tlb_) t.reset();
  for (std::optional<Request>& r : waiting_) r.reset();
  favoured_ = Port::Data;
  l2_.reset();
  pwc_.reset();
  counters_ = {};
  kill_walk();
  fill_cancelled_ = false;
}

const char* to_string(Port p) { return p == Port::Data ? "data" : "fetch"; }

const char* to_string(Path p) {
  switch (p) {
    case Path::Bare: return "bare";
    case Path::NonCanonical: return "non-canonical";
    case Path::Hit: return "hit";
    case Path::Miss: return "miss";
    case Path::DirtyRewalk: return "dirty-rewalk";
    case Path::L2Hit: return "l2-hit";
  }
  return "?";
}

}  // namespace mmu
