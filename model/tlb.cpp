#include "tlb.h"

namespace mmu {

Tlb::Tlb(Build build, unsigned entries)
    : build_(build), bi_(build_info(build)), entries_(entries), plru_(entries) {}

bool Tlb::covers(const TlbEntry& e, uint64_t va) const {
  // Fields below the entry's level are the page offset of a superpage, and VPN[3:0] that
  // of a 64 KiB NAPOT page (Svnapot: one entry for the whole range): ignore them.
  const unsigned low = page_vpn_bits(bi_, e.leaf.level, e.leaf.napot);
  return ((vpn_tag(bi_, va) ^ e.leaf.vpn) >> low) == 0;
}

std::optional<unsigned> Tlb::lookup(uint64_t va, uint32_t asid) const {
  for (unsigned i = 0; i < entries_.size(); ++i) {
    const TlbEntry& e = entries_[i];
    if (e.valid && (e.leaf.global || e.asid == asid) && covers(e, va)) return i;
  }
  return std::nullopt;
}

unsigned Tlb::fill(uint32_t asid, const Leaf& leaf, bool* replaced) {
  unsigned slot = size();
  for (unsigned i = 0; i < size() && slot == size(); ++i)
    if (!entries_[i].valid) slot = i;
  if (replaced) *replaced = slot == size();
  if (slot == size()) slot = plru_.victim();
  entries_[slot] = TlbEntry{true, asid & static_cast<uint32_t>(mask(bi_.asid_bits)), leaf};
  plru_.touch(slot);
  return slot;
}

SfenceEffect Tlb::sfence(const SfenceOp& op, Mode mode) {
  SfenceEffect fx;
  // An rs1 that is not a valid virtual address makes the fence do nothing (DESIGN.md).
  if (op.va && !sfence_va_valid(build_, mode, *op.va)) {
    fx.ignored = true;
    return fx;
  }
  const uint32_t asid = op.asid ? (*op.asid & static_cast<uint32_t>(mask(bi_.asid_bits))) : 0;
  for (TlbEntry& e : entries_) {
    if (!e.valid) continue;
    if (op.va && !covers(e, *op.va)) continue;
    // With rs2 != x0, global entries survive and only that ASID's entries go.
    if (op.asid && e.leaf.global) {
      ++fx.spared_global;
      continue;
    }
    if (op.asid && e.asid != asid) continue;
    e.valid = false;
    ++(e.leaf.global ? fx.removed_global : fx.removed_nonglobal);
    if (e.leaf.level > 0) ++fx.removed_superpage;
  }
  return fx;
}

void Tlb::reset() {
  for (TlbEntry& e : entries_) e.valid = false;
  plru_.reset();
}

}  // namespace mmu
