#include "mmu_model.h"

#include "perm.h"

namespace mmu {

Outcome MmuModel::lookup(const CsrView& csrs, Access acc, uint64_t va) {
  const BuildInfo bi = build_info(build_);
  Outcome o;
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
  if (std::optional<unsigned> hit = tlb_.lookup(va, asid)) {
    const TlbEntry& e = tlb_.entry(*hit);
    o.matched = static_cast<int>(*hit);
    if (obs_) obs_->tlb_hit(*hit, e.asid, e.leaf, asid);
    // Permissions against the CSRs of now, not of the fill.
    const bool allowed = leaf_allows(e.leaf.perms, csrs.priv, csrs.sum, csrs.mxr, acc);
    if (obs_) obs_->check(Check::Permission, allowed);
    if (!allowed) {
      o.path = Path::Hit;
      o.stop = WalkStop::Permission;
    } else if (needs_ad_update(e.leaf.a, e.leaf.d, acc)) {
      if (obs_) obs_->check(Check::AdBits, false);
      if (csrs.ad == AdPolicy::Fault) {
        o.path = Path::Hit;
        o.stop = WalkStop::AdFault;
      } else {
        // Svadu: the entry goes and a walk sets the bits in memory.
        tlb_.invalidate(*hit);
        if (obs_) obs_->tlb_dropped(*hit);
        o.path = Path::DirtyRewalk;
      }
    } else {
      if (obs_) obs_->check(Check::AdBits, true);
      o.path = Path::Hit;
      o.paddr = leaf_paddr(bi, e.leaf.ppn, e.leaf.level, va);
    }
    if (o.path == Path::Hit) {
      tlb_.touch(*hit);
      ++counters_.hits;
      o.entry = static_cast<int>(*hit);
      o.stop_level = e.leaf.level;
      if (o.stop != WalkStop::Ok) {
        o.fault = true;
        o.cause = page_fault(acc);
      }
      return o;
    }
  } else {
    ++counters_.misses;
    if (obs_) obs_->tlb_miss(asid);
  }

  // The walk captures the CSR view of this edge; the refill will carry its ASID.
  ++counters_.walks;
  CsrView snapshot = csrs;
  snapshot.asid = asid;
  walker_.emplace(build_, snapshot, acc, va, obs_);
  pending_ = o;
  fill_cancelled_ = false;
  return o;
}

Outcome MmuModel::finish_walk() {
  const WalkResult& w = walker_->result();
  Outcome o = pending_;
  o.accesses = w.accesses;
  o.stop = w.stop;
  o.stop_level = w.stop_level;
  o.restarts = w.restarts;
  if (w.fault) {  // faulting walks are not cached
    o.fault = true;
    o.cause = w.cause;
  } else {
    o.paddr = w.paddr;
    if (fill_cancelled_) o.fill_cancelled = true;
    else o.entry = static_cast<int>(tlb_.fill(walker_->csrs().asid, w.leaf, &o.replaced));
  }
  walker_.reset();
  return o;
}

SfenceEffect MmuModel::sfence(const CsrView& csrs, const SfenceOp& op) {
  SfenceEffect fx = tlb_.sfence(op, csrs.mode);
  // Any sfence that is not a no-op cancels the refill of the walk in flight: its
  // translation may come from a PTE the sfence is meant to order.
  if (walker_ && !fx.ignored) {
    fill_cancelled_ = true;
    fx.cancelled_fill = true;
  }
  return fx;
}

Outcome MmuModel::translate(const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem) {
  Outcome o = lookup(csrs, acc, va);
  if (!walking()) return o;
  run_walker(*walker_, mem, build_info(build_).pte_bytes);
  return finish_walk();
}

void MmuModel::reset() {
  tlb_.reset();
  counters_ = {};
  walker_.reset();
  fill_cancelled_ = false;
}

const char* to_string(Path p) {
  switch (p) {
    case Path::Bare: return "bare";
    case Path::NonCanonical: return "non-canonical";
    case Path::Hit: return "hit";
    case Path::Miss: return "miss";
    case Path::DirtyRewalk: return "dirty-rewalk";
  }
  return "?";
}

}  // namespace mmu
