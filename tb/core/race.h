// A directed second agent (scenario `race PADDR VALUE`): another hart's store that lands
// right after the walker's next read of one PTE, shared by the RTL's memory port and the
// model-only scenario target so both play it at the same point.
#pragma once

#include <cstdint>

#include "memory.h"

namespace mmu::tb {

// A second agent's store that lands right after the walker's next read of `pa`: the
// walker then holds a stale copy, and its A/D update must fail and start over.
struct Race {
  uint64_t pa = 0, value = 0;
  // Called after a read of `read_pa` was performed; true if the race fired (once).
  bool after_read(SparseMemory& mem, uint64_t read_pa, unsigned bytes) {
    if (!armed || read_pa != pa) return false;
    mem.poke(pa, bytes, value);
    armed = false;
    return true;
  }
  bool armed = false;
};

}  // namespace mmu::tb
