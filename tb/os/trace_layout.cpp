#include "trace_layout.h"

#include <algorithm>

#include "paging.h"

namespace mmu::os {

bool TraceLayout::fold(const std::map<uint64_t, uint64_t>& pages, Mode mode, TraceLayout& out, std::string& error) {
  out = TraceLayout{};
  out.block_shift_ = mode == Mode::Sv32 ? 22 : 21;  // one leaf page table spans 4 MiB / 2 MiB
  out.limit_ = mode == Mode::Sv32 ? 0xc0000000ull : mode == Mode::Sv39 ? uint64_t{1} << 38 : uint64_t{1} << 47;
  const unsigned page_per_block_shift = out.block_shift_ - kPageShift;
  const uint64_t block = uint64_t{1} << out.block_shift_;

  // Regions: runs of consecutive touched blocks.
  uint64_t cursor = kTraceBase;
  for (auto it = pages.begin(); it != pages.end();) {
    const uint64_t first_block = it->first >> page_per_block_shift;
    uint64_t last_block = first_block;
    auto end = it;
    while (end != pages.end() && (end->first >> page_per_block_shift) <= last_block + 1) {
      last_block = end->first >> page_per_block_shift;
      ++end;
    }
    Region r{first_block << out.block_shift_, cursor, (last_block - first_block + 1) << out.block_shift_};
    out.regions_.push_back(r);
    cursor += r.bytes + block;  // one empty block before the next region

    // Areas: runs of consecutive pages with the same permissions, within the region.
    for (; it != end; ++it) {
      const uint64_t trace_va = it->first << kPageShift;
      Area* prev = out.areas_.empty() ? nullptr : &out.areas_.back();
      if (prev && prev->perms == it->second && prev->trace_va + prev->pages * kPageSize == trace_va &&
          prev->trace_va >= r.trace_va) {
        ++prev->pages;
        continue;
      }
      out.areas_.push_back(Area{trace_va, r.va + (trace_va - r.trace_va), 1, it->second});
    }
  }
  const uint64_t end = out.regions_.empty() ? kTraceBase : out.regions_.back().va + out.regions_.back().bytes;
  if (end > out.limit_) {
    uint64_t bytes = 0;
    for (const Region& r : out.regions_) bytes += r.bytes;
    error = "the trace's " + std::to_string(out.regions_.size()) + " regions (" + std::to_string(bytes >> 20) +
            " MiB of " + std::to_string(block >> 20) + " MiB blocks) do not fit between " + hex(kTraceBase) +
            " and " + hex(out.limit_) + " in " + to_string(mode);
    return false;
  }
  return true;
}

uint64_t TraceLayout::map(uint64_t trace_va) const {
  if (last_ >= regions_.size() || trace_va < regions_[last_].trace_va ||
      trace_va - regions_[last_].trace_va >= regions_[last_].bytes) {
    // The last region that starts at or below the address.
    auto it = std::upper_bound(regions_.begin(), regions_.end(), trace_va,
                               [](uint64_t va, const Region& r) { return va < r.trace_va; });
    last_ = it == regions_.begin() ? 0 : static_cast<size_t>(it - regions_.begin()) - 1;
  }
  const Region& r = regions_[last_];
  return r.va + (trace_va - r.trace_va);
}

}  // namespace mmu::os
