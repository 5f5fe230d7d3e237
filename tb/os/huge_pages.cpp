// Transparent huge pages for private anonymous areas: a demand fault maps a whole
// aligned 2 MiB (Sv39/Sv48), 1 GiB (Sv39/Sv48 gigapage) or 4 MiB (Sv32 megapage) page
// when the area covers it, none of its 4 KiB pages is in use and a free aligned block of
// frames exists; a partial munmap, a copy-on-write fault or eviction splits it one level
// at a time (in every process that maps it); khugepaged's pass collapses a range of
// resident 4 KiB pages back into a 2 MiB / 4 MiB page.
//
// The fences follow the privileged spec's SFENCE.VMA rules. A changed leaf (A/D set by
// the kernel under Svade, a huge page unmapped whole) is fenced with rs1 = a VA in the
// page and rs2 = the ASID: that covers the whole superpage. A split replaces a leaf by a
// pointer to a new table, a collapse a pointer by a leaf: either way a non-leaf PTE is
// involved, and the spec orders non-leaf PTEs only with rs1 = x0, so both are fenced with
// rs1 = x0 and rs2 = the ASID (no PTE on the path is global).
#include <algorithm>

#include "kernel.h"
#include "kernel_object.h"
#include "perm.h"

namespace mmu::os {

using namespace kdetail;

unsigned Kernel::max_huge_level(const Process& p) const {
  if (!cfg_.huge_pages) return 0;
  return p.mode == Mode::Sv32 ? 1 : 2;
}

unsigned Kernel::huge_pages_mapped(int pid) const { return static_cast<unsigned>(proc(pid).huge.size()); }

const Kernel::HugeMap* Kernel::huge_at(const Process& p, uint64_t vpn, uint64_t* head) const {
  auto it = p.huge.upper_bound(vpn);
  if (it == p.huge.begin()) return nullptr;
  --it;
  if (vpn >= it->first + block_frames(it->second.level)) return nullptr;
  if (head) *head = it->first;
  return &it->second;
}

std::optional<uint32_t> Kernel::alloc_block(unsigned level) {
  const uint64_t n = block_frames(level);
  // The highest aligned block whose frames are all free (4 KiB pages come from the top
  // too, so the low blocks stay whole longest). The frame pool starts 1 GiB-aligned.
  for (uint64_t b = frames_.size() / n; b-- > 0;) {
    const uint32_t head = static_cast<uint32_t>(b * n);
    bool all_free = true;
    for (uint64_t i = 0; i < n && all_free; ++i) all_free = !frames_[head + i].used;
    if (!all_free) continue;
    free_frames_.erase(std::remove_if(free_frames_.begin(), free_frames_.end(),
                                      [&](uint32_t f) { return f >= head && f < head + n; }),
                       free_frames_.end());
    for (uint64_t i = 0; i < n; ++i) {
      frames_[head + i] = Frame{};
      frames_[head + i].used = true;
      frames_[head + i].tail = i != 0;
      bench_.mem().zero_page(frame_pa(static_cast<uint32_t>(head + i)));
    }
    frames_[head].order = static_cast<uint8_t>(level);
    resident_.push_back(head);
    return head;
  }
  return std::nullopt;
}

void Kernel::free_block(uint32_t head) {
  const uint64_t n = block_frames(frames_[head].order);
  for (uint64_t i = n; i-- > 0;) {
    frames_[head + i] = Frame{};
    free_frames_.push_back(static_cast<uint32_t>(head + i));
  }
  ++stats_.frames_freed;
}

bool Kernel::huge_fault(Process& p, Vma& v, uint64_t vpn, Access acc) {
  if (v.shared || v.backing != Backing::Anon) return false;
  const uint64_t vs = v.start >> kPageShift, ve = vs + v.pages;
  for (unsigned level = max_huge_level(p); level > 0; --level) {
    const uint64_t n = block_frames(level), head = vpn & ~(n - 1);
    if (head < vs || head + n > ve) continue;  // the area does not cover the aligned range
    // No 4 KiB page of the range may hold data (resident or in swap).
    bool busy = false;
    for (auto it = p.pages.lower_bound(head); it != p.pages.end() && it->first < head + n && !busy; ++it)
      busy = it->second.state != PageState::None;
    if (busy) continue;
    const std::optional<uint32_t> block = alloc_block(level);
    if (!block) {
      ++stats_.huge_fallbacks;
      continue;
    }
    p.pages.erase(p.pages.lower_bound(head), p.pages.lower_bound(head + n));
    const Pte old{pte_of(p, head, level)};
    uint64_t flags = kV | (v.perms & (kR | kW | kX | kU));
    if (!cfg_.hw_ad) flags |= kA | (acc == Access::Store && (v.perms & kW) ? kD : 0);
    p.pt->map(head << kPageShift, level, frame_base_ppn_ + *block, flags);
    if (old.v() && !old.is_leaf()) fence_asid(p);  // a table of old 4 KiB pages replaced by a leaf
    p.huge[head] = HugeMap{level, *block, false};
    frames_[*block].maps.push_back({p.pid, head, level});
    ++stats_.huge_faults[level];
    return true;
  }
  return false;
}

void Kernel::split_block(uint32_t head) {
  const Frame whole = frames_[head];
  const unsigned level = whole.order, sub = level - 1;
  const uint64_t m = block_frames(sub), parts = block_frames(level) / m;
  for (const Mapping& mp : whole.maps) {
    Process& p = proc(mp.pid);
    const uint64_t pte = pte_of(p, mp.vpn, level);
    const std::optional<uint64_t> table = table_frames_.alloc();
    if (!table) {
      if (integrity_error_.empty()) integrity_error_ = "out of page-table frames splitting a huge page";
      return;
    }
    // A table of leaves one level down with the huge leaf's flags (A and D included),
    // written before the entry points at it.
    bench_.mem().zero_page(*table << kPageShift);
    for (uint64_t i = 0; i < parts; ++i)
      p.pt->write_pte((*table << kPageShift) + i * bi_.pte_bytes,
                      p.pt->make_pte(frame_base_ppn_ + head + i * m, pte & mask(10)));
    write_pte_of(p, mp.vpn, p.pt->make_pte(*table, kV), level);
    fence_asid(p);
    const HugeMap hm = p.huge.at(mp.vpn);
    p.huge.erase(mp.vpn);
    for (uint64_t i = 0; i < parts; ++i) {
      const uint32_t f = static_cast<uint32_t>(head + i * m);
      if (sub > 0) p.huge[mp.vpn + i * m] = HugeMap{sub, f, hm.cow};
      else p.pages[mp.vpn + i] = VPage{PageState::Resident, f, 0, hm.cow};
    }
  }
  // Each part heads a block one level down, mapped where the whole was, and joins the
  // replacement order (the head keeps its place).
  for (uint64_t i = 0; i < parts; ++i) {
    Frame& fr = frames_[head + i * m];
    fr.used = true;
    fr.tail = false;
    fr.order = static_cast<uint8_t>(sub);
    fr.referenced = whole.referenced;
    fr.dirty = whole.dirty;
    fr.maps.clear();
    for (const Mapping& mp : whole.maps) fr.maps.push_back({mp.pid, mp.vpn + i * m, sub});
    if (i) resident_.push_back(static_cast<uint32_t>(head + i * m));
  }
  ++stats_.huge_splits[level];
}

void Kernel::split_to_base(Process& p, uint64_t vpn) {
  while (const HugeMap* h = huge_at(p, vpn)) split_block(h->frame);
}

bool Kernel::huge_fault_resident(Process& p, Vma& v, uint64_t vpn, Access acc) {
  uint64_t head = 0;
  const HugeMap* h = huge_at(p, vpn, &head);
  if (acc == Access::Store && h->cow) {
    // Copy-on-write: split down to 4 KiB pages (in every process mapping the block) and
    // copy only the page written, as Linux does for anonymous huge pages.
    split_to_base(p, vpn);
    return cow_break(p, v, vpn);
  }
  const uint64_t pte = pte_of(p, head, h->level);
  if (!cfg_.hw_ad && needs_ad_update(pte & kA, pte & kD, acc)) {  // Svade: the kernel sets A/D
    write_pte_of(p, head, pte | kA | (acc == Access::Store ? kD : 0), h->level);
    fence_page(p, head);  // a leaf changed: rs1 = a VA in it, rs2 = the ASID
    ++stats_.faults_ad;
    return true;
  }
  integrity_error_ = "page fault at " + hex(vpn << kPageShift) + " (pid " + std::to_string(p.pid) +
                     ") in a huge page that the kernel cannot explain: PTE " + hex(pte);
  return false;
}

void Kernel::fork_huge(Process& par, Process& child, bool& parent_changed) {
  for (auto& [head, h] : par.huge) {
    const uint64_t pte = pte_of(par, head, h.level);
    h.cow = true;
    if (pte & kW) {
      write_pte_of(par, head, pte & ~kW, h.level);  // both read-only: the first store splits and copies
      parent_changed = true;
    }
    frames_[h.frame].maps.push_back({child.pid, head, h.level});
    child.huge[head] = HugeMap{h.level, h.frame, true};
    child.pt->map(head << kPageShift, h.level, frame_base_ppn_ + h.frame, (pte & ~(kW | kD)) | kV);
    if (pte & kD) frames_[h.frame].dirty = true;
  }
}

unsigned Kernel::collapse(int pid) {
  Process& p = proc(pid);
  if (!cfg_.huge_pages) return 0;
  const uint64_t n = block_frames(1);
  unsigned made = 0;
  for (size_t i = 0; i < p.vmas.size(); ++i) {
    Vma& v = p.vmas[i];
    if (v.shared || v.backing != Backing::Anon) continue;
    const uint64_t vs = v.start >> kPageShift, ve = vs + v.pages;
    for (uint64_t head = (vs + n - 1) / n * n; head + n <= ve; head += n)
      if (collapse_range(p, v, head)) ++made;
  }
  return made;
}

bool Kernel::collapse_range(Process& p, Vma& v, uint64_t head) {
  const uint64_t n = block_frames(1);
  if (huge_at(p, head)) return false;
  // Every page of the range this process's own (no copy-on-write sharing), none in swap,
  // and most of them resident (the rest are zero pages never touched).
  uint64_t resident = 0;
  for (auto it = p.pages.lower_bound(head); it != p.pages.end() && it->first < head + n; ++it) {
    const VPage& vp = it->second;
    if (vp.state == PageState::Swapped) return false;
    if (vp.state != PageState::Resident) continue;
    const Frame& fr = frames_[vp.frame];
    if (fr.maps.size() != 1 || fr.order != 0) return false;
    ++resident;
  }
  if (resident < n / 2) return false;
  const std::optional<uint32_t> block = alloc_block(1);
  if (!block) return false;
  bool dirty = false;
  for (uint64_t i = 0; i < n; ++i) {
    auto it = p.pages.find(head + i);
    if (it == p.pages.end() || it->second.state != PageState::Resident) continue;  // stays zero
    const uint32_t f = it->second.frame;
    Frame& fr = frames_[f];
    copy_frame(static_cast<uint32_t>(*block + i), f);
    // The huge page is the only copy from now on: dirty if any part differs from zero
    // fill or from a swap copy about to be released.
    dirty = dirty || (pte_of(p, head + i) & kD) || fr.dirty || fr.slot;
    if (fr.slot) {
      swap_cache_.erase(*fr.slot);
      swap_release(*fr.slot);
    }
    resident_.erase(std::remove(resident_.begin(), resident_.end(), f), resident_.end());
    fr = Frame{};
    free_frames_.push_back(f);
  }
  p.pages.erase(p.pages.lower_bound(head), p.pages.lower_bound(head + n));
  uint64_t flags = kV | (v.perms & (kR | kW | kX | kU));
  if (!cfg_.hw_ad) flags |= kA;
  p.pt->map(head << kPageShift, 1, frame_base_ppn_ + *block, flags);  // the pointer becomes a leaf
  fence_asid(p);
  frames_[*block].dirty = dirty;
  frames_[*block].maps.push_back({p.pid, head, 1});
  p.huge[head] = HugeMap{1, *block, false};
  ++stats_.huge_collapses;
  return true;
}

}  // namespace mmu::os
