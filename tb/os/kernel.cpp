#include "kernel.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "kernel_object.h"
#include "perm.h"

namespace mmu::os {

using namespace kdetail;

Kernel::Kernel(tb::Bench& bench, const KernelConfig& cfg, uint64_t seed)
    : bench_(bench),
      cfg_(cfg),
      rng_(seed),
      bi_(build_info(bench.config().build)),
      mode_(bench.config().build == Build::Rv32 ? Mode::Sv32 : Mode::Sv39),
      placement_(cfg.random_placement ? tb::place_ram(bench.config().build, true, seed)
                                      : tb::RamPlacement{bench.csrs.ram, bench.csrs.ram.base + 0x100000}),
      table_frames_(placement_.table_base, placement_.window.base + placement_.window.size),
      // Data frames from 4 GiB up (the kernel's own page just below), clear of the window.
      frame_base_ppn_((tb::place_frames(placement_.window, bi_.pa_bits, (uint64_t{1} << 32) - kPageSize,
                                        uint64_t{cfg.frames} + 1) >> kPageShift) + 1) {
  bench.csrs.ram = placement_.window;
  frames_.resize(cfg_.frames);
  // Frames are handed out from the back of the free list: lowest first, or, with huge
  // pages, highest first, so that the low, most aligned blocks stay whole longest.
  for (uint32_t i = 0; i < cfg_.frames; ++i) free_frames_.push_back(cfg_.huge_pages ? i : cfg_.frames - 1 - i);
  const unsigned max_asids = static_cast<unsigned>(mask(bi_.asid_bits));
  cfg_.asids = std::max(1u, std::min(cfg_.asids, max_asids));
  asid_owner_.assign(cfg_.asids + 1, -1);
  code_ = std::make_shared<Object>();
  code_->id = 1;
  code_->kind = Backing::File;
  code_->pages = 16;
  objects_.push_back(code_);
  // One global, supervisor-only kernel page, mapped at the same VA in every process.
  kernel_va_ = bench.config().build == Build::Rv32 ? 0xc0000000ull : 0xffffffc000000000ull;
  kernel_ppn_ = frame_base_ppn_ - 1;
  for (uint64_t w = 0; w < kWords; ++w) bench_.mem().poke((kernel_ppn_ << kPageShift) + w * kWord, kWord, kernel_word(w));
  bench_.csrs.ad = cfg_.hw_ad ? AdPolicy::Hw : AdPolicy::Fault;
  bench_.csrs.priv = Priv::U;
}

Kernel::Process& Kernel::proc(int pid) { return *procs_.at(static_cast<size_t>(pid)); }
const Kernel::Process& Kernel::proc(int pid) const { return *procs_.at(static_cast<size_t>(pid)); }
bool Kernel::alive(int pid) const { return pid >= 0 && static_cast<size_t>(pid) < procs_.size() && procs_[pid]->alive; }
const Kernel::Layout& Kernel::layout(int pid) const { return proc(pid).layout; }

std::vector<int> Kernel::pids() const {
  std::vector<int> v;
  for (const auto& p : procs_)
    if (p->alive) v.push_back(p->pid);
  return v;
}

unsigned Kernel::frames_in_use() const { return static_cast<unsigned>(frames_.size() - free_frames_.size()); }

Kernel::Vma* Kernel::find_vma(Process& p, uint64_t va) {
  for (Vma& v : p.vmas)
    if (va >= v.start && va < v.start + v.pages * kPageSize) return &v;
  return nullptr;
}

uint64_t Kernel::add_vma(Process& p, Vma v, uint64_t at) {
  if (at == 0) {
    // With huge pages, a private area as large as a huge page starts at a multiple of
    // the largest huge page it can hold (Linux aligns large anonymous mmaps the same way).
    if (cfg_.huge_pages && !v.shared)
      for (unsigned level = max_huge_level(p); level > 0; --level)
        if (v.pages >= block_frames(level)) {
          const uint64_t align = block_frames(level) * kPageSize;
          p.mmap_next = (p.mmap_next + align - 1) / align * align;
          break;
        }
    at = p.mmap_next;
    p.mmap_next += (v.pages + 1) * kPageSize;  // one unmapped page between areas
  }
  v.start = at;
  p.vmas.push_back(std::move(v));
  return at;
}

int Kernel::spawn() {
  auto p = std::make_unique<Process>();
  p->pid = static_cast<int>(procs_.size());
  p->alive = true;
  // rv64: Sv39, Sv48, Sv39, Sv57 by pid (pid 0 is Sv39, every fourth process Sv57).
  static constexpr Mode kRv64Modes[] = {Mode::Sv39, Mode::Sv48, Mode::Sv39, Mode::Sv57};
  p->mode = mode_ == Mode::Sv32 ? Mode::Sv32 : kRv64Modes[p->pid % 4];
  p->pt = std::make_unique<tb::PageTable>(bench_.config().build, p->mode, bench_.mem(), table_frames_);
  p->pt->map(kernel_va_, 0, kernel_ppn_, kV | kR | kW | kA | kD | kG);
  p->mmap_next = 0x40000000ull;
  Layout& l = p->layout;
  l.code_pages = 16;
  l.data_pages = 32;
  l.heap_pages = 64;
  l.stack_pages = 16;
  l.stack_top = 0x7fff0000ull;
  l.guard = l.stack_top - (l.stack_pages + 1) * kPageSize;
  l.code = add_vma(*p, Vma{0, l.code_pages, kR | kX | kU, Backing::File, code_, 0, true, false}, 0x10000);
  auto anon = [] { auto o = std::make_shared<Object>(); o->kind = Backing::Anon; return o; };
  l.data = add_vma(*p, Vma{0, l.data_pages, kR | kW | kU, Backing::Anon, anon(), 0, false, false}, 0x400000);
  l.heap = add_vma(*p, Vma{0, l.heap_pages, kR | kW | kU, Backing::Anon, anon(), 0, false, false}, 0x800000);
  add_vma(*p, Vma{0, l.stack_pages, kR | kW | kU, Backing::Anon, anon(), 0, false, false},
          l.stack_top - l.stack_pages * kPageSize);
  procs_.push_back(std::move(p));
  return procs_.back()->pid;
}

uint64_t Kernel::pte_of(const Process& p, uint64_t vpn, unsigned level) const {
  const std::optional<uint64_t> a = p.pt->pte_addr(vpn << kPageShift, level);
  return a ? p.pt->read_pte(*a) : 0;
}

void Kernel::write_pte_of(Process& p, uint64_t vpn, uint64_t pte, unsigned level) {
  if (const std::optional<uint64_t> a = p.pt->pte_addr(vpn << kPageShift, level)) p.pt->write_pte(*a, pte);
}

void Kernel::fence_asid(const Process& p) {
  // The privileged spec's SFENCE.VMA rules: a fence with rs1 = a VA orders only the leaf
  // PTEs of that VA; software that changes a non-leaf PTE fences with rs1 = x0, and with
  // rs2 = the ASID when no PTE on the path is global (the kernel's huge pages never are).
  ++stats_.nonleaf_fences;
  if (p.asid && asid_owner_[p.asid] == p.pid) sfences_.push_back(SfenceOp{std::nullopt, p.asid});
}

void Kernel::fence_page(const Process& p, uint64_t vpn) {
  // Entries tagged with an ASID the process no longer owns were flushed when it was
  // handed on; only a live ASID can hold this page.
  if (p.asid && asid_owner_[p.asid] == p.pid) sfences_.push_back(SfenceOp{vpn << kPageShift, p.asid});
}

void Kernel::set_pte(Process& p, uint64_t vpn, uint32_t frame, const Vma& v, bool writable, bool store) {
  uint64_t flags = kV | (v.perms & (kR | kX | kU)) | (writable ? kW : 0);
  // Svade: the kernel manages A/D itself (set now: the access is about to happen).
  // Svadu: left clear, so the page-table walker sets them.
  if (!cfg_.hw_ad) flags |= kA | (store && writable ? kD : 0);
  p.pt->map(vpn << kPageShift, 0, frame_base_ppn_ + frame, flags);
}

void Kernel::clear_pte(Process& p, uint64_t vpn, uint64_t sw_bits) { write_pte_of(p, vpn, sw_bits << 10); }

uint32_t Kernel::alloc_frame() {
  if (free_frames_.empty()) evict_one();
  const uint32_t f = free_frames_.back();
  free_frames_.pop_back();
  frames_[f] = Frame{};
  frames_[f].used = true;
  resident_.push_back(f);
  return f;
}

void Kernel::age_one() {
  if (resident_.empty()) return;
  aging_hand_ = (aging_hand_ + 1) % resident_.size();
  Frame& fr = frames_[resident_[aging_hand_]];
  for (const Mapping& m : fr.maps) {
    Process& p = proc(m.pid);
    // Test-and-clear in one step: memory is read and written at one instant, so a D bit
    // the walker's compare-and-swap sets is never lost, and a walker that read the PTE
    // before this finds it changed and walks again.
    const uint64_t pte = pte_of(p, m.vpn, m.level);
    if (!(pte & kA)) continue;
    write_pte_of(p, m.vpn, pte & ~kA, m.level);
    fr.referenced = true;
    ++stats_.aged;
  }
}

bool Kernel::frame_referenced(uint32_t f) {
  bool any = frames_[f].referenced;
  frames_[f].referenced = false;
  for (const Mapping& m : frames_[f].maps) {
    Process& p = proc(m.pid);
    const uint64_t pte = pte_of(p, m.vpn, m.level);
    if (pte & kA) {
      any = true;
      write_pte_of(p, m.vpn, pte & ~kA, m.level);  // second chance: clear A and look again later
      fence_page(p, m.vpn);
    }
  }
  return any;
}

void Kernel::evict_one() {
  // File pages no one maps go first (no write-back: they are clean), oldest first.
  if (reclaim_cached()) return;
  // Clock (second chance): a frame whose A bit is set gets it cleared and goes round
  // again; FIFO: the oldest frame goes. A huge page is split first (every mapping of
  // it), and its pieces join the round.
  for (size_t round = 0; round <= 2 * resident_.size(); ++round) {
    const uint32_t f = resident_.front();
    resident_.pop_front();
    if (cfg_.replacement == Replacement::Clock && frame_referenced(f)) {
      resident_.push_back(f);
      continue;
    }
    if (frames_[f].order > 0) {
      resident_.push_back(f);
      split_block(f);
      continue;
    }
    evict(f);
    return;
  }
}

bool Kernel::frame_dirty(const Frame& fr) const {
  if (fr.dirty) return true;
  for (const Mapping& m : fr.maps)
    if (pte_of(proc(m.pid), m.vpn, m.level) & kD) return true;
  return false;
}

uint32_t Kernel::swap_out(uint32_t f) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(swap_.size());
    swap_.emplace_back();
    swap_refs_.push_back(0);
  }
  swap_[slot].resize(kWords);
  for (uint64_t w = 0; w < kWords; ++w) swap_[slot][w] = bench_.mem().peek(frame_pa(f) + w * kWord, kWord);
  swap_refs_[slot] = 0;
  ++stats_.swap_outs;
  return slot;
}

void Kernel::swap_release(uint32_t slot) {
  if (--swap_refs_[slot] == 0) {
    swap_[slot].clear();
    swap_cache_.erase(slot);
    free_slots_.push_back(slot);
  }
}

void Kernel::copy_frame(uint32_t dst, uint32_t src) {
  for (uint64_t w = 0; w < kWords; ++w)
    bench_.mem().poke(frame_pa(dst) + w * kWord, kWord, bench_.mem().peek(frame_pa(src) + w * kWord, kWord));
}

void Kernel::evict(uint32_t f, bool replacement) {
  Frame& fr = frames_[f];
  const bool dirty = frame_dirty(fr);
  if (replacement) {
    reclaims_.push_back(fr.object && fr.object->kind == Backing::File ? (dirty ? Reclaim::FileDirty : Reclaim::FileClean)
                        : dirty ? Reclaim::AnonSwap : Reclaim::AnonClean);
    if (reclaims_.back() == Reclaim::AnonSwap && cache_lru_.size() && integrity_error_.empty())
      integrity_error_ = "an anonymous page went to swap while " + std::to_string(cache_lru_.size()) +
                         " clean unmapped file pages were still cached";
  }
  std::optional<uint32_t> slot;
  if (fr.object && fr.object->kind == Backing::File) {
    if (dirty) write_back(f);
    else ++stats_.clean_drops;
    fr.object->cache.erase(fr.object_page);
  } else if (fr.object) {  // shared memory: to swap if written, else keep the old copy
    if (dirty) {
      if (fr.slot) {
        swap_cache_.erase(*fr.slot);
        swap_release(*fr.slot);
      }
      slot = swap_out(f);
      swap_refs_[*slot] = 1;
    } else if (fr.slot) {
      slot = fr.slot;
      swap_cache_.erase(*slot);
      ++stats_.clean_drops;
    } else {
      ++stats_.clean_drops;
    }
    if (slot) fr.object->swapped[fr.object_page] = *slot;
    fr.object->cache.erase(fr.object_page);
  } else {  // private pages: every mapping (copy-on-write siblings) moves to the slot
    if (dirty) {
      if (fr.slot) {
        swap_cache_.erase(*fr.slot);
        swap_release(*fr.slot);
      }
      slot = swap_out(f);
    } else if (fr.slot) {
      slot = fr.slot;
      swap_cache_.erase(*slot);
      --swap_refs_[*slot];  // the frame's own reference; the pages take theirs below
      ++stats_.clean_drops;
    } else {
      ++stats_.clean_drops;  // never written since zero-fill: zero-fill again later
    }
  }
  for (const Mapping& m : fr.maps) {
    Process& p = proc(m.pid);
    VPage& vp = p.pages[m.vpn];
    if (!fr.object && slot) {
      vp.state = PageState::Swapped;
      vp.slot = *slot;
      ++swap_refs_[*slot];
    } else {
      vp.state = PageState::None;
    }
    clear_pte(p, m.vpn, slot ? *slot + 1 : 0);  // V=0; the slot kept in the PTE, as kernels do
    fence_page(p, m.vpn);
  }
  ++(replacement ? stats_.evictions : stats_.frames_freed);
  fr = Frame{};
  free_frames_.push_back(f);
}

void Kernel::write_back(uint32_t f) {
  Frame& fr = frames_[f];
  std::vector<uint64_t>& page = fr.object->disk[fr.object_page];
  page.resize(kWords);
  for (uint64_t w = 0; w < kWords; ++w) page[w] = bench_.mem().peek(frame_pa(f) + w * kWord, kWord);
  ++stats_.file_writebacks;
}

void Kernel::drop_mapping(uint32_t f, int pid, uint64_t vpn) {
  Frame& fr = frames_[f];
  const auto it = std::find_if(fr.maps.begin(), fr.maps.end(),
                               [&](const Mapping& m) { return m.pid == pid && m.vpn == vpn; });
  if (it != fr.maps.end() && (pte_of(proc(pid), vpn, it->level) & kD)) fr.dirty = true;
  fr.maps.erase(std::remove_if(fr.maps.begin(), fr.maps.end(),
                               [&](const Mapping& m) { return m.pid == pid && m.vpn == vpn; }),
                fr.maps.end());
  release_if_unmapped(f);
}

void Kernel::release_if_unmapped(uint32_t f) {
  Frame& fr = frames_[f];
  if (!fr.maps.empty()) return;
  resident_.erase(std::remove(resident_.begin(), resident_.end(), f), resident_.end());
  if (fr.object && fr.object->kind == Backing::File) {  // stays in the page cache, written back
    keep_cached(f);
    return;
  }
  if (fr.object) {  // a shared memory page nobody maps: swapped as on eviction
    evict(f, false);
    return;
  }
  if (fr.order > 0) {  // a huge page (private, never in swap)
    free_block(f);
    return;
  }
  if (fr.slot) {  // the frame no longer stands for its slot; siblings may still use the slot
    swap_cache_.erase(*fr.slot);
    swap_release(*fr.slot);
  }
  fr = Frame{};
  free_frames_.push_back(f);
  ++stats_.frames_freed;
}

void Kernel::unmap_page(Process& p, uint64_t vpn) {
  auto it = p.pages.find(vpn);
  if (it == p.pages.end()) return;
  const VPage vp = it->second;
  p.pages.erase(it);
  if (vp.state == PageState::Resident) {
    drop_mapping(vp.frame, p.pid, vpn);  // reads D before the PTE goes
    clear_pte(p, vpn, 0);
    fence_page(p, vpn);
  } else if (vp.state == PageState::Swapped) {
    swap_release(vp.slot);
  }
}

uint64_t& Kernel::truth_word(const Vma& v, uint64_t va) {
  const uint64_t opage = v.object_page + (va - v.start) / kPageSize;
  return v.object->truth_page(opage)[(va % kPageSize) / kWord];
}

uint64_t Kernel::truth(int pid, uint64_t va) const {
  Process& p = const_cast<Kernel*>(this)->proc(pid);
  Vma* v = const_cast<Kernel*>(this)->find_vma(p, va);
  return v ? const_cast<Kernel*>(this)->truth_word(*v, va) : 0;
}

bool Kernel::page_in(Process& p, Vma& v, uint64_t vpn, Access acc) {
  const bool store = acc == Access::Store;
  const bool writable_vma = v.perms & kW;
  if (v.shared) {
    Object& o = *v.object;
    const uint64_t opage = v.object_page + vpn - v.start / kPageSize;
    uint32_t f;
    auto cached = o.cache.find(opage);
    if (cached != o.cache.end()) {
      f = cached->second;  // already in the page cache: share the frame
      if (frames_[f].cached) uncache(f);  // no one mapped it: a fault without a file read
    } else {
      f = alloc_frame();
      Frame& fr = frames_[f];
      fr.object = v.object;
      fr.object_page = opage;
      if (o.kind == Backing::File) {
        const std::vector<uint64_t> data = o.disk_page(opage);
        for (uint64_t w = 0; w < kWords; ++w) bench_.mem().poke(frame_pa(f) + w * kWord, kWord, data[w]);
        ++stats_.faults_file_in;
      } else if (auto sw = o.swapped.find(opage); sw != o.swapped.end()) {
        for (uint64_t w = 0; w < kWords; ++w) bench_.mem().poke(frame_pa(f) + w * kWord, kWord, swap_[sw->second][w]);
        fr.slot = sw->second;  // the frame keeps the slot's reference as a clean copy
        swap_cache_[sw->second] = f;
        o.swapped.erase(sw);
        ++stats_.swap_ins;
        ++stats_.faults_swap_in;
      } else {
        bench_.mem().zero_page(frame_pa(f));
        ++stats_.faults_demand_zero;
      }
      o.cache[opage] = f;
    }
    frames_[f].maps.push_back({p.pid, vpn});
    p.pages[vpn] = VPage{PageState::Resident, f, 0, false};
    set_pte(p, vpn, f, v, writable_vma, store);
    return true;
  }

  if (cfg_.huge_pages && huge_fault(p, v, vpn, acc)) return true;
  VPage& vp = p.pages[vpn];
  uint32_t f;
  if (vp.state == PageState::Swapped) {
    const uint32_t slot = vp.slot;
    auto cached = swap_cache_.find(slot);
    if (cached != swap_cache_.end()) {
      f = cached->second;  // a copy-on-write sibling brought it in already
      swap_release(slot);
    } else {
      f = alloc_frame();  // may evict; the slot stays: this page holds a reference
      for (uint64_t w = 0; w < kWords; ++w) bench_.mem().poke(frame_pa(f) + w * kWord, kWord, swap_[slot][w]);
      frames_[f].slot = slot;  // the page's reference moves to the frame
      swap_cache_[slot] = f;
      ++stats_.swap_ins;
    }
    ++stats_.faults_swap_in;
  } else {
    f = alloc_frame();
    bench_.mem().zero_page(frame_pa(f));
    ++stats_.faults_demand_zero;
  }
  VPage& now = p.pages[vpn];  // alloc_frame may have touched the map
  now.state = PageState::Resident;
  now.frame = f;
  frames_[f].maps.push_back({p.pid, vpn});
  set_pte(p, vpn, f, v, writable_vma && !now.cow, store);
  return true;
}

bool Kernel::cow_break(Process& p, Vma& v, uint64_t vpn) {
  ++stats_.faults_cow;
  const uint32_t old = p.pages[vpn].frame;
  if (frames_[old].maps.size() > 1) {
    const uint32_t f = alloc_frame();
    VPage& vp = p.pages[vpn];
    if (vp.state != PageState::Resident || vp.frame != old) {  // the eviction took it: fault again
      frames_[f].used = true;
      release_if_unmapped(f);
      return true;
    }
    copy_frame(f, old);
    frames_[f].dirty = true;  // a private copy that exists nowhere else
    ++stats_.cow_copies;
    vp.frame = f;
    vp.cow = false;
    frames_[f].maps.push_back({p.pid, vpn});
    drop_mapping(old, p.pid, vpn);
  } else {
    Frame& fr = frames_[old];
    if (fr.slot) {  // the swap copy will be stale after this store
      swap_cache_.erase(*fr.slot);
      swap_release(*fr.slot);
      fr.slot.reset();
    }
    fr.dirty = true;
    p.pages[vpn].cow = false;
  }
  set_pte(p, vpn, p.pages[vpn].frame, v, true, true);
  fence_page(p, vpn);
  return true;
}

bool Kernel::fault(Access acc, uint64_t va, Cause cause) {
  Process& p = proc(current_);
  const CsrView& c = bench_.csrs;
  if (cause == Cause::FetchAccess || cause == Cause::LoadAccess || cause == Cause::StoreAccess) {
    integrity_error_ = "access fault " + std::to_string(static_cast<int>(cause)) + " at " + hex(va) +
                       ": page tables live in RAM, none was expected";
    return false;
  }
  const uint64_t vpn = va >> kPageShift;
  Vma* v = find_vma(p, va);
  // Not mapped (guard pages included), or not allowed by the area's protection and the
  // current privilege (execute-disable, W^X, U/S with SUM): refused.
  if (!v || !leaf_allows(LeafPerms{(v->perms & kU) != 0, (v->perms & kR) != 0, (v->perms & kW) != 0,
                                   (v->perms & kX) != 0},
                         c.priv, c.sum, c.mxr, acc)) {
    ++stats_.faults_segv;
    return false;
  }
  if (huge_at(p, vpn)) return huge_fault_resident(p, *v, vpn, acc);
  auto it = p.pages.find(vpn);
  if (it == p.pages.end() || it->second.state != PageState::Resident) return page_in(p, *v, vpn, acc);
  if (acc == Access::Store && it->second.cow) return cow_break(p, *v, vpn);
  const uint64_t pte = pte_of(p, vpn);
  if (!cfg_.hw_ad && needs_ad_update(pte & kA, pte & kD, acc)) {  // Svade: the kernel sets A/D
    write_pte_of(p, vpn, pte | kA | (acc == Access::Store ? kD : 0));
    fence_page(p, vpn);
    ++stats_.faults_ad;
    return true;
  }
  integrity_error_ = "page fault " + std::to_string(static_cast<int>(cause)) + " at " + hex(va) + " (pid " +
                     std::to_string(p.pid) + ") that the kernel cannot explain: PTE " + hex(pte);
  return false;
}

void Kernel::complete(Access acc, uint64_t va, uint64_t pa, uint64_t store_value) {
  Process& p = proc(current_);
  ++stats_.accesses;
  const uint64_t word_pa = pa & ~(kWord - 1);
  const uint64_t want_pa_page = [&]() -> uint64_t {
    if ((va & ~mask(kPageShift)) == (kernel_va_ & ~mask(kPageShift))) return kernel_ppn_ << kPageShift;
    uint64_t head = 0;
    if (const HugeMap* h = huge_at(p, va >> kPageShift, &head)) return frame_pa(h->frame) + ((va >> kPageShift) - head) * kPageSize;
    auto it = p.pages.find(va >> kPageShift);
    return it != p.pages.end() && it->second.state == PageState::Resident ? frame_pa(it->second.frame) : ~uint64_t{0};
  }();
  if ((pa & ~mask(kPageShift)) != want_pa_page) {
    if (integrity_error_.empty())
      integrity_error_ = "pid " + std::to_string(p.pid) + " va " + hex(va) + " translated to " + hex(pa) +
                         ", but the kernel maps that page at " + hex(want_pa_page);
    return;
  }
  if (want_pa_page == kernel_ppn_ << kPageShift) {
    const uint64_t got = bench_.mem().peek(word_pa, kWord);
    if (got != kernel_word((va % kPageSize) / kWord) && integrity_error_.empty())
      integrity_error_ = "kernel page word at " + hex(va) + " reads " + hex(got);
    ++stats_.integrity_checks;
    return;
  }
  Vma* v = find_vma(p, va);
  uint64_t& truth = truth_word(*v, va);
  if (acc == Access::Store) {
    bench_.mem().poke(word_pa, kWord, store_value);
    truth = store_value;
    ++stats_.stores;
    return;
  }
  const uint64_t got = bench_.mem().peek(word_pa, kWord);
  if (got != truth) {
    if (integrity_error_.empty())
      integrity_error_ = "pid " + std::to_string(p.pid) + " " + to_string(acc) + " va " + hex(va) + " (pa " + hex(pa) +
                         ") read " + hex(got) + ", but the last value written there was " + hex(truth);
    return;
  }
  ++stats_.integrity_checks;
  ++(acc == Access::Fetch ? stats_.fetches : stats_.loads_checked);
}

void Kernel::take_asid(Process& p) {
  if (p.asid && asid_owner_[p.asid] == p.pid) return;
  const uint32_t asid = next_asid_;
  next_asid_ = next_asid_ % cfg_.asids + 1;
  const int old = asid_owner_[asid];
  if (old >= 0) {
    proc(old).asid = 0;  // it will get another one when it next runs
    ++stats_.asid_reuses;
  }
  // Entries of whoever had this ASID before (alive or exited) must go before reuse.
  if (old != -1) sfences_.push_back(SfenceOp{std::nullopt, asid});
  asid_owner_[asid] = p.pid;
  p.asid = asid;
}

void Kernel::switch_to(int pid) {
  Process& p = proc(pid);
  take_asid(p);
  bench_.csrs.mode = p.mode;
  bench_.csrs.asid = p.asid;
  bench_.csrs.root_ppn = p.pt->root_ppn();
  if (current_ != pid) ++stats_.context_switches;
  current_ = pid;
}

int Kernel::fork(int parent) {
  Process& par = proc(parent);
  auto c = std::make_unique<Process>();
  c->pid = static_cast<int>(procs_.size());
  c->alive = true;
  c->mode = par.mode;
  c->pt = std::make_unique<tb::PageTable>(bench_.config().build, c->mode, bench_.mem(), table_frames_);
  c->pt->map(kernel_va_, 0, kernel_ppn_, kV | kR | kW | kA | kD | kG);
  c->layout = par.layout;
  c->mmap_next = par.mmap_next;
  for (const Vma& v : par.vmas) {
    Vma cv = v;
    if (!v.shared) {  // private memory: the child gets its own object with the same truth
      cv.object = std::make_shared<Object>(*v.object);
      cv.object->cache.clear();
      cv.object->swapped.clear();
    }
    c->vmas.push_back(cv);
  }
  bool parent_changed = false;
  for (auto& [vpn, vp] : par.pages) {
    const Vma* v = find_vma(par, vpn << kPageShift);
    if (!v || v->shared) continue;  // shared areas fault in from the page cache
    if (vp.state == PageState::Resident) {
      vp.cow = true;
      const uint64_t pte = pte_of(par, vpn);
      if (pte & kW) {
        write_pte_of(par, vpn, pte & ~kW);  // both sides read-only: copy on the first store
        parent_changed = true;
      }
      frames_[vp.frame].maps.push_back({c->pid, vpn});
      c->pages[vpn] = VPage{PageState::Resident, vp.frame, 0, true};
      c->pt->map(vpn << kPageShift, 0, frame_base_ppn_ + vp.frame, (pte & ~(kW | kD)) | kV);
      if (pte & kD) frames_[vp.frame].dirty = true;
    } else if (vp.state == PageState::Swapped) {
      vp.cow = true;
      ++swap_refs_[vp.slot];
      c->pages[vpn] = VPage{PageState::Swapped, 0, vp.slot, true};
    }
  }
  fork_huge(par, *c, parent_changed);
  if (parent_changed && par.asid && asid_owner_[par.asid] == par.pid) sfences_.push_back(SfenceOp{std::nullopt, par.asid});
  ++stats_.forks;
  procs_.push_back(std::move(c));
  return procs_.back()->pid;
}

void Kernel::exit(int pid) {
  Process& p = proc(pid);
  while (!p.vmas.empty()) munmap(pid, p.vmas.front().start);
  p.alive = false;
  if (p.asid && asid_owner_[p.asid] == pid) asid_owner_[p.asid] = -2;  // free, entries may linger
  ++stats_.exits;
}

void Kernel::munmap(int pid, uint64_t va) {
  Process& p = proc(pid);
  auto it = std::find_if(p.vmas.begin(), p.vmas.end(), [&](const Vma& v) { return v.start == va; });
  if (it != p.vmas.end()) munmap_range(pid, va, it->pages);
}

void Kernel::munmap_range(int pid, uint64_t va, uint64_t pages) {
  Process& p = proc(pid);
  const uint64_t first = va >> kPageShift, end = first + pages;
  // A huge page across an edge of the range is split (every mapping of it), until none is.
  for (bool again = true; again;) {
    again = false;
    for (const auto& [head, h] : p.huge) {
      const uint64_t n = block_frames(h.level);
      if (head < end && head + n > first && (head < first || head + n > end)) {
        split_block(h.frame);
        again = true;
        break;
      }
    }
  }
  for (auto it = p.huge.lower_bound(first); it != p.huge.end() && it->first < end;) {  // huge pages inside
    const uint64_t head = it->first;
    const HugeMap h = it->second;
    it = p.huge.erase(it);
    drop_mapping(h.frame, pid, head);  // reads D before the PTE goes
    write_pte_of(p, head, 0, h.level);
    fence_page(p, head);
  }
  std::vector<uint64_t> vpns;
  for (auto it = p.pages.lower_bound(first); it != p.pages.end() && it->first < end; ++it) vpns.push_back(it->first);
  for (uint64_t vpn : vpns) unmap_page(p, vpn);
  // The areas: what lies outside the range stays, cut at its edges.
  std::vector<Vma> kept;
  for (const Vma& v : p.vmas) {
    const uint64_t vs = v.start >> kPageShift, ve = vs + v.pages;
    if (ve <= first || vs >= end) {
      kept.push_back(v);
      continue;
    }
    if (vs < first) {
      Vma a = v;
      a.pages = first - vs;
      kept.push_back(a);
    }
    if (ve > end) {
      Vma b = v;
      b.start = end << kPageShift;
      b.pages = ve - end;
      b.object_page = v.object_page + (end - vs);
      kept.push_back(b);
    }
  }
  p.vmas = std::move(kept);
}

uint64_t Kernel::mmap_anon(int pid, uint64_t pages, uint64_t perms, uint64_t at) {
  auto o = std::make_shared<Object>();
  return add_vma(proc(pid), Vma{0, pages, perms | kU, Backing::Anon, o, 0, false, false}, at);
}

int Kernel::create_object(Backing kind, uint64_t pages) {
  auto o = std::make_shared<Object>();
  o->id = static_cast<int>(objects_.size()) + 1;
  o->kind = kind;
  o->pages = pages;
  objects_.push_back(o);
  return o->id;
}

uint64_t Kernel::attach_shared(int pid, int object, uint64_t perms) {
  const std::shared_ptr<Object>& o = objects_.at(static_cast<size_t>(object - 1));
  return add_vma(proc(pid), Vma{0, o->pages, perms | kU, Backing::Shared, o, 0, true, false}, 0);
}

uint64_t Kernel::mmap_file(int pid, int file, uint64_t first_page, uint64_t pages, uint64_t perms) {
  return add_vma(proc(pid), Vma{0, pages, perms | kU, Backing::File, objects_.at(static_cast<size_t>(file - 1)),
                                first_page, true, true}, 0);
}

}  // namespace mmu::os
