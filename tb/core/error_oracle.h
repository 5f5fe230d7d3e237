// Decides which PTW memory accesses get a bus error: chosen addresses, and a random rate
// that is a pure function of (seed, access number), so a run replays exactly. The model
// learns of each error from the memory's response, as the RTL does.
#pragma once

#include <cstdint>

#include "memory.h"

namespace mmu::tb {

class ErrorOracle {
 public:
  void set_rate(double rate, uint64_t seed) {
    threshold_ = rate <= 0 ? 0 : rate >= 1 ? ~uint64_t{0} : static_cast<uint64_t>(rate * 18446744073709551616.0);
    seed_ = seed;
  }
  // After a reset both sides restart their access numbers; a new epoch gives a fresh
  // pattern instead of replaying the old one.
  void next_epoch() { seed_ = mix(seed_ + 1); }
  // Does access number `n` (0, 1, 2, ... on one side) to [pa, pa+bytes) fail?
  bool fails(const SparseMemory& mem, uint64_t pa, unsigned bytes, uint64_t n) const {
    if (mem.has_bus_error(pa, bytes)) return true;
    return threshold_ != 0 && mix(seed_ ^ (n * 0x9e3779b97f4a7c15ull)) < threshold_;
  }

 private:
  static uint64_t mix(uint64_t z) {  // splitmix64 finalizer
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t threshold_ = 0, seed_ = 0;
};

}  // namespace mmu::tb
