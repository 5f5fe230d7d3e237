#include "program_trace_workload.h"

#include <map>

#include "paging.h"

namespace mmu::os {

std::unique_ptr<TraceWorkload> TraceWorkload::open(const std::string& path, Build build, uint64_t limit,
                                                   std::string& error) {
  std::unique_ptr<TraceWorkload> w(new TraceWorkload());
  TraceInfo& info = w->info_;
  info.path = path;
  // Pass 1: check every record; note the use of every page of the part to play.
  std::map<uint64_t, uint64_t> pages;  // VPN -> R/W/X
  {
    TraceReader scan;
    if (!scan.open(path)) {
      error = scan.error();
      return nullptr;
    }
    info.records = scan.count();
    const uint64_t play = limit ? std::min(limit, scan.count()) : scan.count();
    uint64_t last_vpn = ~uint64_t{0}, last_bits = 0;
    TraceAccess a;
    while (scan.next(a)) {
      if (scan.done() > play) continue;  // checked, not played
      uint64_t bits = Pte::kR;
      switch (a.kind) {
        case TraceKind::Fetch: bits |= Pte::kX; ++info.fetches; break;
        case TraceKind::Load: ++info.loads; break;
        case TraceKind::Store: bits |= Pte::kW; ++info.stores; break;
        case TraceKind::Modify: bits |= Pte::kW; ++info.modifies; break;
      }
      const uint64_t vpn = a.va >> kPageShift;
      if (vpn == last_vpn && (last_bits | bits) == last_bits) continue;  // nothing new
      last_bits = pages[vpn] |= bits;
      last_vpn = vpn;
    }
    if (!scan.error().empty()) {
      error = scan.error();
      return nullptr;
    }
    info.bytes = scan.offset();
    info.played = play;
    info.pages = pages.size();
  }
  const Mode mode = build == Build::Rv32 ? Mode::Sv32 : Mode::Sv39;
  std::string why;
  if (!TraceLayout::fold(pages, mode, w->layout_, why)) {
    error = path + ": " + why;
    return nullptr;
  }
  w->limit_ = info.played;
  if (!w->reader_.open(path)) {  // pass 2, played as the run goes
    error = w->reader_.error();
    return nullptr;
  }
  return w;
}

void TraceWorkload::setup(Kernel& k, tb::Rng&) {
  const int pid = k.spawn();
  for (const TraceLayout::Area& a : layout_.areas()) k.mmap_anon(pid, a.pages, a.perms, a.va);
  k.switch_to(pid);
}

bool TraceWorkload::next(Kernel&, tb::Rng& rng, Request& r) {
  r = Request{};
  if (store_next_) {
    store_next_ = false;
    r.acc = Access::Store;
    r.va = modify_va_;
    r.value = rng.next();
    return true;
  }
  TraceAccess a;
  if (reader_.done() >= limit_ || !reader_.next(a)) return false;
  r.va = layout_.map(a.va);
  switch (a.kind) {
    case TraceKind::Fetch: r.acc = Access::Fetch; break;
    case TraceKind::Load: r.acc = Access::Load; break;
    case TraceKind::Store: r.acc = Access::Store; r.value = rng.next(); break;
    case TraceKind::Modify:
      r.acc = Access::Load;
      store_next_ = true;
      modify_va_ = r.va;
      break;
  }
  return true;
}

}  // namespace mmu::os
