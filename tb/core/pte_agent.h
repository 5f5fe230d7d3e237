// A second agent on the page tables, as another hart or a DMA engine would be: at random
// edges while a walk is in flight it edits the leaf PTE the walker read last, so the
// edit often lands between the walker's read and its A/D update. It clears V, changes
// a permission, remaps the page, or sets or clears A/D. The walker's compare-and-swap
// must then fail and the walk start over; the model predicts each step.
#pragma once

#include <cstdint>
#include <optional>

#include "memory.h"
#include "pte.h"
#include "rng.h"

namespace mmu::tb {

class PteAgent {
 public:
  PteAgent(double rate, unsigned pte_bytes, uint64_t seed) : rate_(rate), pte_bytes_(pte_bytes), rng_(seed) {}

  // One cycle: maybe edit the leaf at `last_read`. True if it did.
  bool step(SparseMemory& mem, std::optional<uint64_t> last_read, bool walking) {
    if (!walking || !last_read || !rng_.chance(rate_)) return false;
    const uint64_t pa = *last_read;
    uint64_t pte = mem.peek(pa, pte_bytes_);
    if (!Pte{pte}.v() || !Pte{pte}.is_leaf()) return false;  // leaves only: keep the tables usable
    switch (rng_.below(5)) {
      case 0: pte &= ~Pte::kV; break;                                              // unmap
      case 1: pte ^= (Pte::kW << rng_.below(3)) & (Pte::kW | Pte::kX | Pte::kU); break;  // W, X or U
      case 2: pte ^= uint64_t{1} << (10 + 9 * rng_.below(2)); break;               // remap
      case 3: pte |= Pte::kA | (rng_.chance(0.5) ? Pte::kD : 0); break;            // set A/D
      default: pte &= ~(Pte::kA | Pte::kD); break;                                 // clear A/D
    }
    mem.poke(pa, pte_bytes_, pte);
    ++edits_;
    return true;
  }
  uint64_t edits() const { return edits_; }

 private:
  double rate_;
  unsigned pte_bytes_;
  Rng rng_;
  uint64_t edits_ = 0;
};

}  // namespace mmu::tb
