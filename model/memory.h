// Physical memory as the page-table walker sees it: PTE-sized reads and writes that may
// fail with a bus error, plus the record of what a walk did to memory.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace mmu {

// One PTW memory access, as made by the model or seen on the RTL's memory port. A
// write is the Svadu A/D update: an atomic compare-and-swap of `cmp` (the PTE as the
// walk read it) for `wdata`; `swapped` says whether memory still held `cmp` and wrote.
struct MemAccess {
  uint64_t pa = 0;
  bool write = false;
  uint64_t wdata = 0;  // the value to write (A/D update); 0 for reads
  uint64_t cmp = 0;    // the value expected in memory (A/D update); 0 for reads
  bool err = false;    // the access got a bus error
  bool swapped = false;
  bool operator==(const MemAccess& o) const {
    return pa == o.pa && write == o.write && wdata == o.wdata && cmp == o.cmp && err == o.err &&
           swapped == o.swapped;
  }
};

// The ordered PTW traffic of one translation: at most one read per level (4) and one
// A/D update, again after each failed update. A fixed array, so a walk never
// allocates; accesses beyond its capacity are counted but not kept.
struct AccessLog {
  static constexpr unsigned kCapacity = 15;
  std::array<MemAccess, kCapacity> items{};
  unsigned count = 0;     // kept
  unsigned dropped = 0;   // made after the log was full
  void push(const MemAccess& a) {
    if (count < kCapacity) items[count++] = a;
    else ++dropped;
  }
  const MemAccess* begin() const { return items.data(); }
  const MemAccess* end() const { return items.data() + count; }
  const MemAccess& operator[](unsigned i) const { return items[i]; }
};

// The port the walk reads PTEs through. `bytes` is PTESIZE (4 or 8).
class PhysMemory {
 public:
  virtual ~PhysMemory() = default;
  // nullopt: the read got a bus error.
  virtual std::optional<uint64_t> read(uint64_t pa, unsigned bytes) = 0;
  // The atomic A/D update: if memory holds `expected`, write `desired`. Returns whether
  // it wrote, or nullopt for a bus error (nothing written).
  virtual std::optional<bool> cas(uint64_t pa, unsigned bytes, uint64_t expected, uint64_t desired) = 0;
};

// The default memory: sparse, zero where never written, byte-addressed little-endian,
// with bus errors injected at chosen PTE-sized words. `peek`/`poke` are the testbench's
// back door: they never fail and are not PTW traffic.
class SparseMemory : public PhysMemory {
 public:
  std::optional<uint64_t> read(uint64_t pa, unsigned bytes) override;
  std::optional<bool> cas(uint64_t pa, unsigned bytes, uint64_t expected, uint64_t desired) override;

  uint64_t peek(uint64_t pa, unsigned bytes) const;
  void poke(uint64_t pa, unsigned bytes, uint64_t value);
  // Zero the 4 KiB page holding pa.
  void zero_page(uint64_t pa);

  // Accesses overlapping [pa, pa+bytes) fail from now on.
  void add_bus_error(uint64_t pa, unsigned bytes) {
    for (uint64_t w = pa >> 2; w <= (pa + bytes - 1) >> 2; ++w) errors_.insert(w);
  }
  void clear_bus_errors() { errors_.clear(); }
  bool has_bus_error(uint64_t pa, unsigned bytes) const;
  void clear() {
    pages_.clear();
    errors_.clear();
    last_key_ = ~uint64_t{0};
  }

 private:
  static constexpr unsigned kChunkShift = 12;
  using Chunk = std::array<uint8_t, 1u << kChunkShift>;
  // The chunk holding `key`, or nullptr; a one-entry cache makes runs of accesses to one
  // page (a walk, a kernel copying a frame) skip the hash lookup.
  const Chunk* find_chunk(uint64_t key) const {
    if (key == last_key_) return last_chunk_;
    auto it = pages_.find(key);
    if (it == pages_.end()) return nullptr;
    last_key_ = key;
    last_chunk_ = const_cast<Chunk*>(&it->second);
    return last_chunk_;
  }
  std::unordered_map<uint64_t, Chunk> pages_;
  mutable uint64_t last_key_ = ~uint64_t{0};
  mutable Chunk* last_chunk_ = nullptr;
  std::unordered_set<uint64_t> errors_;  // failing 4-byte words, by pa >> 2
};

}  // namespace mmu
