#include "plru.h"

namespace mmu {

TreePlru::TreePlru(unsigned entries) : entries_(entries), bits_(entries - 1, 0) {}

void TreePlru::touch(unsigned entry) {
  unsigned node = 0, lo = 0, span = entries_;
  while (span > 1) {
    span /= 2;
    const bool right = entry >= lo + span;
    bits_[node] = right ? 0 : 1;  // point to the half that does not hold `entry`
    node = 2 * node + (right ? 2 : 1);
    if (right) lo += span;
  }
}

unsigned TreePlru::victim() const {
  unsigned node = 0, lo = 0, span = entries_;
  while (span > 1) {
    span /= 2;
    const bool right = bits_[node];
    node = 2 * node + (right ? 2 : 1);
    if (right) lo += span;
  }
  return lo;
}

void TreePlru::reset() { bits_.assign(bits_.size(), 0); }

}  // namespace mmu
