#include "l2_tlb.h"

namespace mmu {

L2Tlb::L2Tlb(Build build, const L2Geometry& g)
    : build_(build), bi_(build_info(build)), g_(g),
      sets_(g.enabled() ? g.sets : 0, Tlb(build, g.ways < 2 ? 2 : g.ways)),
      super_(build, g.super_entries < 2 ? 2 : g.super_entries) {}

unsigned L2Tlb::set_of(uint64_t va) const {
  return static_cast<unsigned>(vpn_tag(bi_, va) & (g_.sets - 1));
}

std::optional<L2Slot> L2Tlb::lookup(uint64_t va, uint32_t asid) const {
  if (!g_.enabled()) return std::nullopt;
  const unsigned set = set_of(va);
  if (std::optional<unsigned> w = sets_[set].lookup(va, asid)) return L2Slot{false, set, *w};
  if (std::optional<unsigned> s = super_.lookup(va, asid)) return L2Slot{true, 0, *s};
  return std::nullopt;
}

L2Slot L2Tlb::fill(uint32_t asid, const Leaf& leaf, bool* replaced) {
  // A 64 KiB NAPOT page spans 16 sets of the 4 KiB array (its match ignores VPN[3:0],
  // the index bits): it goes to the fully associative array with the superpages.
  if (leaf.level > 0 || leaf.napot) return L2Slot{true, 0, super_.fill(asid, leaf, replaced)};
  const unsigned set = static_cast<unsigned>(leaf.vpn & (g_.sets - 1));
  return L2Slot{false, set, sets_[set].fill(asid, leaf, replaced)};
}

SfenceEffect L2Tlb::sfence(const SfenceOp& op, Mode mode) {
  SfenceEffect fx;
  if (!g_.enabled()) return fx;
  auto add = [&fx](const SfenceEffect& e) {
    fx.removed_global += e.removed_global;
    fx.removed_nonglobal += e.removed_nonglobal;
    fx.removed_superpage += e.removed_superpage;
    fx.spared_global += e.spared_global;
    fx.ignored = e.ignored;
  };
  add(super_.sfence(op, mode));
  if (fx.ignored) return fx;
  // A 4 KiB page lives in the set its VA indexes: a fence with a VA visits that set only.
  if (op.va) add(sets_[set_of(*op.va)].sfence(op, mode));
  else
    for (Tlb& s : sets_) add(s.sfence(op, mode));
  return fx;
}

void L2Tlb::reset() {
  for (Tlb& s : sets_) s.reset();
  super_.reset();
}

}  // namespace mmu
