// A small operating-system kernel that plays against the MMU: per-process address spaces
// with ASIDs, demand paging with a bounded frame pool and a swap store (clock or FIFO
// replacement driven by the A bit), copy-on-write fork, shared memory, memory-mapped
// files with write-back of dirty pages, guard pages and protection. It edits page tables
// in the simulated physical memory, handles the page faults the RTL reports, and keeps
// the truth of every word a process wrote, so that every load is checked.
//
// All of it is plain C++ running "between" translations: the workload stimulus calls it
// only when the MMU is quiet, and runs the sfences it asks for on the RTL before the next
// access.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench.h"
#include "page_cache.h"
#include "page_table.h"
#include "ram_placement.h"
#include "rng.h"

namespace mmu::os {

enum class Replacement : uint8_t { Clock, Fifo };

struct KernelConfig {
  unsigned frames = 64;          // data frames (the page tables come from RAM besides)
  unsigned asids = 16;           // ASIDs handed out before reuse (<= 2^ASIDLEN)
  Replacement replacement = Replacement::Clock;
  bool hw_ad = true;             // Svadu (hardware A/D); false: Svade, the kernel sets A/D
  double aging = 0.02;           // chance per walk cycle that another hart's page aging
                                 // clears an A bit, concurrently with the walk
  bool huge_pages = false;       // transparent huge pages for private anonymous areas
  bool random_placement = false; // RAM window, page tables and data frames placed at random
                                 // from the seed (ram_placement.h); else the default window
};

// What a virtual memory area is backed by.
enum class Backing : uint8_t { Anon, Shared, File };

// Counters the workloads report.
struct KernelStats {
  uint64_t accesses = 0, loads_checked = 0, stores = 0, fetches = 0;
  uint64_t faults_demand_zero = 0, faults_swap_in = 0, faults_file_in = 0, faults_cow = 0;
  uint64_t faults_ad = 0;        // Svade: A/D set by the kernel
  uint64_t faults_segv = 0;      // protection or unmapped: the access is refused
  uint64_t swap_ins = 0, swap_outs = 0, clean_drops = 0, file_writebacks = 0, cow_copies = 0;
  uint64_t evictions = 0, context_switches = 0, asid_reuses = 0, forks = 0, exits = 0, sfences = 0;
  uint64_t frames_freed = 0, integrity_checks = 0;
  uint64_t aged = 0;             // A bits cleared by the concurrent aging pass
  // Threads (threads.cpp).
  uint64_t threads = 0, thread_exits = 0, thread_switches = 0;  // switches within one address space
  // Page cache (page_cache.cpp): file pages kept after their last mapping went.
  uint64_t cache_kept = 0;       // pages that stayed cached when their last mapping went
  uint64_t cache_map_hits = 0;   // mmap faults served from the cache (no file read)
  uint64_t cache_read_hits = 0, cache_read_misses = 0;  // read() system calls
  uint64_t cache_reclaims = 0;   // unmapped cached pages dropped to free a frame
  // Huge pages (huge_pages.cpp); index = level (1: 2 MiB / 4 MiB, 2: 1 GiB).
  uint64_t huge_faults[3] = {0, 0, 0}, huge_splits[3] = {0, 0, 0}, huge_collapses = 0;
  uint64_t huge_fallbacks = 0;   // an aligned region fit, but no free block: 4 KiB pages
  uint64_t nonleaf_fences = 0;   // sfence rs1=x0 rs2=ASID for a leaf <-> non-leaf change
};

// What one reclaim (a frame freed under memory pressure) took, in order.
enum class Reclaim : uint8_t { Cache, FileClean, FileDirty, AnonClean, AnonSwap };

class Kernel {
 public:
  static constexpr uint64_t kWord = 8;  // data words are 8 bytes in both builds

  Kernel(tb::Bench& bench, const KernelConfig& cfg, uint64_t seed);

  // Processes.
  int spawn();                   // code (shared), data, heap, stack below a guard page
  int fork(int parent);          // copy-on-write child
  void exit(int pid);
  void switch_to(int pid);       // satp: this process's root and ASID
  int current() const { return current_; }
  bool alive(int pid) const;
  std::vector<int> pids() const;

  // Virtual memory areas (all page-aligned; perms are PTE R/W/X/U bits).
  uint64_t mmap_anon(int pid, uint64_t pages, uint64_t perms, uint64_t at = 0);  // at 0: the kernel picks
  uint64_t mmap_file(int pid, int file, uint64_t first_page, uint64_t pages, uint64_t perms);  // MAP_SHARED
  uint64_t attach_shared(int pid, int object, uint64_t perms);  // shared memory object
  int create_shared(uint64_t pages) { return create_object(Backing::Shared, pages); }
  int create_file(uint64_t pages) { return create_object(Backing::File, pages); }
  void munmap(int pid, uint64_t va);  // the whole area starting at va; dirty file pages written back
  // Unmap [va, va + pages * 4 KiB) wherever it falls: areas are cut, huge pages split.
  void munmap_range(int pid, uint64_t va, uint64_t pages);

  // Threads: tasks sharing their process's address space (page table and ASID). A
  // thread gets its own stack area; switching between threads of one process changes
  // neither satp nor the TLB.
  int spawn_thread(int pid);     // a new task of `pid`; returns its thread id
  void exit_thread(int tid);     // its stack goes (fenced for every thread of the process)
  void switch_thread(int tid);   // run this task (satp changes only across processes)
  int thread_pid(int tid) const { return tasks_.at(static_cast<size_t>(tid)).pid; }
  uint64_t thread_stack(int tid) const { return tasks_.at(static_cast<size_t>(tid)).stack; }

  // Page cache: read() of one file page; true when the page was cached. The data is
  // checked against what the file must hold.
  bool read_file(int file, uint64_t page);
  const std::vector<Reclaim>& reclaims() const { return reclaims_; }

  // Huge pages: khugepaged's pass over a process, collapsing each aligned range of
  // resident 4 KiB pages (its own, not shared) into one huge page; returns how many.
  unsigned collapse(int pid);
  unsigned huge_pages_mapped(int pid) const;
  uint64_t huge_page_bytes(unsigned level) const { return block_frames(level) * kPageSize; }

  // Well-known areas of a spawned process.
  struct Layout {
    uint64_t code, code_pages, data, data_pages, heap, heap_pages, stack_top, stack_pages, guard;
  };
  const Layout& layout(int pid) const;
  uint64_t kernel_va() const { return kernel_va_; }  // a global S-only page

  // The access protocol. After the MMU answers `va` for `pid`:
  //  ok: complete() does the data side (store the value / check the load) and counts it;
  //  fault: fault() decides: true = fixed, retry the access; false = refused (SIGSEGV).
  void complete(Access acc, uint64_t va, uint64_t pa, uint64_t store_value);
  // One step of page aging on another hart, run while this hart's walks are in flight:
  // the next resident frame's PTEs lose their A bit (an atomic test-and-clear, no
  // fence: Linux's ptep_test_and_clear_young); the clock algorithm counts it as a use.
  void age_one();
  bool fault(Access acc, uint64_t va, Cause cause);

  // sfences the kernel needs executed (on the RTL) before the next access.
  std::deque<SfenceOp>& sfences() { return sfences_; }

  // A value a store may write: the truth remembers it.
  uint64_t truth(int pid, uint64_t va) const;
  bool integrity_ok() const { return integrity_error_.empty(); }
  const std::string& integrity_error() const { return integrity_error_; }

  const KernelStats& stats() const { return stats_; }
  const KernelConfig& config() const { return cfg_; }
  Build build() const { return bi_.xlen == 32 ? Build::Rv32 : Build::Rv64; }
  const tb::RamPlacement& placement() const { return placement_; }
  uint64_t frame_base() const { return frame_pa(0); }  // the first data frame
  unsigned frames_in_use() const;

 private:
  struct Object;  // what a page's contents belong to (truth lives there)
  struct Vma {
    uint64_t start = 0, pages = 0;
    uint64_t perms = 0;            // R/W/X/U
    Backing backing = Backing::Anon;
    std::shared_ptr<Object> object;
    uint64_t object_page = 0;      // the object page that backs `start`
    bool shared = false;           // stores reach the object (else copy-on-write)
    bool file_writeback = false;   // dirty pages go back to the file on unmap/eviction
  };
  enum class PageState : uint8_t { None, Resident, Swapped };
  struct VPage {
    PageState state = PageState::None;
    uint32_t frame = 0;            // Resident: index into frames_
    uint32_t slot = 0;             // Swapped: swap slot
    bool cow = false;              // write access needs a private copy first
  };
  struct HugeMap {                  // a huge leaf of a process, by its first VPN
    unsigned level = 1;
    uint32_t frame = 0;             // the block's head frame
    bool cow = false;
  };
  struct Process {
    int pid = 0;
    bool alive = false;
    uint32_t asid = 0;
    std::unique_ptr<tb::PageTable> pt;
    std::vector<Vma> vmas;
    std::map<uint64_t, VPage> pages;  // by VPN
    std::map<uint64_t, HugeMap> huge; // huge leaves, by first VPN
    Layout layout{};
    Mode mode = Mode::Sv39;
    uint64_t mmap_next = 0;           // where the next mmap goes
  };
  struct Mapping {
    int pid;
    uint64_t vpn;
    unsigned level = 0;             // the leaf's level: 0 for 4 KiB, > 0 a huge page
  };
  struct Frame {
    bool used = false;
    bool referenced = false;        // the aging pass found an A bit set since the last look
    bool dirty = false;             // D seen in a PTE that no longer maps it
    std::vector<Mapping> maps;      // reverse map: every PTE that points here
    std::shared_ptr<Object> object; // shared/file pages: the object page held (page cache)
    uint64_t object_page = 0;
    std::optional<uint32_t> slot;   // private pages: a copy in swap still valid (swap cache)
    uint8_t order = 0;              // heads a block of block_frames(order) frames (a huge page)
    bool tail = false;              // inside a huge page's block, not its head
    bool cached = false;            // a file page no one maps, kept in the page cache
  };
  struct Task {
    int tid = 0, pid = 0;
    bool alive = false;
    uint64_t stack = 0;             // its stack area
  };

  int create_object(Backing kind, uint64_t pages);  // a shared memory object or a file
  Process& proc(int pid);
  const Process& proc(int pid) const;
  Vma* find_vma(Process& p, uint64_t va);
  uint64_t add_vma(Process& p, Vma v, uint64_t hint);
  uint64_t frame_pa(uint32_t f) const { return (frame_base_ppn_ + f) << kPageShift; }

  uint32_t alloc_frame();                 // evicts when the pool is full
  void evict_one();
  void evict(uint32_t f, bool replacement = true);  // false: released by munmap/exit
  void free_frame(uint32_t f);
  void clear_pte(Process& p, uint64_t vpn, uint64_t sw_bits);
  void fence_page(const Process& p, uint64_t vpn);
  void fill_frame(uint32_t f, const Vma& v, uint64_t object_page);
  void copy_frame(uint32_t dst, uint32_t src);
  void write_back(uint32_t f);
  uint32_t swap_out(uint32_t f);
  void swap_release(uint32_t slot);
  bool frame_dirty(const Frame& f) const;
  bool frame_referenced(uint32_t f);
  void drop_mapping(uint32_t f, int pid, uint64_t vpn);
  void release_if_unmapped(uint32_t f);
  void unmap_page(Process& p, uint64_t vpn);
  bool page_in(Process& p, Vma& v, uint64_t vpn, Access acc);
  bool cow_break(Process& p, Vma& v, uint64_t vpn);
  void set_pte(Process& p, uint64_t vpn, uint32_t frame, const Vma& v, bool writable, bool store);
  void take_asid(Process& p);
  uint64_t& truth_word(const Vma& v, uint64_t va);
  uint64_t pte_of(const Process& p, uint64_t vpn, unsigned level = 0) const;
  void write_pte_of(Process& p, uint64_t vpn, uint64_t pte, unsigned level = 0);
  void fence_asid(const Process& p);      // rs1=x0, rs2=ASID: a non-leaf PTE changed

  // Page cache (page_cache.cpp).
  void keep_cached(uint32_t f);           // the last mapping of a file page went
  void uncache(uint32_t f);               // a cached page is mapped again
  bool reclaim_cached();                  // drop the oldest unmapped cached page

  // Huge pages (huge_pages.cpp).
  uint64_t block_frames(unsigned level) const { return uint64_t{1} << (bi_.vpn_bits * level); }
  unsigned max_huge_level(const Process& p) const;
  std::optional<uint32_t> alloc_block(unsigned level);
  void free_block(uint32_t head);
  bool huge_fault(Process& p, Vma& v, uint64_t vpn, Access acc);  // try a huge page for a demand fault
  const HugeMap* huge_at(const Process& p, uint64_t vpn, uint64_t* head = nullptr) const;
  void split_block(uint32_t head);        // every mapping of the block: one level down
  void split_to_base(Process& p, uint64_t vpn);  // until vpn is a 4 KiB page
  bool huge_fault_resident(Process& p, Vma& v, uint64_t vpn, Access acc);
  void fork_huge(Process& par, Process& child, bool& parent_changed);
  bool collapse_range(Process& p, Vma& v, uint64_t head_vpn);

  tb::Bench& bench_;
  KernelConfig cfg_;
  tb::Rng rng_;
  BuildInfo bi_;
  Mode mode_;
  tb::RamPlacement placement_;            // the RAM window; page tables from table_base up
  tb::FrameAllocator table_frames_;
  uint64_t frame_base_ppn_;
  std::vector<Frame> frames_;
  std::vector<uint32_t> free_frames_;
  std::deque<uint32_t> resident_;         // replacement order (clock hand at the front)
  size_t aging_hand_ = 0;                 // the aging pass's position in resident_
  std::vector<std::vector<uint64_t>> swap_;  // slot -> page words
  std::vector<uint32_t> swap_refs_;          // slot -> pages that point at it
  std::unordered_map<uint32_t, uint32_t> swap_cache_;  // slot -> resident frame
  std::vector<uint32_t> free_slots_;
  std::vector<std::unique_ptr<Process>> procs_;
  std::vector<std::shared_ptr<Object>> objects_;  // shared memory objects and files
  std::vector<int> asid_owner_;  // -1 never used, -2 used by an exited process
  uint32_t next_asid_ = 1;
  int current_ = -1;
  uint64_t kernel_va_ = 0;
  std::deque<SfenceOp> sfences_;
  KernelStats stats_;
  std::string integrity_error_;
  std::shared_ptr<Object> code_;
  uint64_t kernel_ppn_ = 0;
  std::vector<Task> tasks_;
  PageCacheLru cache_lru_;                // unmapped cached file pages, oldest first
  std::vector<Reclaim> reclaims_;
};

}  // namespace mmu::os
