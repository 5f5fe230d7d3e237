#include "coverage.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace mmu::tb {

namespace {

const char* kKinds[] = {"fetch", "load", "store", "amo"};
const char* kOutcome(bool fault, Cause c) {
  if (!fault) return "ok";
  return c == Cause::FetchAccess || c == Cause::LoadAccess || c == Cause::StoreAccess ? "access_fault" : "page_fault";
}
const char* priv_name(Priv p) { return p == Priv::U ? "U" : p == Priv::S ? "S" : "M"; }
const char* mode_name(Mode m) { return to_string(m); }
const char* kSizes[] = {"4K", "2M-4M", "1G", "512G", "256T"};
constexpr unsigned kLevels = 5;  // levels of the deepest mode, Sv57 (index mode * kLevels + level)
const Mode kPaged[] = {Mode::Sv32, Mode::Sv39, Mode::Sv48, Mode::Sv57};
unsigned level_slot(unsigned level) { return level < kLevels ? level : kLevels - 1; }
const WalkStop kStops[] = {WalkStop::Ok,       WalkStop::AccessFault,     WalkStop::Invalid,
                           WalkStop::Reserved, WalkStop::PointerLeafBits, WalkStop::PointerAtLevel0,
                           WalkStop::MisalignedSuperpage, WalkStop::Permission, WalkStop::AdFault,
                           WalkStop::PmpPte, WalkStop::PmpPa};
constexpr unsigned kStopKinds = sizeof(kStops) / sizeof(kStops[0]);  // the stop_ cache's stride
static_assert(kStopKinds == 11, "coverage.h sizes stop_ for 11 walk-stop kinds");

const char* const kPmpBins[] = {
    "PTE read denied at the root",
    "PTE read denied below the root",
    "PTE read denied: the entry matches part of the PTE",
    "A/D update denied",
    "PA denied: fetch",
    "PA denied: load",
    "PA denied: store",
    "PA denied: amo",
    "PA denied on an L1 hit",
    "PA denied on an L2 hit",
    "PA denied after a walk (the TLB still refilled)",
    "PA denied in Bare mode or M-mode",
    "M-mode denied by a locked entry",
    "M-mode allowed by an unlocked entry lacking the permission",
    "M-mode with no matching entry allowed",
    "S/U with no matching entry denied",
    "decided by a TOR entry",
    "decided by an NA4 entry",
    "decided by a NAPOT entry below entry 15",
    "denied by an entry with R=0 W=1 (W ignored)",
    "PMP view changed during a walk",
};

// A stop that cannot happen at that level by definition (not declared at all).
bool stop_exists(WalkStop s, unsigned level) {
  if (s == WalkStop::PointerAtLevel0) return level == 0;
  if (s == WalkStop::MisalignedSuperpage) return level > 0;
  return true;
}

std::string stop_bin(Mode m, unsigned level, WalkStop s) {
  return std::string(mode_name(m)) + " level " + std::to_string(level) + " " + to_string(s);
}

unsigned size_slot(unsigned entries) {  // 4 -> 0, 8 -> 1, ..., 128 -> 5
  unsigned slot = 0;
  while ((4u << slot) < entries && slot < 5) ++slot;
  return slot;
}

std::string entry_bin(unsigned e, unsigned n) { return "entry " + std::to_string(e) + " of " + std::to_string(n); }

const char* size_name(Mode m, unsigned level) { return m == Mode::Sv32 && level == 1 ? "4M" : kSizes[level_slot(level)]; }

// The canonical boundaries a VA can sit next to, per mode: the page names of the bins.
const char* kBoundaries[] = {"page 0", "last page of the lower half", "first page of the upper half",
                             "last page of the address space", "first non-canonical page above the lower half",
                             "last non-canonical page below the upper half"};

// Which boundary page `va` is on in mode m (-1: none).
int boundary_of(Mode m, uint64_t va) {
  const uint64_t page = va >> kPageShift;
  if (m == Mode::Sv32) {
    if (page == 0) return 0;
    return page == (mask(32) >> kPageShift) ? 3 : -1;
  }
  const uint64_t half = uint64_t{1} << (geometry(m).va_bits - 1);
  if (page == 0) return 0;
  if (page == (half >> kPageShift) - 1) return 1;
  if (page == ((~half + 1) >> kPageShift)) return 2;
  if (page == (~uint64_t{0} >> kPageShift)) return 3;
  if (page == (half >> kPageShift)) return 4;
  if (page == ((~half + 1) >> kPageShift) - 1) return 5;
  return -1;
}

int popcount(uint64_t v) {
  int n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

unsigned lowest_bit(uint64_t v) {
  unsigned k = 0;
  while (!((v >> k) & 1)) ++k;
  return k;
}

constexpr uint64_t k4G = uint64_t{1} << 32;

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

}  // namespace

const std::vector<unsigned>& Coverage::all_tlb_sizes() {
  static const std::vector<unsigned> sizes{4, 8, 16, 32, 64, 128};
  return sizes;
}

void Coverage::declare(const std::string& group, const std::string& name, Goal goal) {
  bins_.push_back({group, name, goal.hits ? goal.hits : 1, ""});
}

void Coverage::declare(const std::string& group, const std::string& name, const Unreachable& why) {
  bins_.push_back({group, name, 0, why.why});
}

Coverage::Coverage(const std::vector<unsigned>& tlb_sizes) {
  // A reachable bin, or an unreachable one when `why` is not empty.
  const auto bin = [&](const std::string& group, const std::string& name, const std::string& why, Goal goal = Goal{kGoal}) {
    if (why.empty()) declare(group, name, goal);
    else declare(group, name, Unreachable{why});
  };
  // Access kind x privilege x outcome.
  for (const char* k : kKinds)
    for (const char* p : {"U", "S", "M"})
      for (const char* o : {"ok", "page_fault", "access_fault"})
        bin("access", std::string(k) + " " + p + " " + o,
            std::string(p) == "M" && std::string(o) == "page_fault" ? "M-mode does not translate: no page fault" : "");
  declare("bare", "VA above the PA width: access fault (rv64)");
  declare("bare", "VA within the PA width");
  declare("bare", "privilege encoding 2 (behaves as M)");
  // Permission cross: kind x U/S x SUM x MXR x outcome, translated accesses only.
  for (const char* k : kKinds)
    for (const char* p : {"U", "S"})
      for (int sum = 0; sum < 2; ++sum)
        for (int mxr = 0; mxr < 2; ++mxr)
          for (const char* o : {"ok", "page_fault"})
            declare("permission", std::string(k) + " " + p + " sum=" + std::to_string(sum) + " mxr=" +
                                      std::to_string(mxr) + " " + o);
  // Page size per mode x TLB path x outcome (the level where the translation ended).
  for (Mode m : kPaged)
    for (unsigned l = 0; l < kLevels; ++l)
      for (const char* path : {"hit", "walk"})
        for (const char* o : {"ok", "page_fault"})
          bin("page size", std::string(mode_name(m)) + " " + size_name(m, l) + " " + path + " " + o,
              l >= geometry(m).levels ? std::string(mode_name(m)) + " has no level " + std::to_string(l) : "");
  // Why a walk stopped x the level it stopped at, per mode (a level-0 pointer and a
  // misaligned 4 KiB page do not exist, so they are not bins).
  for (Mode m : kPaged)
    for (unsigned l = geometry(m).levels; l-- > 0;)
      for (WalkStop st : kStops)
        if (stop_exists(st, l))
          bin("walk stop", stop_bin(m, l, st),
              m == Mode::Sv32 && st == WalkStop::Reserved ? "Sv32 PTEs have no reserved bits"
                                                          : "",
              // A leaf at the root is a 4 MiB/1 GiB/512 GiB/256 TiB page the random tables map rarely;
              // a valid non-leaf with no A/D/U at level 0 needs an edit that clears R, W and X.
              // PMP denying the PA of a 1 GiB or larger page needs an entry over a random
              // superpage frame: rare in the "pmp" test.
              Goal{st == WalkStop::PointerAtLevel0 || (st == WalkStop::PmpPa && l >= 2) ? 3 : kGoal});
  for (const char* p : {"bare", "non-canonical", "hit", "miss", "dirty-rewalk", "l2-hit"}) declare("tlb path", p);
  // The second level: L2 hits per mode and page size, how an L1 miss was answered, the
  // level a walk started at from the walk cache, sfences against each structure.
  for (Mode m : kPaged)
    for (unsigned l = 0; l < kLevels; ++l)
      bin("l2 tlb", std::string(mode_name(m)) + " " + size_name(m, l) + " hit",
          l >= geometry(m).levels ? std::string(mode_name(m)) + " has no level " + std::to_string(l) : "",
          Goal{l >= 2 ? 3 : kGoal});
  for (const char* c : {"hit refills the L1", "hit, L1 refill cancelled by an sfence", "hit faults",
                        "dirty entry dropped (Svadu), walk", "miss, walk", "walk refills L1 and L2"})
    declare("l2 tlb", c);
  for (Mode m : kPaged)
    for (unsigned l = 0; l + 1 < kLevels; ++l)
      bin("walk cache", std::string(mode_name(m)) + " walk starts at level " + std::to_string(l),
          l + 1 >= geometry(m).levels ? "below the root only" : "");
  // PMP (DESIGN.md "PMP"): one bin per rule and per use in the MMU.
  for (const char* b : kPmpBins) declare("pmp", b);
  declare("walk cache", "walk starts at the root (no pointer cached)");
  declare("walk cache", "pointer cached");
  for (const char* k : {"all", "va", "asid", "va+asid"}) {
    const std::string kind = k;
    const bool va = kind == "va" || kind == "va+asid";
    declare("sfence x structure", kind + " removes L2 entries");
    bin("sfence x structure", kind + " removes walk-cache pointers",
        va ? "a fence with rs1 orders leaf PTEs only: pointers stay (spec, SFENCE.VMA)" : "");
    bin("sfence x structure", kind + " keeps walk-cache pointers", kind == "all" ? "a fence without operands removes every pointer" : "");
  }
  declare("sfence x structure", "asid spares global walk-cache pointers", Goal{3});
  // Hits per TLB entry, for every TLB size of the regression. A 128-entry L1 runs the
  // stress profile only, and its hits spread over 8x the entries of a 16-entry one (with
  // the large L2 behind it answering most misses): a goal of 5 per entry there.
  for (unsigned n : tlb_sizes)
    for (unsigned e = 0; e < n; ++e) declare("tlb entry", entry_bin(e, n), Goal{n == 128 ? 5 : kGoal});
  // Lookups against several entries: more than one match, matches across ASIDs.
  declare("tlb match", "2 entries match");
  declare("tlb match", "several match, the lowest-numbered is the smaller page");
  declare("tlb match", "several match, the lowest-numbered is the larger page");
  declare("tlb match", "global entry hit under another ASID");
  declare("tlb match", "same page cached under two ASIDs");
  declare("tlb match", "lookup while the page is cached under another ASID");
  // An entry of the looked-up page whose ASID differs from satp.ASID in one bit only: the
  // lookup must compare that bit (every bit of both builds).
  for (unsigned k = 0; k < 9; ++k) declare("asid one bit", "rv32 ASID bit " + std::to_string(k));
  for (unsigned k = 0; k < 16; ++k) declare("asid one bit", "rv64 ASID bit " + std::to_string(k));
  // A/D under both policies.
  declare("a/d", "svade walk A=0 faults");
  declare("a/d", "svade walk store D=0 faults");
  declare("a/d", "svade hit store D=0 faults");
  declare("a/d", "svade hit A=0 faults",
          Unreachable{"entries are cached only with A=1: Svade never caches A=0, Svadu writes A first"});
  declare("a/d", "svadu walk writes A");
  declare("a/d", "svadu walk writes A and D");
  declare("a/d", "svadu dirty re-walk");
  declare("a/d", "svadu no write on another fault with A=0");
  declare("a/d", "svadu A/D write bus error");
  // sfence kinds x what they removed or spared.
  for (const char* k : {"all", "va", "asid", "va+asid"}) {
    const std::string kind = k;
    const bool asid = kind == "asid" || kind == "va+asid";
    bin("sfence", kind + " removes global", asid ? "an ASID fence spares global entries" : "");
    declare("sfence", kind + " removes non-global");
    declare("sfence", kind + " removes superpage");
    bin("sfence", kind + " spares global", asid ? "" : "only a fence with an ASID spares global entries");
  }
  declare("sfence", "va not canonical: no-op");
  // sfence kind x page size x entry kind of what it removed.
  for (const char* k : {"all", "va", "asid", "va+asid"})
    for (const char* g : {"global", "non-global"})
      for (unsigned l = 0; l < kLevels; ++l) {
        const std::string kind = k;
        const bool asid = kind == "asid" || kind == "va+asid";
        bin("sfence x page", kind + " removes " + g + " " + kSizes[l],
            asid && std::string(g) == "global" ? "an ASID fence spares global entries" : "",
            // 512 GiB pages are a few per Sv48/Sv57 space, 256 TiB pages a few per Sv57
            // space; global 1 GiB pages a few per run.
            Goal{l >= 3 || (l == 2 && std::string(g) == "global") ? 3 : kGoal});
      }
  // Walk errors per level.
  for (unsigned l = 0; l < kLevels; ++l) {
    // Level 4 is the Sv57 root: a few per regression.
    declare("walk error", "bus error reading level " + std::to_string(l), Goal{l == 4 ? 3 : kGoal});
    // Level 2 outside RAM: an Sv48 root pointer to a table outside RAM, or an Sv39 root
    // outside RAM (scenario 18): a few per regression; level 4: an Sv57 root outside RAM.
    declare("walk error", "PTE outside RAM at level " + std::to_string(l), Goal{l == 2 || l == 4 ? 3 : kGoal});
  }
  // The address space: where the RAM window, the tables and the VAs sit.
  for (const char* w : {"the default window", "window above 4 GiB", "window across 2^32",
                        "window ending at the top of the PA space", "window of 4 MiB or less"})
    declare("address space", std::string("walk in ") + w);
  for (const char* b : {"rv32", "rv64"}) {
    declare("address space", std::string(b) + " root table above 4 GiB");
    declare("address space", std::string(b) + " PTE read above 4 GiB");
    declare("address space", std::string(b) + " translated PA above 4 GiB");
  }
  for (Mode m : kPaged)
    for (unsigned i = 0; i < 6; ++i)
      bin("va boundary", std::string(mode_name(m)) + " " + kBoundaries[i],
          m == Mode::Sv32 && i != 0 && i != 3 ? "Sv32 VAs are the whole 32-bit space: no halves" : "");
  // Timing corners (sampled by the bench).
  for (const char* t : {"back-pressure during a walk", "memory latency > 1", "request waits for a walk",
                        "sfence during a walk", "request and sfence accepted together", "back-to-back hits",
                        "reset during a walk", "reset during a hit burst", "sfences at consecutive edges",
                        "sfences at consecutive edges during a walk"})
    declare("timing", t);
  // The walker's state x back-pressure on its memory request x reset.
  for (const char* s : {"presenting a PTE read", "presenting the A/D update"})
    for (const char* r : {", accepted", ", back-pressured"}) declare("walker", std::string(s) + r);
  for (const char* s : {"presenting a PTE read", "presenting the A/D update"})
    for (const char* r : {", memory ready", ", back-pressured"})
      declare("walker", std::string("reset while ") + s + r, Goal{3});
  for (const char* s : {"idle", "idle, a response due", "awaiting a PTE read", "awaiting the A/D update",
                        "draining a killed walk"})
    declare("walker", std::string("reset while ") + s, Goal{3});
  declare("walker", "reset while looking up the L2 TLB", Goal{3});
  // Kill in every walker state (sampled by the scoreboard and the bench).
  for (const char* s : {"presenting a PTE read", "presenting the A/D update"})
    for (const char* w : {", accepted at the kill edge", ", withdrawn"}) declare("kill", std::string(s) + w);
  for (const char* s : {"awaiting a PTE read's response", "awaiting the A/D update's response"})
    for (const char* w : {", response at the kill edge", ", drained later"}) declare("kill", std::string(s) + w);
  declare("kill", "kill with no walk in flight");
  declare("kill", "in the L2 lookup cycle");
  declare("kill", "instruction port's walk killed");
  for (const char* p : {"data", "fetch"})
    declare("kill", std::string(p) + " port's miss killed while waiting for the walker");
  // Two ports sharing the walker: concurrency, arbitration, and the two L1s against each
  // other and the L2 (neither L1 includes the other; the L2 holds what either walked).
  declare("ports", "both ports accept at one edge");
  declare("ports", "both ports answer at one edge");
  for (const char* p : {"data", "fetch"}) {
    declare("ports", std::string(p) + " port accepts while the other port's walk is in flight");
    declare("arbiter", std::string(p) + " port's miss waited for the walker");
    declare("arbiter", std::string("both ports missed, ") + p + " port first");
    declare("ports", std::string(p) + " port's L2 hit on a page the other port's L1 holds");
  }
  declare("ports", "a page in both ports' L1s");
  declare("ports", "sfence removes entries from both L1s");
  declare("sfence", "instruction port's L1 entries removed");
  declare("sfence race", "sfence while an L1 miss waits for the walker");
  // satp.MODE changed while the TLB holds entries; hits on entries filled under another mode.
  for (const char* t : {"sv32 to bare", "bare to sv32", "sv39 to sv48", "sv48 to sv39", "sv39 to bare", "sv48 to bare",
                        "bare to sv39", "bare to sv48", "sv39 to sv57", "sv57 to sv39", "sv48 to sv57",
                        "sv57 to sv48", "sv57 to bare", "bare to sv57"})
    declare("mode switch", std::string(t) + " with live entries");
  for (const char* a : {"sv39", "sv48", "sv57"})
    for (const char* b : {"sv39", "sv48", "sv57"})
      if (std::string(a) != b)
        declare("mode switch", std::string("hit under ") + a + " on an entry filled under " + b);
  // Races with a walk in flight: the atomic A/D update, sfences, CSR changes.
  declare("atomic a/d", "update failed, walk restarted");
  declare("atomic a/d", "update succeeded");
  declare("sfence race", "walk answered, refill cancelled by an sfence");
  declare("csr race", "CSR changed during a walk");
  // Every value of the (4-bit) request ID comes back on a response.
  for (unsigned i = 0; i < 16; ++i) declare("request id", "response with id " + std::to_string(i));
  // PLRU victims of a full TLB (8- and 16-entry builds).
  for (unsigned n : {8u, 16u})
    for (unsigned i = 0; i < n; ++i) declare("plru victim", entry_bin(i, n));
  // Stale translations: a hit that a fresh walk would answer differently, and why.
  // Svnapot and Svpbmt (rv64): each rule of DESIGN.md on the paths that apply it.
  for (const char* p : {"walk", "L1 hit", "L2 hit"}) declare("svnapot", std::string("64 KiB page translated by ") + p);
  declare("svnapot", "L1 hit on another 4 KiB page of the 64 KiB than the one walked");
  for (const char* r : {"N=1 with PPN[3:0] other than 1000", "N=1 in a leaf above level 0", "N=1 in a pointer"})
    declare("svnapot", std::string("reserved: ") + r);
  declare("svnapot", "sfence with a VA removes a 64 KiB entry");
  for (const char* t : {"NC", "IO"})
    for (const char* p : {"walk", "L1 hit", "L2 hit"}) declare("svpbmt", std::string("PBMT ") + t + " from " + p);
  for (const char* r : {"PBMT=3 in a leaf", "PBMT in a pointer", "PBMT with menvcfg.PBMTE=0"})
    declare("svpbmt", std::string("reserved: ") + r);
  declare("svpbmt", "PBMTE changed during a walk");
  declare("stale", "hit agrees with a fresh walk");
  declare("stale", "hit uses a stale translation");
  for (const char* c : {"PTE invalidated since the fill", "permissions reduced since the fill",
                        "A/D cleared since the fill (Svade)", "other page fault now (reserved, misaligned, pointer)",
                        "access fault now (bus error, table outside RAM)", "remapped to another frame",
                        "entry refuses, a walk would allow"})
    declare("stale cause", c);
}

void Coverage::hit(const std::string& group, const std::string& name) { ++counts_[group + "/" + name]; }

void Coverage::response_id(unsigned id) {
  bump(id_, id & 15, [&] { return "request id/response with id " + std::to_string(id & 15); });
}

void Coverage::translation(Build build, const CsrView& csrs, Access acc, const Outcome& o, const SparseMemory& mem,
                           unsigned tlb_entries, bool stale, bool shadow_checked) {
  const unsigned k = static_cast<unsigned>(acc);
  const char* kind = kKinds[k];
  const unsigned outcome = !o.fault ? 0 : kOutcome(o.fault, o.cause)[0] == 'p' ? 1 : 2;  // ok, page, access
  const unsigned priv = csrs.priv == Priv::U ? 0 : csrs.priv == Priv::S ? 1 : 2;
  const std::string out = kOutcome(o.fault, o.cause);
  bump(access_, (k * 3 + priv) * 3 + outcome,
       [&] { return "access/" + std::string(kind) + " " + priv_name(csrs.priv) + " " + out; });
  bump(path_, static_cast<unsigned>(o.path), [&] { return std::string("tlb path/") + to_string(o.path); });
  const bool translated = o.path != Path::Bare && o.path != Path::NonCanonical;
  if (translated && outcome != 2) {
    bump(perm_, (((k * 2 + priv) * 2 + csrs.sum) * 2 + csrs.mxr) * 2 + outcome, [&] {
      return "permission/" + std::string(kind) + " " + priv_name(csrs.priv) + " sum=" + std::to_string(csrs.sum) +
             " mxr=" + std::to_string(csrs.mxr) + " " + out;
    });
    const unsigned mode = static_cast<unsigned>(csrs.mode), level = level_slot(o.stop_level);
    if (o.path != Path::L2Hit) bump(size_, ((mode * kLevels + level) * 2 + (o.path == Path::Hit)) * 2 + outcome, [&] {
      const std::string size = csrs.mode == Mode::Sv32 && level == 1 ? "4M" : kSizes[level];
      return "page size/" + std::string(mode_name(csrs.mode)) + " " + size + " " + (o.path == Path::Hit ? "hit" : "walk") +
             " " + out;
    });
  }
  // The second level.
  if (o.path == Path::L2Hit) {
    bump(l2_size_, static_cast<unsigned>(csrs.mode) * kLevels + level_slot(o.stop_level), [&] {
      return "l2 tlb/" + std::string(mode_name(csrs.mode)) + " " + size_name(csrs.mode, o.stop_level) + " hit";
    });
    if (o.fault) hit("l2 tlb", "hit faults");
    else if (o.fill_cancelled) hit("l2 tlb", "hit, L1 refill cancelled by an sfence");
    else if (o.entry >= 0) hit("l2 tlb", "hit refills the L1");
  } else if (o.walked()) {
    hit("l2 tlb", o.path == Path::DirtyRewalk && o.l2 ? "dirty entry dropped (Svadu), walk" : "miss, walk");
    if (!o.fault && o.entry >= 0) hit("l2 tlb", "walk refills L1 and L2");
    if (o.walk_cache_level >= 0)
      bump(pwc_level_, static_cast<unsigned>(csrs.mode) * kLevels + level_slot(static_cast<unsigned>(o.walk_cache_level)), [&] {
        return "walk cache/" + std::string(mode_name(csrs.mode)) + " walk starts at level " +
               std::to_string(o.walk_cache_level);
      });
    else if (o.accesses.count) hit("walk cache", "walk starts at the root (no pointer cached)");
    if (o.walk_cache_fills) hit("walk cache", "pointer cached");
  }
  // Why the walk stopped, at which level.
  if (o.walked()) {
    const unsigned mode = static_cast<unsigned>(csrs.mode), st = static_cast<unsigned>(o.stop), level = level_slot(o.stop_level);
    bump(stop_, (mode * kStopKinds + st) * kLevels + level,
         [&] { return "walk stop/" + stop_bin(csrs.mode, level, o.stop); });
    const BuildInfo bi = build_info(build);
    const RamWindow& w = csrs.ram;
    const uint64_t top = uint64_t{1} << bi.pa_bits;
    if (w.base == RamWindow{}.base && w.size == RamWindow{}.size) hit("address space", "walk in the default window");
    if (w.base >= k4G) hit("address space", "walk in window above 4 GiB");
    if (w.base < k4G && w.base + w.size > k4G) hit("address space", "walk in window across 2^32");
    if (w.base + w.size == top) hit("address space", "walk in window ending at the top of the PA space");
    if (w.size <= (uint64_t{4} << 20)) hit("address space", "walk in window of 4 MiB or less");
    const std::string b = build == Build::Rv32 ? "rv32" : "rv64";
    if ((csrs.root_ppn << kPageShift) >= k4G) hit("address space", b + " root table above 4 GiB");
    for (unsigned i = 0; i < o.accesses.count; ++i)
      if (o.accesses[i].pa >= k4G) {
        hit("address space", b + " PTE read above 4 GiB");
        break;
      }
  }
  if (translated && !o.fault && o.paddr >= k4G)
    hit("address space", std::string(build == Build::Rv32 ? "rv32" : "rv64") + " translated PA above 4 GiB");
  // Svnapot and Svpbmt.
  if (translated && !o.fault) {
    const char* by = o.path == Path::Hit ? "L1 hit" : o.path == Path::L2Hit ? "L2 hit" : "walk";
    if (o.napot) hit("svnapot", std::string("64 KiB page translated by ") + by);
    if (o.pbmt != Pbmt::Pma) hit("svpbmt", std::string("PBMT ") + (o.pbmt == Pbmt::Nc ? "NC" : "IO") + " from " + by);
  }
  if (o.walked() && o.stop == WalkStop::Reserved && o.accesses.count) {
    // The PTE the walk stopped at, as read (its last access).
    const BuildInfo bi = build_info(build);
    const Pte pte{mem.peek(o.accesses[o.accesses.count - 1].pa, bi.pte_bytes)};
    switch (pte.reserved_use(bi, csrs.pbmte, true, o.stop_level)) {
      case ReservedUse::NapotEncoding: hit("svnapot", "reserved: N=1 with PPN[3:0] other than 1000"); break;
      case ReservedUse::NapotAboveLevel0: hit("svnapot", "reserved: N=1 in a leaf above level 0"); break;
      case ReservedUse::NInPointer: hit("svnapot", "reserved: N=1 in a pointer"); break;
      case ReservedUse::PbmtValue3: hit("svpbmt", "reserved: PBMT=3 in a leaf"); break;
      case ReservedUse::PbmtInPointer: hit("svpbmt", "reserved: PBMT in a pointer"); break;
      case ReservedUse::PbmtUnimplemented: hit("svpbmt", "reserved: PBMT with menvcfg.PBMTE=0"); break;
      default: break;
    }
  }
  // Hits per TLB entry.
  if (o.path == Path::Hit && o.entry >= 0 && tlb_entries >= 4 && tlb_entries <= 128)
    bump(entry_, size_slot(tlb_entries) * 128 + static_cast<unsigned>(o.entry),
         [&] { return "tlb entry/" + entry_bin(static_cast<unsigned>(o.entry), tlb_entries); });
  if (o.path == Path::Bare) bump(bare_, o.fault, [&] {
      return std::string("bare/") + (o.fault ? "VA above the PA width: access fault (rv64)" : "VA within the PA width");
    });
  sample_pmp(csrs, acc, o);
  // A/D.
  const bool wrote = o.accesses.count && o.accesses[o.accesses.count - 1].write;
  if (wrote && o.accesses[o.accesses.count - 1].swapped) hit("atomic a/d", "update succeeded");
  if (o.stop == WalkStop::AdFault) {
    if (!o.walked()) hit("a/d", writes(acc) ? "svade hit store D=0 faults" : "svade hit A=0 faults");
    else {
      const uint64_t leaf = mem.peek(o.accesses[o.accesses.count - 1].pa, build_info(build).pte_bytes);
      hit("a/d", (leaf & Pte::kA) ? "svade walk store D=0 faults" : "svade walk A=0 faults");
    }
  }
  if (wrote) {
    if (o.accesses[o.accesses.count - 1].err) hit("a/d", "svadu A/D write bus error");
    else hit("a/d", writes(acc) ? "svadu walk writes A and D" : "svadu walk writes A");
  }
  if (o.path == Path::DirtyRewalk) hit("a/d", "svadu dirty re-walk");
  if (csrs.ad == AdPolicy::Hw && o.fault && o.walked() && o.stop != WalkStop::AccessFault && o.accesses.count) {
    const MemAccess& last = o.accesses[o.accesses.count - 1];
    const Pte leaf{mem.peek(last.pa, build_info(build).pte_bytes)};
    if (!last.write && leaf.v() && leaf.is_leaf() && !leaf.a()) hit("a/d", "svadu no write on another fault with A=0");
  }
  // Walk errors.
  if (o.walked() && o.stop == WalkStop::AccessFault) {
    const bool bus = o.accesses.count && o.accesses[o.accesses.count - 1].err && !o.accesses[o.accesses.count - 1].write;
    hit("walk error", std::string(bus ? "bus error reading level " : "PTE outside RAM at level ") + std::to_string(o.stop_level));
  }
  // PLRU victims.
  if (o.replaced && (tlb_entries == 8 || tlb_entries == 16))
    bump(victim_, (tlb_entries == 16) * 16 + static_cast<unsigned>(o.entry), [&] {
      return "plru victim/entry " + std::to_string(o.entry) + " of " + std::to_string(tlb_entries);
    });
  if (shadow_checked)
    bump(stale_, stale, [&] { return std::string("stale/") + (stale ? "hit uses a stale translation" : "hit agrees with a fresh walk"); });
}

// PMP: which rule decided, for which use. (For a walk, `o.pmp` is the result of the check
// itself, whatever view the translation was accepted under.)
void Coverage::sample_pmp(const CsrView& csrs, Access acc, const Outcome& o) {
  const PmpResult& r = o.pmp;
  if (o.stop == WalkStop::PmpPte) {
    if (o.pmp_update) hit("pmp", "A/D update denied");
    else hit("pmp", geometry(csrs.mode).levels == o.stop_level + 1 ? "PTE read denied at the root"
                                                                   : "PTE read denied below the root");
    if (r.partial) hit("pmp", "PTE read denied: the entry matches part of the PTE");
  }
  if (o.stop == WalkStop::PmpPa) {
    static const char* const kKind[] = {"PA denied: fetch", "PA denied: load", "PA denied: store", "PA denied: amo"};
    hit("pmp", kKind[static_cast<unsigned>(acc) & 3]);
    if (o.path == Path::Hit) hit("pmp", "PA denied on an L1 hit");
    else if (o.path == Path::L2Hit) hit("pmp", "PA denied on an L2 hit");
    else if (o.walked()) hit("pmp", "PA denied after a walk (the TLB still refilled)");
    else if (o.path == Path::Bare) hit("pmp", "PA denied in Bare mode or M-mode");
  }
  const bool checked = o.stop == WalkStop::PmpPte || o.stop == WalkStop::PmpPa || (!o.fault && o.path != Path::NonCanonical);
  if (!checked || csrs.pmp.entries == 0) return;
  const bool m = csrs.priv != Priv::S && csrs.priv != Priv::U && o.stop != WalkStop::PmpPte;
  if (r.entry < 0) {
    hit("pmp", m ? "M-mode with no matching entry allowed" : "S/U with no matching entry denied");
    return;
  }
  const PmpMode mode = pmp_mode(r.cfg);
  if (mode == PmpMode::Tor) hit("pmp", "decided by a TOR entry");
  else if (mode == PmpMode::Na4) hit("pmp", "decided by an NA4 entry");
  else if (mode == PmpMode::Napot && r.entry < 15) hit("pmp", "decided by a NAPOT entry below entry 15");
  if (r.partial) return;
  const bool need_w = o.stop == WalkStop::PmpPte ? o.pmp_update : writes(acc);
  if (!r.allowed && need_w && (r.cfg & kPmpW) && !(r.cfg & kPmpR)) hit("pmp", "denied by an entry with R=0 W=1 (W ignored)");
  if (m && (r.cfg & kPmpL) && !r.allowed) hit("pmp", "M-mode denied by a locked entry");
  if (m && !(r.cfg & kPmpL) && r.allowed) {
    const bool has = acc == Access::Fetch ? (r.cfg & kPmpX) : acc == Access::Load ? (r.cfg & kPmpR)
                                                                                  : (r.cfg & kPmpR) && (r.cfg & kPmpW);
    if (!has) hit("pmp", "M-mode allowed by an unlocked entry lacking the permission");
  }
}

void Coverage::lookup(Build build, const CsrView& csrs, uint64_t va, const Tlb& tlb, const std::vector<Mode>& fill_mode) {
  const BuildInfo bi = build_info(build);
  const uint32_t asid = csrs.asid & static_cast<uint32_t>(mask(bi.asid_bits));
  const int b = boundary_of(csrs.mode, va);
  if (b >= 0) hit("va boundary", std::string(mode_name(csrs.mode)) + " " + kBoundaries[b]);
  if (!is_canonical(csrs.mode, va)) return;
  unsigned matches = 0, smallest = 4;
  int first = -1;
  bool other_asid = false;
  for (unsigned i = 0; i < tlb.size(); ++i) {
    const TlbEntry& e = tlb.entry(i);
    if (!e.valid || !tlb.covers(e, va)) continue;
    if (e.leaf.global || e.asid == asid) {
      // The entry that answers is a NAPOT one walked through another page of its 64 KiB.
      if (first < 0 && e.leaf.napot && ((vpn_tag(bi, va) ^ e.leaf.vpn) & mask(kNapotBits)))
        hit("svnapot", "L1 hit on another 4 KiB page of the 64 KiB than the one walked");
      if (first < 0) first = static_cast<int>(i);
      ++matches;
      smallest = std::min(smallest, e.leaf.level);
      continue;
    }
    other_asid = true;
    const uint32_t diff = e.asid ^ asid;
    if (popcount(diff) == 1)
      hit("asid one bit", std::string(build == Build::Rv32 ? "rv32" : "rv64") + " ASID bit " +
                              std::to_string(lowest_bit(diff)));
  }
  if (other_asid) hit("tlb match", "lookup while the page is cached under another ASID");
  if (matches == 2) hit("tlb match", "2 entries match");
  if (first < 0) return;
  const TlbEntry& e = tlb.entry(static_cast<unsigned>(first));
  if (matches >= 2)
    hit("tlb match", e.leaf.level == smallest ? "several match, the lowest-numbered is the smaller page"
                                              : "several match, the lowest-numbered is the larger page");
  if (e.leaf.global && e.asid != asid) hit("tlb match", "global entry hit under another ASID");
  const Mode filled = static_cast<size_t>(first) < fill_mode.size() ? fill_mode[first] : csrs.mode;
  if (filled != csrs.mode && filled != Mode::Bare)
    hit("mode switch", std::string("hit under ") + mode_name(csrs.mode) + " on an entry filled under " + mode_name(filled));
}

void Coverage::refill(const Tlb& tlb, unsigned e) {
  const TlbEntry& n = tlb.entry(e);
  if (n.leaf.global) return;
  for (unsigned i = 0; i < tlb.size(); ++i) {
    const TlbEntry& o = tlb.entry(i);
    if (i == e || !o.valid || o.leaf.global || o.asid == n.asid || o.leaf.level != n.leaf.level) continue;
    if (o.leaf.vpn == n.leaf.vpn || (tlb.covers(o, n.leaf.vpn << kPageShift) && tlb.covers(n, o.leaf.vpn << kPageShift))) {
      hit("tlb match", "same page cached under two ASIDs");
      return;
    }
  }
}

void Coverage::stale_hit(const Outcome& o, const WalkResult& w) {
  const char* why = nullptr;
  if (o.fault && !w.fault) why = "entry refuses, a walk would allow";
  else if (!o.fault && !w.fault) why = "remapped to another frame";
  else if (w.stop == WalkStop::Invalid) why = "PTE invalidated since the fill";
  else if (w.stop == WalkStop::Permission) why = "permissions reduced since the fill";
  else if (w.stop == WalkStop::AdFault) why = "A/D cleared since the fill (Svade)";
  else if (w.stop == WalkStop::AccessFault) why = "access fault now (bus error, table outside RAM)";
  else why = "other page fault now (reserved, misaligned, pointer)";
  hit("stale cause", why);
}

void Coverage::sfence(const SfenceOp& op, const SfenceEffect& fx, const std::vector<TlbEntry>& before, const Tlb& after) {
  if (fx.ignored) {
    hit("sfence", "va not canonical: no-op");
    return;
  }
  const std::string kind = op.va && op.asid ? "va+asid" : op.va ? "va" : op.asid ? "asid" : "all";
  if (fx.removed_global) hit("sfence", kind + " removes global");
  if (fx.removed_nonglobal) hit("sfence", kind + " removes non-global");
  if (fx.removed_superpage) hit("sfence", kind + " removes superpage");
  if (fx.spared_global) hit("sfence", kind + " spares global");
  if (fx.l2_removed) hit("sfence x structure", kind + " removes L2 entries");
  if (fx.walk_cache_removed) hit("sfence x structure", kind + " removes walk-cache pointers");
  if (fx.walk_cache_kept) hit("sfence x structure", kind + " keeps walk-cache pointers");
  if (fx.walk_cache_spared_global) hit("sfence x structure", "asid spares global walk-cache pointers");
  for (unsigned i = 0; i < before.size() && i < after.size(); ++i) {
    if (before[i].valid && !after.entry(i).valid && before[i].leaf.napot && op.va)
      hit("svnapot", "sfence with a VA removes a 64 KiB entry");
    if (before[i].valid && !after.entry(i).valid)
      hit("sfence x page", kind + " removes " + (before[i].leaf.global ? "global " : "non-global ") +
                               kSizes[level_slot(before[i].leaf.level)]);
  }
}

std::string Coverage::to_json(const CoverRun& run) const {
  nlohmann::json j;
  j["test"] = run.test;
  j["command"] = run.command;
  j["passed"] = run.passed;
  j["started_ms"] = run.started_ms;
  j["tlb_entries"] = run.tlb_entries;
  j["bins"] = nlohmann::json::object();
  for (const auto& [k, v] : counts_)
    if (v) j["bins"][k] = v;
  return j.dump(1);
}

bool parse_cover_run(const std::string& text, CoverRun& run, std::string& error) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    for (const char* field : {"test", "command", "passed", "started_ms", "tlb_entries", "bins"})
      if (!j.contains(field)) {
        error = std::string("not a coverage file of this mmu_sim: no \"") + field + "\"";
        return false;
      }
    run.test = j.at("test").get<std::string>();
    run.command = j.at("command").get<std::string>();
    run.passed = j.at("passed").get<bool>();
    run.started_ms = j.at("started_ms").get<uint64_t>();
    run.tlb_entries = j.at("tlb_entries").get<unsigned>();
    run.counts.clear();
    for (const auto& [k, v] : j.at("bins").items()) run.counts[k] = v.get<uint64_t>();
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

void Coverage::merge(const CoverRun& run) {
  for (const auto& [k, v] : run.counts) {
    if (!v) continue;
    counts_[k] += v;
    first_.emplace(k, run.test.empty() ? run.command : run.test);
  }
}

uint64_t Coverage::count(const CoverBin& b) const {
  auto it = counts_.find(b.key());
  return it == counts_.end() ? 0 : it->second;
}

unsigned Coverage::reachable() const {
  unsigned n = 0;
  for (const CoverBin& b : bins_) n += b.unreachable.empty();
  return n;
}

unsigned Coverage::covered() const {
  unsigned n = 0;
  for (const CoverBin& b : bins_) n += b.unreachable.empty() && count(b) > 0;
  return n;
}

unsigned Coverage::at_goal() const {
  unsigned n = 0;
  for (const CoverBin& b : bins_) n += b.unreachable.empty() && count(b) >= b.goal;
  return n;
}

std::vector<std::string> Coverage::undeclared() const {
  std::map<std::string, bool> declared;
  for (const CoverBin& b : bins_) declared[b.key()] = true;
  std::vector<std::string> v;
  for (const auto& [k, n] : counts_)
    if (n && !declared.count(k)) v.push_back(k);
  return v;
}

std::string Coverage::summary() const {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << at_goal() << " of " << reachable() << " reachable bins at goal ("
    << (reachable() ? 100.0 * at_goal() / reachable() : 0.0) << "%), " << covered() << " hit at least once, "
    << bins_.size() - reachable() << " unreachable";
  if (!undeclared().empty()) s << ", " << undeclared().size() << " sampled but not declared";
  return s.str();
}

std::string Coverage::text_report(const std::string& header) const {
  std::ostringstream s;
  s << "functional coverage: " << summary() << "\n" << header;
  s << "\n(each bin: hits/goal, then the first test that hit it; BELOW: hit, short of its goal)\n";
  std::string group;
  for (const CoverBin& b : bins_) {
    if (b.group != group) {
      group = b.group;
      s << "\n[" << group << "]\n";
    }
    const uint64_t n = count(b);
    if (!b.unreachable.empty()) {
      s << "  unreachable        " << b.name << "  -- " << b.unreachable << "\n";
      continue;
    }
    const std::string tally = std::to_string(n) + "/" + std::to_string(b.goal);
    s << (n >= b.goal ? "  ok     " : n ? "  BELOW  " : "  MISSED ") << tally << std::string(tally.size() < 11 ? 11 - tally.size() : 1, ' ')
      << b.name;
    auto f = first_.find(b.key());
    if (f != first_.end()) s << "  [first: " << f->second << "]";
    s << "\n";
  }
  const std::vector<std::string> extra = undeclared();
  if (!extra.empty()) {
    s << "\n[sampled but not declared: a typo, or a bin missing from Coverage::Coverage()]\n";
    for (const std::string& k : extra) s << "  " << k << "\n";
  }
  return s.str();
}

std::string Coverage::html_report(const std::string& header) const {
  std::ostringstream s;
  s << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rvmmu functional coverage</title>"
       "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:2px 8px}td.n{text-align:right}.hit{background:#dfd}"
       ".below{background:#ffd}.miss{background:#fdd}.un{background:#eee;color:#666}</style></head><body>"
    << "<h1>Functional coverage</h1><p>" << html_escape(summary()) << ".</p><pre>" << html_escape(header) << "</pre>";
  std::string group;
  for (const CoverBin& b : bins_) {
    if (b.group != group) {
      if (!group.empty()) s << "</table>";
      group = b.group;
      s << "<h2>" << html_escape(group)
        << "</h2><table><tr><th>bin</th><th>hits</th><th>goal</th><th>first test</th><th>note</th></tr>";
    }
    const uint64_t n = count(b);
    const bool un = !b.unreachable.empty();
    const char* cls = un ? "un" : n >= b.goal ? "hit" : n ? "below" : "miss";
    auto f = first_.find(b.key());
    s << "<tr class=\"" << cls << "\"><td>" << html_escape(b.name) << "</td><td class=\"n\">" << n
      << "</td><td class=\"n\">" << (un ? "" : std::to_string(b.goal)) << "</td><td>"
      << html_escape(f == first_.end() ? "" : f->second) << "</td><td>"
      << html_escape(un ? "unreachable: " + b.unreachable : n >= b.goal ? "" : n ? "below its goal" : "not hit")
      << "</td></tr>";
  }
  s << "</table>";
  const std::vector<std::string> extra = undeclared();
  if (!extra.empty()) {
    s << "<h2>Sampled but not declared</h2><ul>";
    for (const std::string& k : extra) s << "<li>" << html_escape(k) << "</li>";
    s << "</ul>";
  }
  s << "</body></html>\n";
  return s.str();
}

}  // namespace mmu::tb
