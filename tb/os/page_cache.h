// The page cache's list of file pages that no process maps any more: they stay in their
// frames (a later mmap or read() of the file finds them) until memory is short, and then
// they are the first to go, oldest first, before any anonymous page is swapped out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

namespace mmu::os {

// Frames in the order they joined the list; any one can leave it (mapped again).
class PageCacheLru {
 public:
  void push(uint32_t frame) {
    erase(frame);
    seq_of_[frame] = next_;
    by_seq_[next_++] = frame;
  }
  void erase(uint32_t frame) {
    auto it = seq_of_.find(frame);
    if (it == seq_of_.end()) return;
    by_seq_.erase(it->second);
    seq_of_.erase(it);
  }
  std::optional<uint32_t> oldest() const {
    if (by_seq_.empty()) return std::nullopt;
    return by_seq_.begin()->second;
  }
  bool contains(uint32_t frame) const { return seq_of_.count(frame) != 0; }
  size_t size() const { return by_seq_.size(); }

 private:
  uint64_t next_ = 0;
  std::map<uint64_t, uint32_t> by_seq_;
  std::unordered_map<uint32_t, uint64_t> seq_of_;
};

}  // namespace mmu::os
