#include "pmp.h"

#include "paging.h"
#include "types.h"

namespace mmu {

PmpConfig default_pmp(unsigned entries, unsigned granularity) {
  PmpConfig p;
  p.entries = entries;
  p.granularity = granularity;
  p.e = {};
  if (entries > 0) p.e[entries - 1] = PmpEntry{0x1f, kPmpAddrAllOnes};
  return p;
}

namespace {

// pmpaddr i as the matching logic sees it: the build's width (PA bits PaBits-1:2).
uint64_t addr_bits(const PmpConfig& p, Build build, unsigned i) {
  return p.e[i].addr & mask(build_info(build).pa_bits - 2);
}

// TOR ignores pmpaddr[G-1:0] ("do not affect the TOR address-matching logic").
uint64_t tor_bound(const PmpConfig& p, Build build, unsigned i) {
  return addr_bits(p, build, i) & ~mask(p.granularity);
}

}  // namespace

PmpRange pmp_range(const PmpConfig& p, Build build, unsigned i) {
  const uint8_t cfg = p.e[i].cfg;
  PmpMode a = pmp_mode(cfg);
  // NA4 is not selectable when G >= 1: A[1] set is NAPOT.
  if (a == PmpMode::Na4 && p.granularity >= 1) a = PmpMode::Napot;
  switch (a) {
    case PmpMode::Off: return {};
    case PmpMode::Tor: {
      // pmpaddr[i-1] <= y < pmpaddr[i]; entry 0: 0 <= y < pmpaddr[0].
      const uint64_t bottom = i == 0 ? 0 : tor_bound(p, build, i - 1);
      const uint64_t top = tor_bound(p, build, i);
      return {bottom << 2, top << 2};
    }
    case PmpMode::Na4: {
      const uint64_t base = addr_bits(p, build, i) << 2;
      return {base, base + 4};
    }
    case PmpMode::Napot: {
      uint64_t y = addr_bits(p, build, i);
      // G >= 2: pmpaddr[G-2:0] read as ones.
      if (p.granularity >= 2) y |= mask(p.granularity - 1);
      // k trailing ones: y ^ (y + 1) has the k ones and the zero above them set.
      const uint64_t low = y ^ (y + 1);
      return {(y & ~low) << 2, ((y & ~low) + low + 1) << 2};
    }
  }
  return {};
}

PmpResult pmp_check(const PmpConfig& p, Build build, uint64_t pa, unsigned bytes, Priv priv, PmpAccess acc) {
  PmpResult r;
  if (p.entries == 0) return r;  // no PMP implemented
  const uint64_t first = pa, end = pa + bytes;  // the access's bytes [first, end)
  const unsigned n = p.entries < kPmpMaxEntries ? p.entries : kPmpMaxEntries;
  for (unsigned i = 0; i < n; ++i) {
    const PmpRange m = pmp_range(p, build, i);
    if (m.lo >= m.hi || end <= m.lo || first >= m.hi) continue;  // no byte matches
    r.entry = static_cast<int>(i);
    // It must match every byte, or the access fails irrespective of L, R, W and X.
    if (first < m.lo || end > m.hi) {
      r.partial = true;
      r.allowed = false;
      return r;
    }
    const uint8_t cfg = p.e[i].cfg;
    if (!(cfg & kPmpL) && priv != Priv::S && priv != Priv::U) return r;  // M, unlocked
    const bool rd = cfg & kPmpR, wr = (cfg & kPmpW) && rd, ex = cfg & kPmpX;  // R=0 W=1: no W
    switch (acc) {
      case PmpAccess::Read: r.allowed = rd; break;
      case PmpAccess::Write: r.allowed = wr; break;
      case PmpAccess::Exec: r.allowed = ex; break;
      case PmpAccess::ReadWrite: r.allowed = rd && wr; break;
    }
    return r;
  }
  // No entry matches: M succeeds, S and U fail (at least one entry is implemented).
  r.allowed = priv != Priv::S && priv != Priv::U;
  return r;
}

const char* to_string(PmpMode m) {
  switch (m) {
    case PmpMode::Off: return "OFF";
    case PmpMode::Tor: return "TOR";
    case PmpMode::Na4: return "NA4";
    case PmpMode::Napot: return "NAPOT";
  }
  return "?";
}

const char* to_string(PmpAccess a) {
  switch (a) {
    case PmpAccess::Read: return "read";
    case PmpAccess::Write: return "write";
    case PmpAccess::Exec: return "execute";
    case PmpAccess::ReadWrite: return "read-write";
  }
  return "?";
}

}  // namespace mmu
