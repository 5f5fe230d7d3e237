#include "mmu_model.h"

#include "perm.h"

namespace mmu {

Outcome MmuModel::translate(const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem) {
  const BuildInfo bi = build_info(build_);
  Outcome o;
  if (!translates(csrs)) {
    o.path = Path::Bare;
    o.paddr = bare_paddr(bi, va);
    return o;
  }
  if (!is_canonical(csrs.mode, va)) {
    o.path = Path::NonCanonical;
    o.fault = true;
    o.cause = page_fault(acc);
    o.stop = WalkStop::Invalid;
    return o;
  }

  const uint32_t asid = csrs.asid & static_cast<uint32_t>(mask(bi.asid_bits));
  o.path = Path::Miss;
  if (std::optional<unsigned> hit = tlb_.lookup(va, asid)) {
    const TlbEntry& e = tlb_.entry(*hit);
    // Permissions against the CSRs of now, not of the fill.
    if (!leaf_allows(e.leaf.perms, csrs.priv, csrs.sum, csrs.mxr, acc)) {
      o.path = Path::Hit;
      o.stop = WalkStop::Permission;
    } else if (needs_ad_update(e.leaf.a, e.leaf.d, acc)) {
      if (csrs.ad == AdPolicy::Fault) {
        o.path = Path::Hit;
        o.stop = WalkStop::AdFault;
      } else {
        // Svadu: the entry goes and a walk sets the bits in memory.
        tlb_.invalidate(*hit);
        o.path = Path::DirtyRewalk;
      }
    } else {
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
  }

  ++counters_.walks;
  WalkResult w = walk(build_, csrs, acc, va, mem);
  o.accesses = w.accesses;
  o.stop = w.stop;
  o.stop_level = w.stop_level;
  if (w.fault) {  // faulting walks are not cached
    o.fault = true;
    o.cause = w.cause;
    return o;
  }
  o.paddr = w.paddr;
  o.entry = static_cast<int>(tlb_.fill(asid, w.leaf, &o.replaced));
  return o;
}

void MmuModel::reset() {
  tlb_.reset();
  counters_ = {};
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
