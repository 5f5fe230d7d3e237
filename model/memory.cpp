#include "memory.h"

namespace mmu {

bool SparseMemory::has_bus_error(uint64_t pa, unsigned bytes) const {
  if (errors_.empty()) return false;
  for (uint64_t w = pa >> 2; w <= (pa + bytes - 1) >> 2; ++w)
    if (errors_.count(w)) return true;
  return false;
}

uint64_t SparseMemory::peek(uint64_t pa, unsigned bytes) const {
  constexpr uint64_t kOffMask = (1u << kChunkShift) - 1;
  if ((pa & kOffMask) + bytes <= kOffMask + 1) {  // fast path: one chunk, one lookup
    const Chunk* c = find_chunk(pa >> kChunkShift);
    if (!c) return 0;
    const uint8_t* p = c->data() + (pa & kOffMask);
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= uint64_t{p[i]} << (8 * i);
    return v;
  }
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) {
    const uint64_t a = pa + i;
    auto it = pages_.find(a >> kChunkShift);
    const uint8_t b = it == pages_.end() ? 0 : it->second[a & ((1u << kChunkShift) - 1)];
    v |= uint64_t{b} << (8 * i);
  }
  return v;
}

void SparseMemory::poke(uint64_t pa, unsigned bytes, uint64_t value) {
  constexpr uint64_t kOffMask = (1u << kChunkShift) - 1;
  if ((pa & kOffMask) + bytes <= kOffMask + 1) {  // fast path: one chunk, one lookup
    Chunk* c = pa >> kChunkShift == last_key_ ? last_chunk_ : nullptr;
    if (!c) {
      auto [it, fresh] = pages_.try_emplace(pa >> kChunkShift);
      if (fresh) it->second.fill(0);
      c = &it->second;
      last_key_ = pa >> kChunkShift;
      last_chunk_ = c;
    }
    uint8_t* p = c->data() + (pa & kOffMask);
    for (unsigned i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(value >> (8 * i));
    return;
  }
  for (unsigned i = 0; i < bytes; ++i) {
    const uint64_t a = pa + i;
    auto [it, fresh] = pages_.try_emplace(a >> kChunkShift);
    if (fresh) it->second.fill(0);
    it->second[a & ((1u << kChunkShift) - 1)] = static_cast<uint8_t>(value >> (8 * i));
  }
}

void SparseMemory::zero_page(uint64_t pa) {
  pages_.erase(pa >> kChunkShift);
  if (pa >> kChunkShift == last_key_) last_key_ = ~uint64_t{0};
}

std::optional<uint64_t> SparseMemory::read(uint64_t pa, unsigned bytes) {
  if (has_bus_error(pa, bytes)) return std::nullopt;
  return peek(pa, bytes);
}

std::optional<bool> SparseMemory::cas(uint64_t pa, unsigned bytes, uint64_t expected, uint64_t desired) {
  if (has_bus_error(pa, bytes)) return std::nullopt;
  if (peek(pa, bytes) != expected) return false;
  poke(pa, bytes, desired);
  return true;
}

}  // namespace mmu
