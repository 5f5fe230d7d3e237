#include "random_stimulus.h"

#include <algorithm>

#include "perm.h"

namespace mmu::tb {

namespace {

constexpr uint64_t kV = Pte::kV, kR = Pte::kR, kW = Pte::kW, kX = Pte::kX;
constexpr uint64_t kU = Pte::kU, kG = Pte::kG, kA = Pte::kA, kD = Pte::kD;

struct Preset {
  const char* name;
  const char* what;
  void (*apply)(RandomConfig&);
};

// The named random tests: each stresses one corner of the design on top of the default mix.
const Preset kPresets[] = {
    {"random", "the default mix: every page size, permission, fault, CSR change and sfence", [](RandomConfig&) {}},
    {"hits", "few pages: back-to-back hits, one translation per cycle", [](RandomConfig& c) {
       c.spaces = 1; c.mappings = 12; c.global_mappings = 2; c.p_request = 1.0; c.p_cooperative = 1.0;
       c.p_bad_pointer = 0; c.p_bus_error_pte = 0; c.p_noncanonical = 0;
       c.p_maintenance = 0.001; c.p_sfence = 0; c.p_wild_va = 0; c.p_bad_leaf = 0;
       c.p_kill = 0; c.p_csr_race = 0; c.p_sfence_race = 0; c.p_agent = 0; }},
    {"walks", "many pages: TLB thrashing, walks on every level, PLRU replacement", [](RandomConfig& c) {
       c.mappings = 600; c.p_wild_va = 0.1; c.p_maintenance = 0.002; }},
    {"faults", "bad encodings often: invalid, reserved, misaligned, A/D clear, non-canonical", [](RandomConfig& c) {
       c.p_bad_leaf = 0.35; c.p_cooperative = 0.3; c.p_bad_pointer = 0.08; c.p_clear_ad = 0.5; c.p_noncanonical = 0.05; }},
    {"sfence", "PTE edits with and without sfence, sfences of every kind", [](RandomConfig& c) {
       c.p_sfence = 0.05; c.p_maintenance = 0.08; c.p_sfence_after_edit = 0.5; }},
    {"csr", "priv, SUM, MXR, satp and A/D policy changing often", [](RandomConfig& c) {
       c.p_maintenance = 0.15; c.p_user = 0.6; }},
    {"svadu", "A/D bits cleared often: hardware A/D writes and Svade faults", [](RandomConfig& c) {
       c.p_clear_ad = 0.7; c.vary_ad_policy = true; c.p_maintenance = 0.03; }},
    {"buserr", "bus errors on PTE words and tables outside RAM, at every level", [](RandomConfig& c) {
       c.p_bus_error_pte = 0.08; c.p_bad_pointer = 0.08; }},
    {"bench", "the benchmark's stimulus: one Sv39 space, hits and misses, no CSR churn", [](RandomConfig& c) {
       c.spaces = 1; c.mappings = 400; c.global_mappings = 0; c.p_request = 1.0; c.p_sfence = 0;
       c.p_maintenance = 0; c.p_bad_leaf = 0.02; c.p_bad_pointer = 0; c.p_bus_error_pte = 0;
       c.p_noncanonical = 0.005; c.vary_ad_policy = false; c.vary_priv = false;
       c.p_amo = 0; c.p_priv_mix = 0; c.p_kill = 0; c.p_csr_race = 0; c.p_sfence_race = 0; c.p_agent = 0;
       c.random_ram = false; }},
    {"reset", "reset asserted in the middle of walks and bursts of hits", [](RandomConfig& c) {
       c.p_reset = 0.002; c.mappings = 60; c.p_clear_ad = 0.5; }},
    {"races", "walks raced by kills, CSR changes, sfences and another agent's PTE edits", [](RandomConfig& c) {
       c.p_kill = 0.03; c.p_csr_race = 0.05; c.p_sfence_race = 0.03; c.p_agent = 0.08; c.p_clear_ad = 0.6;
       c.p_amo = 0.2; c.p_priv_mix = 0.2; }},
};

}  // namespace

bool random_preset(const std::string& name, RandomConfig& cfg) {
  for (const Preset& p : kPresets)
    if (name == p.name) {
      cfg = RandomConfig{};
      p.apply(cfg);
      return true;
    }
  return false;
}

const char* random_test_description(const std::string& name) {
  for (const Preset& p : kPresets)
    if (name == p.name) return p.what;
  return "";
}

const std::vector<std::string>& random_test_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Preset& p : kPresets) v.push_back(p.name);
    return v;
  }();
  return names;
}

RandomStimulus::RandomStimulus(Bench& bench, const RandomConfig& cfg, uint64_t seed)
    : cfg_(cfg),
      build_(bench.config().build),
      bi_(build_info(build_)),
      rng_(seed),
      placement_(place_ram(build_, cfg.random_ram, seed)),
      frames_(placement_.table_base, placement_.window.base + placement_.window.size),
      agent_(cfg.p_agent, bi_.pte_bytes, seed ^ 0x6167656e74ull) {
  bench.csrs.ram = placement_.window;
  spaces_.resize(cfg_.spaces ? cfg_.spaces : 1);
  for (unsigned i = 0; i < spaces_.size(); ++i) {
    Space& s = spaces_[i];
    // rv64: Sv39, Sv48, Sv39, Sv57, then again (the default four spaces hold each mode).
    static constexpr Mode kRv64Modes[] = {Mode::Sv39, Mode::Sv48, Mode::Sv39, Mode::Sv57};
    s.mode = build_ == Build::Rv32 ? Mode::Sv32 : kRv64Modes[i % 4];
    s.asid = static_cast<uint32_t>((rng_.below(mask(bi_.asid_bits)) + 1) & mask(bi_.asid_bits));
    // Half the other spaces take the first one's ASID with exactly one bit flipped: a
    // lookup must compare every ASID bit.
    if (i > 0 && cfg_.random_ram && rng_.chance(0.5))
      s.asid = spaces_[0].asid ^ (1u << rng_.below(bi_.asid_bits));
    build_space(s, bench);
  }
  add_global_pages(bench);
  if (rng_.chance(0.5)) bench.csrs.ad = AdPolicy::Hw;
  switch_space(bench, 0);
}

// AMOs are naturally aligned: word or doubleword.
uint64_t RandomStimulus::amo_aligned(Access acc, uint64_t va) const {
  return acc == Access::Amo ? va & ~uint64_t{bi_.pte_bytes - 1} : va;
}

uint64_t RandomStimulus::canonical(Mode m, uint64_t va) const {
  const unsigned bits = geometry(m).va_bits;
  if (m == Mode::Sv32) return va & mask(32);
  va &= mask(bits);
  return (va >> (bits - 1)) & 1 ? va | ~mask(bits) : va;
}

uint64_t RandomStimulus::leaf_flags(unsigned level, uint64_t& ppn) {
  // Frames: a small pool, so that several mappings share frames; superpages aligned.
  const uint64_t pool = build_ == Build::Rv32 ? 0x200000 : 0x100000;
  ppn = level == 0 ? pool + rng_.below(256) : (rng_.next() & mask(bi_.ppn_bits)) & ~mask(level * bi_.vpn_bits);
  static constexpr uint64_t kPerms[] = {kR, kR | kW, kX, kR | kX, kR | kW | kX, kR | kW, kR | kX};
  uint64_t f = kV | kPerms[rng_.below(7)];
  if (rng_.chance(cfg_.p_user)) f |= kU;
  if (rng_.chance(level >= 2 ? 0.15 : 0.03)) f |= kG;  // global 1 GiB/512 GiB pages are not rare
  if (!rng_.chance(cfg_.p_clear_ad / 2)) f |= kA;
  if (!rng_.chance(cfg_.p_clear_ad)) f |= kD;
  if (rng_.chance(0.05)) f |= uint64_t{rng_.below(4)} << 8;  // RSW: ignored
  if (rng_.chance(cfg_.p_bad_leaf)) {
    switch (rng_.below(5)) {
      case 0: f = (f & ~kR) | kW; break;              // W without R
      case 1: f &= ~kV; break;                        // not valid
      case 2:                                          // reserved bits / PBMT / N
        if (build_ == Build::Rv64) f |= uint64_t{1} << (54 + rng_.below(10));
        else f &= ~kV;
        break;
      case 3:                                          // misaligned superpage
        if (level > 0) ppn |= uint64_t{1} << (rng_.below(level * bi_.vpn_bits));
        else f = (f & ~kR) | kW | kX;
        break;
      default: f = kV | kW | kX | (f & (kU | kA | kD)); break;  // W+X without R
    }
  }
  return f;
}

void RandomStimulus::build_space(Space& s, Bench& bench) {
  s.pt = std::make_unique<PageTable>(build_, s.mode, bench.mem(), frames_);
  const bool rv32 = build_ == Build::Rv32;
  const uint64_t region_span = rv32 ? (64ull << 20) : (4ull << 30);
  for (unsigned r = 0; r < cfg_.regions; ++r) {
    const uint64_t base = rng_.next() & ~(region_span - 1);
    s.regions.push_back(canonical(s.mode, base));
  }
  // Regions right below and above the canonical boundary (rv32: the top of the space).
  if (cfg_.random_ram && cfg_.regions >= 2) {
    const unsigned va_bits = geometry(s.mode).va_bits;
    const uint64_t half = uint64_t{1} << (va_bits - 1);
    s.regions[0] = canonical(s.mode, (rv32 ? (uint64_t{1} << 32) : half) - region_span);
    if (!rv32) s.regions[1] = canonical(s.mode, half);
  }
  const unsigned levels = geometry(s.mode).levels;
  // The pages at the edges of the VA space: page 0, the last page below and the first
  // above the canonical hole (Sv39/Sv48/Sv57), the last page of the space.
  if (cfg_.random_ram && cfg_.regions >= 2) {
    const uint64_t half = uint64_t{1} << (geometry(s.mode).va_bits - 1);
    std::vector<uint64_t> edges{0, rv32 ? mask(32) & ~(kPageSize - 1) : ~uint64_t{0} & ~(kPageSize - 1)};
    if (!rv32) {
      edges.push_back(half - kPageSize);
      edges.push_back(~half + 1);
    }
    for (uint64_t va : edges) {
      uint64_t ppn;
      const uint64_t flags = leaf_flags(0, ppn);
      if (s.pt->map(va, 0, ppn, flags)) s.pages.push_back({va, 0, *s.pt->pte_addr(va, 0)});
    }
  }
  for (unsigned k = 0; k < cfg_.mappings; ++k) {
    unsigned level = 0;
    const uint64_t roll = rng_.below(100);
    if (rv32) level = roll < 75 ? 0 : 1;
    else if (levels == 5) level = roll < 65 ? 0 : roll < 84 ? 1 : roll < 92 ? 2 : roll < 96 ? 3 : 4;  // Sv57
    else level = roll < 65 ? 0 : roll < 87 ? 1 : roll < 97 ? 2 : (levels == 4 ? 3 : 2);
    uint64_t va;
    if (level >= 3) {
      // 512 GiB and 256 TiB pages anywhere in the space (Sv57: VA bits 56:48 too).
      va = canonical(s.mode, rng_.next() & ~(page_bytes(bi_, level) - 1));
    } else {
      const uint64_t base = s.regions[rng_.below(s.regions.size())];
      va = canonical(s.mode, (base + rng_.below(region_span)) & ~(page_bytes(bi_, level) - 1));
    }
    const std::optional<uint64_t> slot = s.pt->pte_addr(va, level);
    if (slot && Pte{s.pt->read_pte(*slot)}.v()) continue;
    uint64_t ppn;
    const uint64_t flags = leaf_flags(level, ppn);
    if (!s.pt->map(va, level, ppn, flags)) continue;
    s.pages.push_back({va, level, *s.pt->pte_addr(va, level)});
  }
  // Corrupt some pointers above leaves, and mark some PTE words to fail on the bus.
  for (const Page& p : s.pages) {
    if (p.level + 1 < levels && rng_.chance(cfg_.p_bad_pointer)) {
      const uint64_t addr = *s.pt->pte_addr(p.va, p.level + 1);
      uint64_t pte = s.pt->read_pte(addr);
      switch (rng_.below(3)) {
        case 0: pte |= (kA << rng_.below(2)) | (rng_.chance(0.3) ? kU : 0); break;  // A/D/U in a pointer
        case 1: pte = s.pt->make_pte(0x10, kV); break;                                // table outside RAM
        default: pte |= rv32 ? kA : uint64_t{1} << (54 + rng_.below(10)); break;     // reserved bits
      }
      s.pt->write_pte(addr, pte);
    }
    if (rng_.chance(cfg_.p_bus_error_pte)) bench.mem().add_bus_error(p.pte_addr, bi_.pte_bytes);
    // ... and some pointers above the leaves (the root PTE of a superpage included).
    if (p.level + 1 < levels && rng_.chance(cfg_.p_bus_error_pte / 4))
      bench.mem().add_bus_error(*s.pt->pte_addr(p.va, p.level + 1), bi_.pte_bytes);
  }
}

void RandomStimulus::add_global_pages(Bench& bench) {
  // Kernel-like pages, identical (and global) in every address space.
  const uint64_t base = build_ == Build::Rv32 ? 0xc0000000ull : 0xffffffc000000000ull;
  for (unsigned g = 0; g < cfg_.global_mappings; ++g) {
    const uint64_t va = base + g * kPageSize * 3;
    uint64_t ppn;
    uint64_t flags = leaf_flags(0, ppn) | kG;
    if (rng_.chance(0.7)) flags = kV | kR | kW | kX | kA | kD | kG;
    for (Space& s : spaces_) {
      if (!s.pt->map(canonical(s.mode, va), 0, ppn, flags)) continue;
      s.pages.push_back({canonical(s.mode, va), 0, *s.pt->pte_addr(canonical(s.mode, va), 0)});
    }
  }
  (void)bench;
}

void RandomStimulus::switch_space(Bench& bench, unsigned idx) {
  current_ = idx;
  const Space& s = spaces_[idx];
  bench.csrs.mode = s.mode;
  bench.csrs.asid = s.asid;
  bench.csrs.root_ppn = s.pt->root_ppn();
}

uint64_t RandomStimulus::pick_va(const Space& s) {
  if (build_ == Build::Rv64 && rng_.chance(cfg_.p_noncanonical)) {
    // Just above the lower half, just below the upper half, or anywhere in the hole.
    const uint64_t half = uint64_t{1} << (geometry(s.mode).va_bits - 1);
    switch (rng_.below(3)) {
      case 0: return half + rng_.below(kPageSize);
      case 1: return ~half - rng_.below(kPageSize);
      default: return (rng_.next() | (uint64_t{1} << 50)) & ~(uint64_t{1} << 63);  // upper bits not a sign extension
    }
  }
  if (s.pages.empty() || rng_.chance(cfg_.p_wild_va)) {
    const uint64_t span = build_ == Build::Rv32 ? (64ull << 20) : (4ull << 30);
    return canonical(s.mode, s.regions[rng_.below(s.regions.size())] + rng_.below(span));
  }
  return page_va(s.pages[pick_page(s)]);
}

size_t RandomStimulus::pick_page(const Space& s) {
  // Locality: most requests go to a drifting hot set about the size of a small TLB.
  const size_t n = s.pages.size();
  const size_t hot = 12;
  const size_t start = static_cast<size_t>((responses_ / 512) * 7 % n);
  return rng_.chance(0.8) ? (start + rng_.below(hot)) % n : rng_.below(n);
}

uint64_t RandomStimulus::page_va(const Page& p) {
  return p.va + (rng_.chance(0.5) ? rng_.below(64) * 8 : rng_.below(page_bytes(bi_, p.level)));
}

void RandomStimulus::offer_fetch(Bench& bench) {
  const Space& s = spaces_[current_];
  // A jump (or the first fetch, or the stream left its page): to a page of the hot set
  // the program may execute now, else anywhere in the space.
  const bool jump = !pc_valid_ || rng_.chance(0.06) || (pc_ & 0xfff) < 4;
  if (jump) {
    pc_ = pick_va(s);
    if (!s.pages.empty() && rng_.chance(cfg_.p_cooperative)) {
      const CsrView& c = bench.csrs;
      for (unsigned tries = 0; tries < 6; ++tries) {
        const Page& p = s.pages[pick_page(s)];
        const Pte pte{bench.mem().peek(p.pte_addr, bi_.pte_bytes)};
        if (!pte.invalid() && leaf_allows(pte.perms(), c.priv, c.sum, c.mxr, Access::Fetch)) {
          pc_ = page_va(p);
          break;
        }
      }
    }
    pc_ &= ~uint64_t{1};  // instructions are 2-byte aligned (C extension)
    pc_valid_ = true;
  }
  bench.offer_request(Port::Fetch, Access::Fetch, pc_);
  pc_ += rng_.chance(0.3) ? 2 : 4;  // sequential: compressed and full-size instructions
}

void RandomStimulus::offer_request(Bench& bench) {
  const Space& s = spaces_[current_];
  const uint64_t k = rng_.below(100);
  Access acc = rng_.chance(cfg_.p_amo) ? Access::Amo : k < 25 ? Access::Fetch : k < 70 ? Access::Load : Access::Store;
  // With the instruction stream on, this is the data stream: fetches come from the stream.
  if (cfg_.p_fetch_stream > 0 && acc == Access::Fetch) acc = Access::Load;
  // Per-request privilege: most requests run at the current privilege; some carry
  // another one, as loads and stores under mstatus.MPRV do.
  const Priv current = bench.csrs.priv;
  if (rng_.chance(cfg_.p_priv_mix)) {
    // The encoding 2 (no such privilege without the hypervisor) behaves as M (DESIGN.md).
    static constexpr Priv kPrivs[] = {Priv::U, Priv::S, Priv::M, static_cast<Priv>(2)};
    bench.csrs.priv = kPrivs[rng_.below(4)];
  }
  struct Restore {
    CsrView& c;
    Priv p;
    ~Restore() { c.priv = p; }
  } restore{bench.csrs, current};
  if (s.pages.empty() || !rng_.chance(cfg_.p_cooperative)) {
    bench.offer_request(acc, amo_aligned(acc, pick_va(s)));
    return;
  }
  // A cooperative request, as a running program makes: an access its page allows now.
  // A few random picks from the hot set, then a scan of the space.
  const CsrView& c = bench.csrs;
  const size_t n = s.pages.size(), scan_from = rng_.below(n);
  for (size_t tries = 0; tries < 4 + std::min<size_t>(n, 16); ++tries) {
    const Page& p = s.pages[tries < 4 ? pick_page(s) : (scan_from + tries) % n];
    const Pte pte{bench.mem().peek(p.pte_addr, bi_.pte_bytes)};
    Access allowed[4];
    unsigned ok = 0;
    for (Access a : {Access::Fetch, Access::Load, Access::Store, Access::Amo})
      if (!pte.invalid() && leaf_allows(pte.perms(), c.priv, c.sum, c.mxr, a) &&
          (c.ad == AdPolicy::Hw || !needs_ad_update(pte.a(), pte.d(), a)))
        allowed[ok++] = a;
    if (ok) {
      Access a = allowed[rng_.below(ok)];
      if (cfg_.p_fetch_stream > 0 && a == Access::Fetch) a = ok > 1 ? allowed[1] : Access::Load;
      bench.offer_request(a, amo_aligned(a, page_va(p)));
      return;
    }
  }
  bench.offer_request(acc, amo_aligned(acc, pick_va(s)));
}

SfenceOp RandomStimulus::random_sfence(const Space& s) {
  SfenceOp op;
  const uint64_t kind = rng_.below(100);
  const bool with_va = kind >= 15 && kind < 75;
  const bool with_asid = kind >= 50;
  if (with_va) {
    if (rng_.chance(0.05) && build_ == Build::Rv64) op.va = uint64_t{1} << 55;  // not a valid VA
    else if (!s.pages.empty() && rng_.chance(0.8)) {
      const Page& p = s.pages[rng_.below(s.pages.size())];
      op.va = p.va + rng_.below(page_bytes(bi_, p.level));
    } else op.va = pick_va(s);
  }
  if (with_asid) op.asid = rng_.chance(0.7) ? s.asid : spaces_[rng_.below(spaces_.size())].asid;
  return op;
}

void RandomStimulus::edit_pte(Bench& bench) {
  Space& s = spaces_[current_];
  if (s.pages.empty()) return;
  // Half the edits hit the hot set, whose translations the TLB is likely to hold.
  const size_t index = rng_.chance(0.5) ? pick_page(s) : rng_.below(s.pages.size());
  const Page& p = s.pages[index];
  uint64_t pte = s.pt->read_pte(p.pte_addr);
  const uint64_t roll = rng_.below(100);
  if (roll < 40) {
    uint64_t ppn;
    const uint64_t flags = leaf_flags(p.level, ppn);
    pte = s.pt->make_pte(ppn, flags);
  } else if (roll < 60) {
    static constexpr uint64_t kBits[] = {kR, kW, kX, kU, kG};
    pte ^= kBits[rng_.below(5)];
  } else if (roll < 80) {
    pte &= ~(rng_.chance(0.5) ? kA | kD : kD);
  } else if (roll < 90) {
    pte &= ~kV;
  } else if (roll < 95 && p.level + 1 < geometry(s.mode).levels) {
    // The table above the page becomes a superpage leaf covering it (as a kernel
    // promoting 4 KiB pages does): entries cached from the old table and from the new
    // leaf overlap until an sfence, and a lookup matches several of them.
    const Page promoted{p.va & ~(page_bytes(bi_, p.level + 1) - 1), p.level + 1, *s.pt->pte_addr(p.va, p.level + 1)};
    uint64_t ppn;
    const uint64_t flags = leaf_flags(promoted.level, ppn);
    s.pt->write_pte(promoted.pte_addr, s.pt->make_pte(ppn, flags));
    s.pages.insert(s.pages.begin() + static_cast<std::ptrdiff_t>(index) + 1, promoted);  // beside it: as hot
    ++edits_;
    if (rng_.chance(cfg_.p_sfence_after_edit)) bench.offer_sfence(SfenceOp{promoted.va, std::nullopt});
    return;
  } else {
    pte |= kV | kR;  // revive
  }
  s.pt->write_pte(p.pte_addr, pte);
  ++edits_;
  if (rng_.chance(cfg_.p_sfence_after_edit)) {
    SfenceOp op;
    switch (rng_.below(4)) {
      case 0: break;  // everything
      case 1: op.va = p.va + rng_.below(page_bytes(bi_, p.level)); break;
      case 2: op.asid = s.asid; break;
      default: op.va = p.va; op.asid = s.asid; break;
    }
    bench.offer_sfence(op);
  }
}

void RandomStimulus::maintenance(Bench& bench) {
  CsrView& c = bench.csrs;
  const uint64_t roll = rng_.below(100);
  ++csr_changes_;
  if (roll < 30) {
    edit_pte(bench);
    --csr_changes_;
  } else if (roll < 50) {
    switch_space(bench, static_cast<unsigned>(rng_.below(spaces_.size())));
    if (rng_.chance(0.15)) {  // ASID reuse: this space takes another (maybe used) ASID
      Space& s = spaces_[current_];
      s.asid = rng_.chance(0.5) ? spaces_[rng_.below(spaces_.size())].asid
                                : static_cast<uint32_t>(rng_.below(mask(bi_.asid_bits) + 1));
      c.asid = s.asid;
      if (rng_.chance(0.6)) bench.offer_sfence(SfenceOp{std::nullopt, s.asid});
    }
  } else if (roll < 68) {
    if (cfg_.vary_priv) c.priv = rng_.chance(0.05) ? Priv::M : rng_.chance(0.5) ? Priv::U : Priv::S;
    if (rng_.chance(0.04)) c.mode = Mode::Bare;  // satp.MODE = Bare for a while
  } else if (roll < 82) {
    c.sum = !c.sum;
  } else if (roll < 92) {
    c.mxr = !c.mxr;
  } else if (roll < 96) {
    if (cfg_.vary_ad_policy) c.ad = c.ad == AdPolicy::Hw ? AdPolicy::Fault : AdPolicy::Hw;
  } else {
    offer_sfence(bench);
  }
}

void RandomStimulus::offer_sfence(Bench& bench) {
  bench.offer_sfence(random_sfence(spaces_[current_]));
  if (rng_.chance(0.25)) batch_left_ = 1 + static_cast<unsigned>(rng_.below(5));
}

// While a walk is in flight: a pipeline flush, a CSR change (the walk keeps its
// snapshot), an sfence (the walk must not refill), and another agent's PTE edit.
void RandomStimulus::race_walk(Bench& bench) {
  agent_.step(bench.mem(), bench.last_pte_read(), true);
  // A flush of the walking port, or of either port (one waiting for the walker, or idle).
  if (rng_.chance(cfg_.p_kill)) rng_.chance(0.5) ? bench.kill() : bench.kill(rng_.chance(0.5) ? Port::Data : Port::Fetch);
  if (rng_.chance(cfg_.p_csr_race)) {
    CsrView& c = bench.csrs;
    switch (rng_.below(6)) {
      case 0: switch_space(bench, static_cast<unsigned>(rng_.below(spaces_.size()))); break;
      case 1: c.sum = !c.sum; break;
      case 2: c.mxr = !c.mxr; break;
      case 3: if (cfg_.vary_ad_policy) c.ad = c.ad == AdPolicy::Hw ? AdPolicy::Fault : AdPolicy::Hw; break;
      case 4: c.mode = c.mode == Mode::Bare ? spaces_[current_].mode : Mode::Bare; break;  // satp.MODE flips
      default: c.asid ^= 1u << rng_.below(bi_.asid_bits); break;  // satp.ASID changes alone
    }
  }
  if (!bench.sfence_offered() && rng_.chance(cfg_.p_sfence_race)) offer_sfence(bench);
}

void RandomStimulus::step(Bench& bench) {
  if (cfg_.p_reset > 0 && !bench.quiet() && rng_.chance(cfg_.p_reset)) {
    bench.assert_reset(1 + static_cast<unsigned>(rng_.below(3)));
    return;
  }
  // The rest of a batch: one sfence at each edge until it is done.
  if (batch_left_ > 0 && !bench.sfence_offered()) {
    bench.offer_sfence(random_sfence(spaces_[current_]));
    --batch_left_;
  }
  if (bench.walking()) race_walk(bench);
  else if (rng_.chance(cfg_.p_kill / 8)) bench.kill();  // a flush with no walk: nothing happens
  // satp.MODE = Bare lasts a while (about 100 cycles), then the space's mode returns.
  if (bench.csrs.mode == Mode::Bare && rng_.chance(0.01)) switch_space(bench, current_);
  if (cfg_.p_fetch_stream > 0 && !bench.request_offered(Port::Fetch) && !spaces_.empty() &&
      rng_.chance(cfg_.p_fetch_stream))
    offer_fetch(bench);
  if (bench.request_offered(Port::Data) || bench.sfence_offered()) return;  // hold until accepted
  if (cfg_.p_fetch_stream == 0 && bench.request_offered()) return;
  if (bench.quiet() && rng_.chance(cfg_.p_maintenance)) {
    maintenance(bench);
    return;
  }
  if (rng_.chance(cfg_.p_sfence)) {
    offer_sfence(bench);
    if (rng_.chance(0.3)) offer_request(bench);  // both at once: the request must wait
    return;
  }
  if (rng_.chance(cfg_.p_request)) offer_request(bench);
}

void RandomStimulus::on_response(Bench&, const Response&) { ++responses_; }

}  // namespace mmu::tb
