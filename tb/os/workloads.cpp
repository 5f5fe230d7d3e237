#include "workloads.h"

#include "workloads_mm.h"

#include <cinttypes>
#include <cstdio>
#include <ostream>

namespace mmu::os {

namespace {

constexpr uint64_t kR = Pte::kR, kW = Pte::kW;
constexpr uint64_t kPage = kPageSize, kWordsPerPage = kPageSize / Kernel::kWord;

uint64_t word_va(uint64_t base, uint64_t page, uint64_t word) { return base + page * kPage + word * Kernel::kWord; }

Request load(uint64_t va) { return Request{Access::Load, va, 0, false, Priv::U, false}; }
Request store(uint64_t va, tb::Rng& rng) { return Request{Access::Store, va, rng.next(), false, Priv::U, false}; }
Request fetch(uint64_t va) { return Request{Access::Fetch, va, 0, false, Priv::U, false}; }

// An instruction fetch somewhere in the shared code.
Request code_fetch(const Kernel& k, tb::Rng& rng) {
  const Kernel::Layout& l = k.layout(k.current());
  return fetch(word_va(l.code, rng.below(l.code_pages), rng.below(kWordsPerPage)));
}

// A sequential scan over an area larger than memory, several passes: stores on the first,
// loads (and some stores) after; swap traffic on every pass.
class SeqScan : public Workload {
 public:
  explicit SeqScan(unsigned scale) : passes_(4 * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    k.switch_to(k.spawn());
    base_ = k.mmap_anon(k.current(), pages_, kR | kW);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (pass_ >= passes_) return false;
    if (++n_ % 32 == 0) {
      r = code_fetch(k, rng);
      return true;
    }
    const uint64_t va = word_va(base_, page_, slot_ * 129 % kWordsPerPage);
    r = pass_ == 0 || slot_ == 3 ? store(va, rng) : load(va);
    if (++slot_ == 4) {
      slot_ = 0;
      if (++page_ == pages_) {
        page_ = 0;
        ++pass_;
      }
    }
    return true;
  }

 private:
  uint64_t pages_ = 96, base_ = 0, page_ = 0, slot_ = 0, n_ = 0;
  unsigned pass_ = 0, passes_;
};

// Random loads and stores over the private areas of several processes, with context
// switches (and ASID reuse, the ASIDs being few).
class RandomAccess : public Workload {
 public:
  explicit RandomAccess(unsigned scale) : total_(20000ull * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    for (int i = 0; i < 5; ++i) {
      const int pid = k.spawn();
      bases_.push_back(k.mmap_anon(pid, 48, kR | kW));
      pids_.push_back(pid);
    }
    k.switch_to(pids_[0]);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (n_ >= total_) return false;
    if (n_++ % 300 == 0) {
      cur_ = static_cast<size_t>(rng.below(pids_.size()));
      k.switch_to(pids_[cur_]);
    }
    if (rng.chance(0.05)) {
      r = code_fetch(k, rng);
      return true;
    }
    const uint64_t va = word_va(bases_[cur_], rng.below(48), rng.below(kWordsPerPage));
    r = rng.chance(0.6) ? load(va) : store(va, rng);
    return true;
  }

 private:
  uint64_t total_, n_ = 0;
  size_t cur_ = 0;
  std::vector<int> pids_;
  std::vector<uint64_t> bases_;
};

// One access per page with a stride of 7 pages: every access a TLB miss.
class Strided : public Workload {
 public:
  explicit Strided(unsigned scale) : total_(12000ull * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    k.switch_to(k.spawn());
    base_ = k.mmap_anon(k.current(), pages_, kR | kW);
  }
  bool next(Kernel&, tb::Rng& rng, Request& r) override {
    if (n_ >= total_) return false;
    const uint64_t page = (n_ * 7) % pages_, word = (n_ / pages_) % kWordsPerPage;
    const uint64_t va = word_va(base_, page, word);
    r = (n_ / pages_) % 2 == 0 ? store(va, rng) : load(va);
    ++n_;
    return true;
  }

 private:
  uint64_t pages_ = 160, base_ = 0, n_ = 0, total_;
};

// A hot set of 24 pages that shifts by 8 pages every 1500 accesses, in 256 pages.
class WorkingSet : public Workload {
 public:
  explicit WorkingSet(unsigned scale) : total_(24000ull * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    k.switch_to(k.spawn());
    base_ = k.mmap_anon(k.current(), pages_, kR | kW);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (n_ >= total_) return false;
    const uint64_t hot_start = (n_ / 1500) * 8 % pages_;
    ++n_;
    if (rng.chance(0.03)) {
      r = code_fetch(k, rng);
      return true;
    }
    const uint64_t page = rng.chance(0.9) ? (hot_start + rng.below(24)) % pages_ : rng.below(pages_);
    const uint64_t va = word_va(base_, page, rng.below(kWordsPerPage));
    r = rng.chance(0.7) ? load(va) : store(va, rng);
    return true;
  }

 private:
  uint64_t pages_ = 256, base_ = 0, n_ = 0, total_;
};

// Copy-on-write fork, over and over: children read the parent's data, write their own
// copies, sometimes fork grandchildren, and exit; the parent checks its data is untouched.
class ForkHeavy : public Workload {
 public:
  explicit ForkHeavy(unsigned scale) : rounds_(16 * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    parent_ = k.spawn();
    k.switch_to(parent_);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    const Kernel::Layout& l = k.layout(parent_);
    if (phase_ == 0) {  // the parent fills its data area
      if (i_ < l.data_pages * 4) {
        r = store(word_va(l.data, i_ / 4, (i_ % 4) * 100), rng);
        ++i_;
        return true;
      }
      phase_ = 1;
    }
    if (left_ == 0) {  // the current process has done its share: next step of the round
      if (stack_.size() > 1) {
        k.exit(stack_.back());
        stack_.pop_back();
        k.switch_to(stack_.back());
        left_ = 60;
      } else {
        if (round_++ >= rounds_) return false;
        stack_.assign({parent_});
        const int child = k.fork(parent_);
        k.switch_to(child);
        stack_.push_back(child);
        left_ = 150;
      }
    }
    --left_;
    if (stack_.size() == 2 && left_ == 75 && rng.chance(0.5)) {  // a grandchild
      const int g = k.fork(stack_.back());
      k.switch_to(g);
      stack_.push_back(g);
      left_ = 80;
    }
    const uint64_t page = rng.below(l.data_pages), word = rng.below(4) * 100;
    const uint64_t va = word_va(l.data, page, word);
    if (rng.chance(0.04)) r = code_fetch(k, rng);
    else r = rng.chance(0.5) ? load(va) : store(va, rng);
    return true;
  }

 private:
  int parent_ = 0;
  unsigned rounds_, round_ = 0;
  int phase_ = 0;
  uint64_t i_ = 0, left_ = 0;
  std::vector<int> stack_;
};

// A producer and a consumer sharing memory: the producer maps it read-write, the
// consumer read-only (its stores are refused); both run the same shared code.
class SharedMemory : public Workload {
 public:
  explicit SharedMemory(unsigned scale) : total_(8000ull * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    const int obj = k.create_shared(8);
    producer_ = k.spawn();
    consumer_ = k.spawn();
    pbase_ = k.attach_shared(producer_, obj, kR | kW);
    cbase_ = k.attach_shared(consumer_, obj, kR);
    k.switch_to(producer_);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (n_ >= total_) return false;
    const uint64_t slot = (n_ / 32) % (8 * 16);  // 16 records of 32 words per page
    const uint64_t in_batch = n_ % 32;
    if (in_batch == 0) k.switch_to(producer_);
    if (in_batch == 16) k.switch_to(consumer_);
    ++n_;
    if (rng.chance(0.05)) {
      r = code_fetch(k, rng);
      return true;
    }
    const uint64_t page = slot / 16, word = (slot % 16) * 32 + in_batch % 16;
    if (in_batch < 16) {
      r = store(word_va(pbase_, page, word), rng);
    } else if (rng.chance(0.03)) {
      r = store(word_va(cbase_, page, word), rng);  // read-only mapping: refused
      r.expect_segv = true;
    } else {
      r = load(word_va(cbase_, page, word));
    }
    return true;
  }

 private:
  int producer_ = 0, consumer_ = 0;
  uint64_t pbase_ = 0, cbase_ = 0, n_ = 0, total_;
};

// A memory-mapped file: paged in lazily, written, unmapped (dirty pages written back by
// their D bit), mapped again and read back.
class MappedFile : public Workload {
 public:
  explicit MappedFile(unsigned scale) : cycles_(4 * scale) {}
  void setup(Kernel& k, tb::Rng&) override {
    k.switch_to(k.spawn());
    file_ = k.create_file(pages_);
    base_ = k.mmap_file(k.current(), file_, 0, pages_, kR | kW);
  }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (n_ == 800) {  // unmap (write-back) and map again somewhere else
      n_ = 0;
      k.munmap(k.current(), base_);
      if (++cycle_ >= cycles_) return false;
      base_ = k.mmap_file(k.current(), file_, 0, pages_, kR | kW);
    }
    ++n_;
    const uint64_t page = rng.below(pages_), word = rng.below(8) * 64;
    const uint64_t va = word_va(base_, page, word);
    r = rng.chance(0.3) && cycle_ + 1 < cycles_ ? store(va, rng) : load(va);
    return true;
  }

 private:
  int file_ = 0;
  uint64_t pages_ = 48, base_ = 0, n_ = 0;
  unsigned cycle_ = 0, cycles_;
};

// Protection: execute-disable data, W^X code, guard pages, user pages from S-mode only
// with SUM (and never executed), supervisor pages never from U-mode.
class Protection : public Workload {
 public:
  explicit Protection(unsigned scale) : total_(3000ull * scale) {}
  void setup(Kernel& k, tb::Rng&) override { k.switch_to(k.spawn()); }
  bool next(Kernel& k, tb::Rng& rng, Request& r) override {
    if (n_ >= total_) return false;
    const Kernel::Layout& l = k.layout(k.current());
    const uint64_t data = word_va(l.data, rng.below(l.data_pages), rng.below(kWordsPerPage));
    const uint64_t code = word_va(l.code, rng.below(l.code_pages), rng.below(kWordsPerPage));
    switch (n_++ % 12) {
      case 0: r = fetch(data); r.expect_segv = true; break;                     // NX data
      case 1: r = store(code, rng); r.expect_segv = true; break;                // W^X code
      case 2: r = load(l.guard + rng.below(kWordsPerPage) * Kernel::kWord); r.expect_segv = true; break;  // guard
      case 3: r = load(k.kernel_va() + rng.below(kWordsPerPage) * 8); r.expect_segv = true; break;  // S page from U
      case 4: r = load(data); r.priv = Priv::S; r.expect_segv = true; break;    // U page from S, SUM=0
      case 5: r = load(data); r.priv = Priv::S; r.sum = true; break;            // ... with SUM=1
      case 6: r = store(data, rng); r.priv = Priv::S; r.sum = true; break;
      case 7: r = fetch(code); r.priv = Priv::S; r.sum = true; r.expect_segv = true; break;  // S never runs U code
      case 8: r = load(k.kernel_va() + rng.below(kWordsPerPage) * 8); r.priv = Priv::S; break;  // kernel data
      case 9: r = fetch(code); break;
      case 10: r = store(data, rng); break;
      default: r = load(data); break;
    }
    return true;
  }

 private:
  uint64_t n_ = 0, total_;
};

using Maker = std::unique_ptr<Workload> (*)(unsigned);
struct Entry {
  const char* name;
  const char* what;
  Maker make;
};
const Entry kWorkloads[] = {
    {"seq_scan", "sequential scan of 96 pages, 4 passes: swap traffic every pass",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<SeqScan>(s); }},
    {"random", "random loads/stores over 5 processes, context switches, ASID reuse",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<RandomAccess>(s); }},
    {"strided", "one access per page, stride 7 pages: a TLB miss every time",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<Strided>(s); }},
    {"working_set", "a 24-page hot set shifting through 256 pages",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<WorkingSet>(s); }},
    {"fork", "copy-on-write fork over and over, grandchildren, exits",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<ForkHeavy>(s); }},
    {"shm", "producer/consumer on shared memory (RW vs read-only) and shared code",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<SharedMemory>(s); }},
    {"mmap", "a memory-mapped file: lazy page-in, dirty write-back on unmap, read back",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<MappedFile>(s); }},
    {"protect", "NX data, W^X code, guard pages, U/S separation with and without SUM",
     [](unsigned s) -> std::unique_ptr<Workload> { return std::make_unique<Protection>(s); }},
    {"threads", "4 threads of one process: shared heap, no sfence on switch, unmap fenced for all",
     make_threads_workload},
    {"page_cache", "file pages cached after munmap, read() and re-mmap hits, reclaimed before swap",
     make_page_cache_workload},
    {"huge", "huge pages (2 MiB/1 GiB, Sv32 4 MiB): COW and munmap splits, collapse",
     make_huge_workload},
};

}  // namespace

std::unique_ptr<Workload> make_workload(const std::string& name, unsigned scale) {
  for (const Entry& e : kWorkloads)
    if (name == e.name) return e.make(scale ? scale : 1);
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& workload_list() {
  static const std::vector<std::pair<std::string, std::string>> list = [] {
    std::vector<std::pair<std::string, std::string>> v;
    for (const Entry& e : kWorkloads) v.emplace_back(e.name, e.what);
    return v;
  }();
  return list;
}

WorkloadStimulus::WorkloadStimulus(tb::Bench& bench, const KernelConfig& cfg, std::unique_ptr<Workload> w,
                                   uint64_t seed)
    : kernel_(bench, cfg, seed), workload_(std::move(w)), rng_(seed) {
  workload_->setup(kernel_, rng_);
}

void WorkloadStimulus::fail(const std::string& why) {
  if (error_.empty()) error_ = why;
}

void WorkloadStimulus::step(tb::Bench& bench) {
  // Another hart ages pages while this one's walks are in flight (clock replacement).
  if (bench.walking() && kernel_.config().replacement == Replacement::Clock && rng_.chance(kernel_.config().aging))
    kernel_.age_one();
  if (done(bench) || !bench.quiet()) return;
  std::deque<SfenceOp>& fences = kernel_.sfences();
  if (!fences.empty()) {  // the kernel's sfences run on the MMU before the next access
    bench.offer_sfence(fences.front());
    fences.pop_front();
    ++sfences_;
    return;
  }
  switch (state_) {
    case State::Next:
      if (!workload_->next(kernel_, rng_, req_)) {
        done_ = true;
        return;
      }
      retries_ = 0;
      state_ = State::Offer;  // after any sfence the workload's kernel calls queued
      return;
    case State::Offer:
      bench.csrs.priv = req_.priv;
      bench.csrs.sum = req_.sum;
      bench.offer_request(req_.acc, req_.va);
      state_ = State::Wait;
      return;
    case State::Wait: return;
    case State::Answered: handle(bench); return;
  }
}

void WorkloadStimulus::on_response(tb::Bench&, const tb::Response& r) {
  rsp_ = r;
  state_ = State::Answered;
}

void WorkloadStimulus::explain_fault(tb::Bench& bench, const KernelStats& b, bool fixed) const {
  const KernelStats& a = kernel_.stats();
  // What the kernel did (from the counters it moved), and what it evicted to make room.
  std::string did, freed;
  const auto add = [](std::string& to, uint64_t after, uint64_t before, const char* text) {
    if (after == before) return;
    to += to.empty() ? "" : ", ";
    to += text;
  };
  add(did, a.faults_demand_zero, b.faults_demand_zero, "demand-zero: a fresh zeroed frame mapped");
  add(did, a.faults_swap_in, b.faults_swap_in, "swap-in: the page read back from swap into a frame and mapped");
  add(did, a.faults_file_in, b.faults_file_in, "file-in: the page read from its file and mapped");
  add(did, a.faults_cow, b.faults_cow, "copy-on-write: a private copy of the shared frame mapped writable");
  add(did, a.faults_ad, b.faults_ad, "Svade: the kernel set A (and D for a store) in the PTE");
  add(freed, a.swap_outs, b.swap_outs, "another page swapped out");
  add(freed, a.clean_drops, b.clean_drops, "a clean page dropped");
  add(freed, a.file_writebacks, b.file_writebacks, "a dirty file page written back");
  if (did.empty()) did = fixed ? "fixed" : "refused: SIGSEGV (not mapped, or not allowed by the area's protection)";
  if (!freed.empty()) did += " (to free a frame first: " + freed + ")";
  char line[160];
  std::snprintf(line, sizeof line, "kernel: cause %u on %s 0x%" PRIx64 " (pid %d): ", static_cast<unsigned>(rsp_.cause),
                to_string(req_.acc), req_.va, kernel_.current());
  *bench.explain() << line << did << (fixed ? "; the access is retried\n" : "\n");
}

void WorkloadStimulus::handle(tb::Bench& bench) {
  char where[96];
  std::snprintf(where, sizeof where, "%s 0x%" PRIx64 " (pid %d, %s-mode)", to_string(req_.acc), req_.va,
                kernel_.current(), to_string(req_.priv));
  state_ = State::Next;
  if (!rsp_.fault) {
    if (req_.expect_segv) return fail(std::string("expected a fault but the MMU allowed ") + where);
    kernel_.complete(req_.acc, req_.va, rsp_.paddr, req_.value);
    if (!kernel_.integrity_ok()) fail("integrity: " + kernel_.integrity_error());
    return;
  }
  ++faults_handled_;
  const KernelStats before = kernel_.stats();
  const bool fixed = kernel_.fault(req_.acc, req_.va, rsp_.cause);
  if (bench.explain()) explain_fault(bench, before, fixed);
  if (fixed) {
    if (++retries_ > 6) return fail(std::string("page fault loop on ") + where);
    state_ = State::Offer;  // fixed: retry the same access
    return;
  }
  if (!kernel_.integrity_ok()) return fail("kernel: " + kernel_.integrity_error());
  if (!req_.expect_segv)
    return fail(std::string("unexpected SIGSEGV (cause ") + std::to_string(static_cast<int>(rsp_.cause)) + ") on " + where);
  ++expected_segv_;
}

}  // namespace mmu::os
