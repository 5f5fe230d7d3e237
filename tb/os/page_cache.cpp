// The kernel's page cache: file pages stay in their frames after the last mapping goes
// (written back first if dirty), a later mmap fault or read() finds them there, and
// under memory pressure they are reclaimed first, oldest first, before the clock picks
// a mapped page (and so before any anonymous page goes to swap).
#include "kernel.h"
#include "kernel_object.h"

namespace mmu::os {

using namespace kdetail;

void Kernel::keep_cached(uint32_t f) {
  Frame& fr = frames_[f];
  if (frame_dirty(fr)) write_back(f);  // no mapping is left: only fr.dirty can say so
  fr.dirty = false;
  fr.referenced = false;
  fr.cached = true;
  cache_lru_.push(f);
  ++stats_.cache_kept;
}

void Kernel::uncache(uint32_t f) {
  cache_lru_.erase(f);
  frames_[f].cached = false;
  resident_.push_back(f);
  ++stats_.cache_map_hits;
}

bool Kernel::reclaim_cached() {
  const std::optional<uint32_t> oldest = cache_lru_.oldest();
  if (!oldest) return false;
  const uint32_t f = *oldest;
  cache_lru_.erase(f);
  Frame& fr = frames_[f];
  fr.object->cache.erase(fr.object_page);  // clean: the file holds the same data
  fr = Frame{};
  free_frames_.push_back(f);
  reclaims_.push_back(Reclaim::Cache);
  ++stats_.cache_reclaims;
  return true;
}

bool Kernel::read_file(int file, uint64_t page) {
  const std::shared_ptr<Object>& o = objects_.at(static_cast<size_t>(file - 1));
  auto it = o->cache.find(page);
  const bool hit = it != o->cache.end();
  uint32_t f;
  if (hit) {
    f = it->second;
    if (frames_[f].cached) cache_lru_.push(f);  // used again: the newest of the list
    ++stats_.cache_read_hits;
  } else {
    f = alloc_frame();  // may reclaim another cached page or evict
    resident_.pop_back();  // alloc_frame put it in the clock; an unmapped page is not there
    const std::vector<uint64_t> data = o->disk_page(page);
    for (uint64_t w = 0; w < kWords; ++w) bench_.mem().poke(frame_pa(f) + w * kWord, kWord, data[w]);
    Frame& fr = frames_[f];
    fr.object = o;
    fr.object_page = page;
    fr.cached = true;
    o->cache[page] = f;
    cache_lru_.push(f);
    ++stats_.cache_read_misses;
  }
  // What read() copies out must be what the file holds: the last value stored through
  // any mapping of it (written back or still in the cached frame).
  const std::vector<uint64_t>& want = o->truth_page(page);
  for (uint64_t w = 0; w < kWords; ++w) {
    const uint64_t got = bench_.mem().peek(frame_pa(f) + w * kWord, kWord);
    if (got != want[w]) {
      if (integrity_error_.empty())
        integrity_error_ = "read() of file " + std::to_string(file) + " page " + std::to_string(page) + " word " +
                           std::to_string(w) + " gives " + hex(got) + ", but the file holds " + hex(want[w]) +
                           (hit ? " (page cache hit)" : " (read from the file)");
      return hit;
    }
  }
  ++stats_.integrity_checks;
  return hit;
}

}  // namespace mmu::os
