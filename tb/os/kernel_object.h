// The kernel's memory objects (what a page's contents belong to) and the helpers its
// source files share: not part of the Kernel's interface.
#pragma once

#include <unordered_map>
#include <vector>

#include "kernel.h"

namespace mmu::os {

namespace kdetail {

constexpr uint64_t kV = Pte::kV, kR = Pte::kR, kW = Pte::kW, kX = Pte::kX;
constexpr uint64_t kU = Pte::kU, kG = Pte::kG, kA = Pte::kA, kD = Pte::kD;
constexpr uint64_t kWords = kPageSize / Kernel::kWord;  // data words per page

// The contents of a fresh file: a pure function of (file, page, word).
inline uint64_t file_word(int id, uint64_t page, uint64_t w) {
  uint64_t z = (uint64_t(id) << 48) ^ (page << 16) ^ w ^ 0x66696c65ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

inline uint64_t kernel_word(uint64_t w) { return 0x6b65726e656c0000ull + w; }

}  // namespace kdetail

// A memory object: what a page's contents belong to. The truth (what every process must
// read back) lives here, independent of frames, swap and page tables.
struct Kernel::Object {
  static constexpr uint64_t kWords = kdetail::kWords;
  int id = 0;
  Backing kind = Backing::Anon;
  uint64_t pages = 0;
  std::unordered_map<uint64_t, std::vector<uint64_t>> truth;  // object page -> words
  std::unordered_map<uint64_t, std::vector<uint64_t>> disk;   // File: the backing store
  std::unordered_map<uint64_t, uint32_t> cache;               // shared pages: object page -> frame
  std::unordered_map<uint64_t, uint32_t> swapped;             // Shared: object page -> swap slot

  uint64_t initial(uint64_t page, uint64_t w) const { return kind == Backing::File ? kdetail::file_word(id, page, w) : 0; }
  std::vector<uint64_t>& truth_page(uint64_t page) {
    auto [it, fresh] = truth.try_emplace(page);
    if (fresh) {
      it->second.resize(kWords);
      for (uint64_t w = 0; w < kWords; ++w) it->second[w] = initial(page, w);
    }
    return it->second;
  }
  std::vector<uint64_t> disk_page(uint64_t page) const {
    auto it = disk.find(page);
    if (it != disk.end()) return it->second;
    std::vector<uint64_t> v(kWords);
    for (uint64_t w = 0; w < kWords; ++w) v[w] = initial(page, w);
    return v;
  }
};

}  // namespace mmu::os
