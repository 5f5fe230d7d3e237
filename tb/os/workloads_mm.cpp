#include "workloads_mm.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <set>

namespace mmu::os {

namespace {

constexpr uint64_t kR = Pte::kR, kW = Pte::kW;
constexpr uint64_t kPage = kPageSize, kWordsPerPage = kPageSize / Kernel::kWord;

uint64_t word_va(uint64_t base, uint64_t page, uint64_t word) { return base + page * kPage + word * Kernel::kWord; }
Request load(uint64_t va) { return Request{Access::Load, va, 0, false, Priv::U, false}; }
Request store(uint64_t va, tb::Rng& rng) { return Request{Access::Store, va, rng.next(), false, Priv::U, false}; }
Request segv_load(uint64_t va) { return Request{Access::Load, va, 0, true, Priv::U, false}; }

// A workload written as scenes: each scene queues steps, and a step either makes the
// next access (true) or only calls the kernel (false).
class Scripted : public Workload {
 public:
  using Step = std::function<bool(Kernel&, tb::Rng&, Request&)>;
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    for (;;) {
      if (steps_.empty() && !scene(k, rng)) return false;
      if (steps_.empty()) continue;
      Step s = std::move(steps_.front());
      steps_.pop_front();
      if (s(k, rng, r)) return true;
    }
  }

 protected:
  virtual bool scene(Kernel& k, tb::Rng& rng) = 0;  // queue the next scene; false: done
  void access(std::function<Request(Kernel&, tb::Rng&)> make) {
    steps_.push_back([make](Kernel& k, tb::Rng& rng, Request& r) {
      r = make(k, rng);
      return true;
    });
  }
  void call(std::function<void(Kernel&, tb::Rng&)> f) {
    steps_.push_back([f](Kernel& k, tb::Rng& rng, Request&) {
      f(k, rng);
      return false;
    });
  }
  std::deque<Step> steps_;
};

// Four threads of one process share its heap: one stores, another (switched to without
// satp change or sfence) loads the same word and must see it; threads read each other's
// stacks; one maps a scratch area, another touches it, the first unmaps it and the
// other's next access must fault (the unmap's sfence covers the shared ASID). Threads
// exit and new ones start; another process runs in between.
class Threads : public Scripted {
 public:
  explicit Threads(unsigned scale) : scenes_(60 * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    pid_ = k.spawn();
    other_ = k.spawn();
    heap_ = k.mmap_anon(pid_, 32, kR | kW);
    other_area_ = k.mmap_anon(other_, 16, kR | kW);
    for (int i = 0; i < 4; ++i) tids_.push_back(k.spawn_thread(pid_));
    k.switch_thread(tids_[0]);
  }

 protected:
  bool scene(Kernel&, tb::Rng& rng) override {
    if (scene_ >= scenes_) return false;
    const unsigned kind = scene_++ % 10;
    const size_t ia = rng.below(tids_.size()), ib = (ia + 1 + rng.below(tids_.size() - 1)) % tids_.size();
    const int a = tids_[ia], b = tids_[ib];
    if (kind < 6) {  // ping-pong on shared words: a stores, b loads, and back
      for (int i = 0; i < 8; ++i) {
        const uint64_t va = word_va(heap_, rng.below(32), rng.below(kWordsPerPage));
        call([a](Kernel& k, tb::Rng&) { k.switch_thread(a); });
        access([va](Kernel&, tb::Rng& g) { return store(va, g); });
        call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
        access([va](Kernel&, tb::Rng&) { return load(va); });
        access([va](Kernel&, tb::Rng& g) { return store(va, g); });
        call([a](Kernel& k, tb::Rng&) { k.switch_thread(a); });
        access([va](Kernel&, tb::Rng&) { return load(va); });
      }
    } else if (kind == 6) {  // stacks: b writes its own, a reads it
      for (int i = 0; i < 6; ++i) {
        const uint64_t page = 15 - rng.below(3), word = rng.below(kWordsPerPage);
        call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
        access([b, page, word](Kernel& k, tb::Rng& g) { return store(word_va(k.thread_stack(b), page, word), g); });
        call([a](Kernel& k, tb::Rng&) { k.switch_thread(a); });
        access([b, page, word](Kernel& k, tb::Rng&) { return load(word_va(k.thread_stack(b), page, word)); });
      }
    } else if (kind == 7) {  // a maps scratch, both use it, a unmaps, b must fault
      auto scratch = std::make_shared<uint64_t>(0);
      const uint64_t page = rng.below(4), word = rng.below(kWordsPerPage);
      call([a, scratch, this](Kernel& k, tb::Rng&) {
        k.switch_thread(a);
        *scratch = k.mmap_anon(pid_, 4, kR | kW);
      });
      access([scratch, page, word](Kernel&, tb::Rng& g) { return store(word_va(*scratch, page, word), g); });
      call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
      access([scratch, page, word](Kernel&, tb::Rng&) { return load(word_va(*scratch, page, word)); });
      call([a, scratch, this](Kernel& k, tb::Rng&) {
        k.switch_thread(a);
        k.munmap(pid_, *scratch);
      });
      call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
      access([scratch, page, word](Kernel&, tb::Rng&) { return segv_load(word_va(*scratch, page, word)); });
    } else if (kind == 8) {  // another process runs (satp changes), then a thread again
      call([this](Kernel& k, tb::Rng&) { k.switch_to(other_); });
      for (int i = 0; i < 12; ++i) {
        const uint64_t va = word_va(other_area_, rng.below(16), rng.below(kWordsPerPage));
        access([va](Kernel&, tb::Rng& g) { return g.chance(0.5) ? load(va) : store(va, g); });
      }
      call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
      const uint64_t va = word_va(heap_, rng.below(32), rng.below(kWordsPerPage));
      access([va](Kernel&, tb::Rng&) { return load(va); });
    } else {  // thread a exits (its stack unmapped) after b touched it; a new thread starts
      const uint64_t page = 15, word = rng.below(kWordsPerPage);
      call([a](Kernel& k, tb::Rng&) { k.switch_thread(a); });
      access([a, page, word](Kernel& k, tb::Rng& g) { return store(word_va(k.thread_stack(a), page, word), g); });
      call([b](Kernel& k, tb::Rng&) { k.switch_thread(b); });
      const auto stack = std::make_shared<uint64_t>(0);
      access([a, page, word, stack](Kernel& k, tb::Rng&) {
        *stack = k.thread_stack(a);
        return load(word_va(*stack, page, word));
      });
      call([a, ia, this](Kernel& k, tb::Rng&) {
        k.exit_thread(a);
        tids_[ia] = k.spawn_thread(pid_);
      });
      access([stack, page, word](Kernel&, tb::Rng&) { return segv_load(word_va(*stack, page, word)); });
    }
    return true;
  }

 private:
  unsigned scenes_, scene_ = 0;
  int pid_ = 0, other_ = 0;
  uint64_t heap_ = 0, other_area_ = 0;
  std::vector<int> tids_;
};

// The page cache: a file is mapped, read and written, unmapped (its pages stay cached,
// the dirty ones written back), read() and mapped again (served from the cache, no file
// read); then an anonymous area larger than memory is written, and the reclaims must
// take the cached file pages first, before anonymous pages go to swap; read() again
// finds the file on disk with every value written.
class PageCache : public Scripted {
 public:
  explicit PageCache(unsigned scale) : rounds_(3 * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    k.switch_to(k.spawn());
    file_ = k.create_file(kFilePages);
    anon_pages_ = k.config().frames + 8;
    anon_ = k.mmap_anon(k.current(), anon_pages_, kR | kW);
  }

 protected:
  static constexpr uint64_t kFilePages = 24;
  void map_and_use(bool write) {
    auto base = std::make_shared<uint64_t>(0);
    call([base, this](Kernel& k, tb::Rng&) { *base = k.mmap_file(k.current(), file_, 0, kFilePages, kR | kW); });
    for (uint64_t page = 0; page < kFilePages; ++page) {
      access([base, page](Kernel&, tb::Rng& g) { return load(word_va(*base, page, g.below(kWordsPerPage))); });
      if (write && page % 3 == 0)
        access([base, page](Kernel&, tb::Rng& g) { return store(word_va(*base, page, g.below(kWordsPerPage)), g); });
    }
    call([base](Kernel& k, tb::Rng&) { k.munmap(k.current(), *base); });
  }
  void read_all() {
    call([this](Kernel& k, tb::Rng&) {
      for (uint64_t page = 0; page < kFilePages; ++page) k.read_file(file_, page);
    });
  }
  bool scene(Kernel&, tb::Rng&) override {
    if (round_ >= rounds_) return false;
    ++round_;
    map_and_use(true);   // file-in (or cache hits after the first round), some stores
    read_all();          // read(): cached
    map_and_use(false);  // mapped again: faults served from the cache
    for (uint64_t pass = 0; pass < 2; ++pass)  // memory pressure from anonymous memory
      for (uint64_t page = 0; page < anon_pages_; ++page) {
        const uint64_t va = word_va(anon_, page, (page * 7 + pass) % kWordsPerPage);
        access([va, pass](Kernel&, tb::Rng& g) { return pass == 0 ? store(va, g) : load(va); });
      }
    read_all();  // read() after reclaim: from the file, with the written values
    return true;
  }

 private:
  unsigned rounds_, round_ = 0;
  int file_ = 0;
  uint64_t anon_ = 0, anon_pages_ = 0;
};

// Transparent huge pages: a process (Sv39 on rv64, Sv32 on rv32) faults in an area of
// three huge pages (2 MiB / 4 MiB); on rv64 a second one (Sv48) a 1 GiB area as one
// gigapage. A fork shares them copy-on-write: the child's and the parent's stores split
// them (in both) and copy 4 KiB pages; after the child exits khugepaged's pass collapses
// the ranges back; a partial munmap splits a huge page (on rv64 a 1 GiB one down to
// 4 KiB), and the hole must fault. Every load is checked, every split and collapse fenced.
class Huge : public Scripted {
 public:
  explicit Huge(unsigned scale) : rounds_(2 * scale) {}
  unsigned default_frames(Build b) const override {
    return b == Build::Rv32 ? 8 * 1024 : (1u << 18) + 8 * 512;  // 8 x 4 MiB; 1 GiB + 8 x 2 MiB
  }
  bool huge_pages() const override { return true; }
  void setup(Kernel& k, tb::Rng&) override {
    n1_ = k.huge_page_bytes(1) / kPage;
    p0_ = k.spawn();
    a_ = k.mmap_anon(p0_, 3 * n1_, kR | kW);
    if (k.build() == Build::Rv64) {
      p1_ = k.spawn();
      g_pages_ = k.huge_page_bytes(2) / kPage;
      g_ = k.mmap_anon(p1_, g_pages_, kR | kW);
    }
    k.switch_to(p0_);
  }

 protected:
  uint64_t pick(tb::Rng& rng, uint64_t pages, const std::set<uint64_t>& holes) const {
    for (;;) {
      const uint64_t page = rng.below(pages);
      if (!holes.count(page)) return page;
    }
  }
  void use(int pid, uint64_t base, uint64_t pages, const std::set<uint64_t>* holes, unsigned n, double stores) {
    call([pid](Kernel& k, tb::Rng&) { k.switch_to(pid); });
    for (unsigned i = 0; i < n; ++i)
      access([this, base, pages, holes, stores](Kernel&, tb::Rng& g) {
        const uint64_t va = word_va(base, pick(g, pages, *holes), g.below(kWordsPerPage));
        return g.chance(stores) ? store(va, g) : load(va);
      });
  }
  void hole(int pid, uint64_t base, uint64_t pages, std::set<uint64_t>* holes, uint64_t count, tb::Rng& rng) {
    const uint64_t first = 1 + rng.below(pages - count - 2);
    for (uint64_t i = 0; i < count; ++i) holes->insert(first + i);
    call([pid, base, first, count](Kernel& k, tb::Rng&) {
      k.switch_to(pid);
      k.munmap_range(pid, base + first * kPage, count);
    });
    for (uint64_t i = 0; i < count; ++i)
      access([base, first, i](Kernel&, tb::Rng& g) { return segv_load(word_va(base, first + i, g.below(kWordsPerPage))); });
  }
  bool scene(Kernel&, tb::Rng& rng) override {
    if (round_ >= rounds_) return false;
    ++round_;
    const uint64_t a_pages = 3 * n1_;
    use(p0_, a_, a_pages, &holes_a_, 400, 0.6);  // huge faults
    if (p1_ >= 0) use(p1_, g_, g_pages_, &holes_g_, 200, 0.5);  // a gigapage
    auto child = std::make_shared<int>(-1);
    call([this, child](Kernel& kk, tb::Rng&) { *child = kk.fork(p0_); });
    call([child](Kernel& kk, tb::Rng&) { kk.switch_to(*child); });
    for (unsigned i = 0; i < 150; ++i)  // the child: stores split the shared huge pages and copy
      access([this, a_pages](Kernel&, tb::Rng& g) {
        const uint64_t va = word_va(a_, pick(g, a_pages, holes_a_), g.below(kWordsPerPage));
        return g.chance(0.5) ? store(va, g) : load(va);
      });
    use(p0_, a_, a_pages, &holes_a_, 100, 0.5);  // the parent's data is its own
    call([child](Kernel& kk, tb::Rng&) { kk.exit(*child); });
    call([this](Kernel& kk, tb::Rng&) { collapses_ += kk.collapse(p0_); });
    use(p0_, a_, a_pages, &holes_a_, 300, 0.4);  // after the collapse: the copied data
    hole(p0_, a_, a_pages, &holes_a_, 3, rng);  // a partial munmap splits a huge page
    use(p0_, a_, a_pages, &holes_a_, 100, 0.5);
    if (p1_ >= 0) {
      hole(p1_, g_, g_pages_, &holes_g_, 1, rng);  // 1 GiB -> 2 MiB -> 4 KiB around the hole
      use(p1_, g_, g_pages_, &holes_g_, 100, 0.5);
      call([this](Kernel& kk, tb::Rng&) { collapses_ += kk.collapse(p1_); });
      use(p1_, g_, g_pages_, &holes_g_, 100, 0.5);
    }
    return true;
  }

 private:
  unsigned rounds_, round_ = 0, collapses_ = 0;
  uint64_t n1_ = 0, a_ = 0, g_ = 0, g_pages_ = 0;
  int p0_ = -1, p1_ = -1;
  std::set<uint64_t> holes_a_, holes_g_;
};

}  // namespace

std::unique_ptr<Workload> make_threads_workload(unsigned scale) { return std::make_unique<Threads>(scale); }
std::unique_ptr<Workload> make_page_cache_workload(unsigned scale) { return std::make_unique<PageCache>(scale); }
std::unique_ptr<Workload> make_huge_workload(unsigned scale) { return std::make_unique<Huge>(scale); }

}  // namespace mmu::os
