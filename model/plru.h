// Tree pseudo-LRU replacement, with the exact encoding of DESIGN.md that the RTL shares:
// N-1 node bits in heap order (root 0, children 2k+1 and 2k+2, leaves = entries 0..N-1
// left to right); a bit of 0 says "the victim is on the left", 1 "on the right".
#pragma once

#include <cstdint>
#include <vector>

namespace mmu {

class TreePlru {
 public:
  explicit TreePlru(unsigned entries);  // a power of two, >= 2

  // Make `entry` most recently used: every node on its path points away from it.
  void touch(unsigned entry);
  // Follow the node bits from the root to the pseudo-least-recently-used entry.
  unsigned victim() const;
  void reset();

  unsigned entries() const { return entries_; }
  bool node(unsigned k) const { return bits_[k]; }

 private:
  unsigned entries_;
  std::vector<uint8_t> bits_;
};

}  // namespace mmu
