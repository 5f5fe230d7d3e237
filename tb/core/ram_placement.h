// Where a run puts physical memory: the RAM window (the PMA region PTEs must lie in),
// where its page tables start inside it, and where a kernel's data frames go. The
// random tests and the OS workloads (--placement random) draw it from the seed, so that
// satp.PPN, every PTE address and the translated PAs use the high bits too: a window
// above 4 GiB, one across 2^32, one ending at the top of the physical address space
// (Sv32's 34 bits included), or a small one.
#pragma once

#include <cstdint>

#include "paging.h"
#include "rng.h"

namespace mmu::tb {

struct RamPlacement {
  RamWindow window;
  uint64_t table_base = 0;  // page-table frames are allocated upwards from here
};

// The default window (random = false), or one of the placements above, with the tables
// anywhere in its lower half. Its own generator: the rest of a run's stimulus does not
// depend on it.
inline RamPlacement place_ram(Build build, bool random, uint64_t seed) {
  const RamWindow standard{};
  if (!random) return {standard, standard.base};
  Rng rng(seed ^ 0x72616d77696e64ull);
  const unsigned pa_bits = build_info(build).pa_bits;
  const uint64_t top = uint64_t{1} << pa_bits, mib = uint64_t{1} << 20, g4 = uint64_t{1} << 32;
  RamWindow w = standard;
  switch (rng.below(6)) {
    case 0: case 1: break;                                               // the default
    case 2: w.size = 32 * mib;                                           // above 4 GiB
            w.base = (g4 + rng.below(top - g4 - w.size)) & ~(2 * mib - 1);
            break;
    case 3: w = RamWindow{g4 - 8 * mib, 16 * mib}; break;                // across 2^32
    case 4: w = RamWindow{top - 16 * mib, 16 * mib}; break;              // at the top of the PA space
    default: w = RamWindow{(0x10000000 + rng.below(0xe0000000)) & ~(mib - 1), 4 * mib}; break;  // small
  }
  const uint64_t offset = rng.below(w.size / 2 / kPageSize) * kPageSize;
  return {w, w.base + offset};
}

// The first of `pages` consecutive frames for data: at `preferred` when they stay clear
// of the window, else right above it, else right below it.
inline uint64_t place_frames(const RamWindow& w, unsigned pa_bits, uint64_t preferred, uint64_t pages) {
  const uint64_t bytes = pages * kPageSize, top = uint64_t{1} << pa_bits;
  const auto clear = [&](uint64_t base) { return base + bytes <= w.base || base >= w.base + w.size; };
  if (clear(preferred) && preferred + bytes <= top) return preferred;
  if (w.base + w.size + bytes <= top) return w.base + w.size;
  return w.base - bytes;
}

}  // namespace mmu::tb
