#include "page_table.h"

namespace mmu::tb {

std::optional<uint64_t> FrameAllocator::alloc() {
  if (next_ + kPageSize > limit_) return std::nullopt;
  const uint64_t ppn = next_ >> kPageShift;
  next_ += kPageSize;
  ++used_;
  return ppn;
}

PageTable::PageTable(Build build, Mode mode, SparseMemory& mem, FrameAllocator& frames)
    : bi_(build_info(build)), mode_(mode), mem_(mem), frames_(frames) {
  const std::optional<uint64_t> root = frames_.alloc();
  root_ppn_ = root ? *root : 0;
  if (root) mem_.zero_page(*root << kPageShift);
}

bool PageTable::map(uint64_t va, unsigned level, uint64_t ppn, uint64_t flags, uint64_t pointer_flags) {
  const unsigned levels = geometry(mode_).levels;
  uint64_t table = root_ppn_;
  for (unsigned i = levels - 1; i > level; --i) {
    const uint64_t addr = (table << kPageShift) + vpn_field(bi_, va, i) * bi_.pte_bytes;
    const Pte pte{mem_.peek(addr, bi_.pte_bytes)};
    if (pte.v() && pte.is_leaf()) return false;
    if (pte.v()) {
      table = pte.ppn(bi_);
      continue;
    }
    const std::optional<uint64_t> next = frames_.alloc();
    if (!next) return false;
    mem_.zero_page(*next << kPageShift);
    mem_.poke(addr, bi_.pte_bytes, make_pte(*next, Pte::kV | pointer_flags));
    table = *next;
  }
  mem_.poke((table << kPageShift) + vpn_field(bi_, va, level) * bi_.pte_bytes, bi_.pte_bytes,
            make_pte(ppn, flags));
  return true;
}

std::optional<uint64_t> PageTable::pte_addr(uint64_t va, unsigned level) const {
  const unsigned levels = geometry(mode_).levels;
  uint64_t table = root_ppn_;
  for (unsigned i = levels - 1;; --i) {
    const uint64_t addr = (table << kPageShift) + vpn_field(bi_, va, i) * bi_.pte_bytes;
    if (i == level) return addr;
    const Pte pte{mem_.peek(addr, bi_.pte_bytes)};
    if (!pte.v() || pte.is_leaf()) return std::nullopt;
    table = pte.ppn(bi_);
  }
}

}  // namespace mmu::tb
