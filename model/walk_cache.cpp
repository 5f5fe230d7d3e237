#include "walk_cache.h"

namespace mmu {

WalkCache::WalkCache(Build build, unsigned entries)
    : bi_(build_info(build)), entries_(entries), plru_(entries < 2 ? 2 : entries) {}

std::optional<unsigned> WalkCache::lookup(Mode mode, uint64_t va, uint32_t asid) const {
  std::optional<unsigned> best;
  const uint64_t vpn = vpn_tag(bi_, va);
  for (unsigned i = 0; i < entries_.size(); ++i) {
    const WalkCacheEntry& e = entries_[i];
    if (!e.valid || e.mode != mode || !(e.global || e.asid == asid)) continue;
    if (((vpn ^ e.vpn) >> (e.level * bi_.vpn_bits)) != 0) continue;
    if (!best || e.level < entries_[*best].level) best = i;
  }
  return best;
}

unsigned WalkCache::fill(const WalkCacheEntry& e) {
  unsigned slot = size();
  for (unsigned i = 0; i < size() && slot == size(); ++i)
    if (!entries_[i].valid) slot = i;
  if (slot == size()) slot = plru_.victim();
  entries_[slot] = e;
  entries_[slot].valid = true;
  entries_[slot].asid &= static_cast<uint32_t>(mask(bi_.asid_bits));
  plru_.touch(slot);
  return slot;
}

WalkCacheFlush WalkCache::sfence(const SfenceOp& op) {
  // "If rs1≠x0 ..., the fence orders only reads and writes made to leaf page table
  // entries" (privileged spec, SFENCE.VMA): a fence with a VA leaves pointers alone.
  WalkCacheFlush fx;
  if (op.va) return fx;
  const uint32_t asid = op.asid ? (*op.asid & static_cast<uint32_t>(mask(bi_.asid_bits))) : 0;
  for (WalkCacheEntry& e : entries_) {
    if (!e.valid) continue;
    // rs2≠x0: "only for the address space identified by ... rs2. Accesses to global
    // mappings are not ordered."
    if (op.asid && e.global) {
      ++fx.spared_global;
      continue;
    }
    if (op.asid && e.asid != asid) continue;
    e.valid = false;
    ++fx.removed;
  }
  return fx;
}

void WalkCache::reset() {
  for (WalkCacheEntry& e : entries_) e.valid = false;
  plru_.reset();
}

}  // namespace mmu
