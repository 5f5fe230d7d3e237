// Unit check of rtl/mmu_pmp.sv against the model's pmp_check() (model/pmp.h): every
// answer (allowed, and the matching entry) of seven checker configurations
// (pmp_unit_top.sv) on directed corner configurations and random ones, at every region
// edge of every entry, above 4 GiB, for each privilege (U, S, M and the reserved 2,
// which behaves as M) and each access (read, write, execute, read-write), one byte, a
// word and (rv64) an 8-byte PTE.
//
//   pmp_unit [--seed N] [--configs N]
//
// Prints the number of configurations, accesses and comparisons; on the first
// difference, the configuration, the access and both answers, and exits 1. Bad option:
// one line naming it, exit 2.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "paging.h"
#include "pmp.h"
#include "types.h"
// Verilator 5.006's runtime headers are not -Wextra clean (an unused parameter).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "Vpmp_unit_top.h"
#include "verilated.h"
#pragma GCC diagnostic pop

namespace {

using mmu::Build;
using mmu::PmpAccess;
using mmu::PmpConfig;
using mmu::PmpEntry;
using mmu::PmpMode;
using mmu::Priv;

// The instances of pmp_unit_top, in its bit order.
struct Instance {
  const char* name;
  Build build;
  unsigned entries, granularity;
};
constexpr std::array<Instance, 7> kInstances{{
    {"rv64 16 entries G=0", Build::Rv64, 16, 0},
    {"rv64 16 entries G=1", Build::Rv64, 16, 1},
    {"rv64 16 entries G=3", Build::Rv64, 16, 3},
    {"rv64 4 entries G=0", Build::Rv64, 4, 0},
    {"rv64 no PMP", Build::Rv64, 0, 0},
    {"rv32 16 entries G=0", Build::Rv32, 16, 0},
    {"rv32 16 entries G=2", Build::Rv32, 16, 2},
}};

// One PMP view as both builds' pins see it: cfg shared, pmpaddr per build width.
struct View {
  std::array<uint8_t, 16> cfg{};
  std::array<uint64_t, 16> addr64{}, addr32{};
};

// Bits [at, at+width) of a Verilator wide port (32-bit words).
template <class W>
void put_bits(W& pin, unsigned at, unsigned width, uint64_t value) {
  for (unsigned b = 0; b < width; ++b) {
    const unsigned bit = at + b;
    const uint32_t m = uint32_t{1} << (bit % 32);
    if ((value >> b) & 1) pin[bit / 32] |= m;
    else pin[bit / 32] &= ~m;
  }
}

void drive_view(Vpmp_unit_top& top, const View& v) {
  for (unsigned i = 0; i < 16; ++i) {
    put_bits(top.cfg_i, 8 * i, 8, v.cfg[i]);
    put_bits(top.addr64_i, 54 * i, 54, v.addr64[i]);
    put_bits(top.addr32_i, 32 * i, 32, v.addr32[i]);
  }
}

PmpConfig model_view(const View& v, const Instance& inst) {
  PmpConfig p;
  p.entries = inst.entries;
  p.granularity = inst.granularity;
  for (unsigned i = 0; i < 16; ++i)
    p.e[i] = PmpEntry{v.cfg[i], inst.build == Build::Rv64 ? v.addr64[i] : v.addr32[i]};
  return p;
}

// The RTL's need_i for an access: {X, W, R}.
uint8_t need_bits(PmpAccess a) {
  switch (a) {
    case PmpAccess::Read: return 1;
    case PmpAccess::Write: return 2;
    case PmpAccess::Exec: return 4;
    case PmpAccess::ReadWrite: return 3;
  }
  return 0;
}

struct Checker {
  Vpmp_unit_top top;
  uint64_t accesses = 0, comparisons = 0;
  std::string failure;

  // One access on every instance of the build; false (and `failure`) at a difference.
  bool check(const View& v, Build build, uint64_t pa, unsigned bytes, uint8_t priv, PmpAccess acc) {
    const bool rv64 = build == Build::Rv64;
    const unsigned pa_bits = mmu::build_info(build).pa_bits;
    pa &= mmu::mask(pa_bits);
    if (bytes == 8) pa &= ~uint64_t{7};
    if (bytes == 4) pa &= ~uint64_t{3};
    if (rv64) top.pa64_i = pa;
    else top.pa32_i = pa;
    top.wide64_i = bytes == 8;
    top.priv_i = priv;
    top.need_i = need_bits(acc);
    top.eval();
    ++accesses;
    for (unsigned k = 0; k < kInstances.size(); ++k) {
      const Instance& inst = kInstances[k];
      if (inst.build != build) continue;
      const mmu::PmpResult want =
          mmu::pmp_check(model_view(v, inst), build, pa, bytes, static_cast<Priv>(priv), acc);
      const bool allowed = (top.allowed_o >> k) & 1, match = (top.match_o >> k) & 1;
      const int index = match ? static_cast<int>((top.index_o >> (4 * k)) & 0xf) : -1;
      ++comparisons;
      if (allowed != want.allowed || index != want.entry) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "%s: pa 0x%llx, %u byte(s), priv %u, %s: RTL allowed=%d entry=%d, model allowed=%d entry=%d%s",
                      inst.name, static_cast<unsigned long long>(pa), bytes, priv, mmu::to_string(acc), allowed,
                      index, want.allowed, want.entry, want.partial ? " (partial match)" : "");
        failure = buf;
        return false;
      }
    }
    return true;
  }
};

// Addresses worth checking under a view: every entry's region edges (as the model sees
// them, for each grain tried), inside and around them; 0; 4 GiB and around; the top of
// the PA space; random ones.
std::vector<uint64_t> probes(const View& v, Build build, std::mt19937_64& rng) {
  std::vector<uint64_t> out{0, 1, 4, 0xfffffffcull, 0x100000000ull, 0x100000004ull, 0x17ffffff8ull,
                            0x200000000ull};
  const uint64_t top = mmu::mask(mmu::build_info(build).pa_bits);
  out.push_back(top);
  out.push_back(top - 7);
  for (unsigned k = 0; k < kInstances.size(); ++k) {
    if (kInstances[k].build != build || kInstances[k].entries == 0) continue;
    const PmpConfig p = model_view(v, kInstances[k]);
    for (unsigned i = 0; i < p.entries; ++i) {
      const mmu::PmpRange r = mmu::pmp_range(p, build, i);
      for (uint64_t edge : {r.lo, r.hi})
        for (int64_t d : {-8, -5, -4, -1, 0, 1, 3, 4, 8}) out.push_back(edge + static_cast<uint64_t>(d));
      if (r.hi > r.lo) out.push_back(r.lo + rng() % (r.hi - r.lo));
    }
  }
  for (int i = 0; i < 8; ++i) out.push_back(rng() & top);
  for (uint64_t& pa : out) pa &= top;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Run every access kind on every probe address of a view; false at the first difference.
bool sweep(Checker& c, const View& v, std::mt19937_64& rng) {
  for (Build build : {Build::Rv64, Build::Rv32}) {
    for (uint64_t pa : probes(v, build, rng)) {
      for (unsigned bytes : {1u, 4u, 8u}) {
        if (bytes == 8 && build == Build::Rv32) continue;  // an rv32 PTE is 4 bytes
        for (uint8_t priv = 0; priv < 4; ++priv)
          for (PmpAccess acc : {PmpAccess::Read, PmpAccess::Write, PmpAccess::Exec, PmpAccess::ReadWrite})
            if (!c.check(v, build, pa, bytes, priv, acc)) return false;
      }
    }
  }
  return true;
}

// pmpaddr of a NAPOT region of 2^(k+3) bytes (k trailing ones) at a random base; k at or
// above the width: all ones (the whole space).
uint64_t napot_addr(unsigned k, unsigned width, std::mt19937_64& rng) {
  if (k >= width) return mmu::mask(width);
  const uint64_t ones = mmu::mask(k);
  return ((rng() & mmu::mask(width)) & ~mmu::mask(k + 1)) | ones;
}

// A pmpaddr for both builds: one random choice, cut to each width.
void set_addr(View& v, unsigned i, uint64_t a) {
  v.addr64[i] = a & mmu::mask(54);
  v.addr32[i] = a & mmu::mask(32);
}

uint8_t random_cfg(std::mt19937_64& rng) {
  const uint8_t c = static_cast<uint8_t>(rng());
  return (rng() % 4 == 0) ? c : static_cast<uint8_t>(c & ~mmu::kPmpL);  // L in a quarter or so
}

// Directed views: each mode alone, TOR at entry 0, NAPOT of every size up to the whole
// space, locked entries, the lowest of overlapping entries, partial matches of a PTE.
std::vector<View> directed(std::mt19937_64& rng) {
  std::vector<View> out;
  for (unsigned mode = 0; mode < 4; ++mode)
    for (unsigned rwx = 0; rwx < 8; ++rwx)
      for (bool lock : {false, true}) {
        View v;
        const unsigned i = static_cast<unsigned>(rng() % 16);
        v.cfg[i] = mmu::pmp_cfg(static_cast<PmpMode>(mode), static_cast<uint8_t>(rwx), lock);
        set_addr(v, i, 0x20000000 + (rng() % 0x1000));  // around 2 GiB
        if (i > 0) set_addr(v, i - 1, 0x20000000);         // a TOR bottom
        out.push_back(v);
      }
  {  // TOR at entry 0: [0, pmpaddr0)
    View v;
    v.cfg[0] = mmu::pmp_cfg(PmpMode::Tor, 5);
    set_addr(v, 0, 0x40000001);  // just above 4 GiB
    out.push_back(v);
  }
  for (unsigned k = 0; k <= 54; ++k) {  // NAPOT of each size; k = 54: all ones
    View v;
    v.cfg[3] = mmu::pmp_cfg(PmpMode::Napot, static_cast<uint8_t>(rng() % 8), rng() % 2);
    const uint64_t a = napot_addr(k, 54, rng);
    v.addr64[3] = a;
    v.addr32[3] = k >= 32 ? mmu::mask(32) : (a & mmu::mask(32));
    out.push_back(v);
  }
  {  // NA4 and TOR overlapping a NAPOT, lowest wins; an 8-byte PTE half in an NA4
    View v;
    v.cfg[0] = mmu::pmp_cfg(PmpMode::Na4, 0);
    set_addr(v, 0, 0x20000001);  // the upper word of the doubleword at 0x80000000
    v.cfg[1] = mmu::pmp_cfg(PmpMode::Napot, 7);
    set_addr(v, 1, 0x20000000 | mmu::mask(10));
    v.cfg[2] = mmu::pmp_cfg(PmpMode::Tor, 3, true);
    set_addr(v, 2, 0x20000100);
    v.cfg[15] = 0x1f;
    set_addr(v, 15, mmu::mask(54));
    out.push_back(v);
  }
  {  // Every entry locked, no permission: M denied everywhere a region lies
    View v;
    for (unsigned i = 0; i < 16; ++i) {
      v.cfg[i] = mmu::pmp_cfg(static_cast<PmpMode>(1 + i % 3), 0, true);
      set_addr(v, i, 0x3ffff000 + i * 0x1001);
    }
    out.push_back(v);
  }
  return out;
}

// A random view: mostly ordered TOR bounds and NAPOT/NA4 regions near each other, some
// wholly random fields.
View random_view(std::mt19937_64& rng) {
  View v;
  const uint64_t base = (rng() % 3 == 0) ? (rng() & mmu::mask(54)) : 0x20000000 + (rng() % 0x30000000);
  uint64_t at = base;
  for (unsigned i = 0; i < 16; ++i) {
    if (rng() % 3 == 0) {
      v.cfg[i] = 0;  // off
    } else {
      v.cfg[i] = random_cfg(rng);
    }
    switch (rng() % 5) {
      case 0: set_addr(v, i, rng()); break;                            // anything
      case 1: at += rng() % 0x400; set_addr(v, i, at); break;           // ascending TOR bounds
      case 2: set_addr(v, i, at - rng() % 0x100); break;                // a TOR bottom above its top
      case 3: set_addr(v, i, napot_addr(static_cast<unsigned>(rng() % 56), 54, rng) | (at & ~mmu::mask(40))); break;
      default: set_addr(v, i, at + (rng() % 16)); break;                // NA4 near the others
    }
  }
  return v;
}

[[noreturn]] void bad_option(const std::string& what) {
  std::fprintf(stderr, "pmp_unit: %s\n", what.c_str());
  std::exit(2);
}

uint64_t number(const char* opt, const char* text) {
  char* end = nullptr;
  const unsigned long long n = std::strtoull(text, &end, 0);
  if (!*text || *end) bad_option(std::string(opt) + ": '" + text + "' is not a number");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t seed = 1, configs = 2000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--seed" || a == "--configs") && i + 1 < argc) {
      (a == "--seed" ? seed : configs) = number(argv[i], argv[i + 1]);
      ++i;
    } else {
      bad_option("unknown option '" + a + "' (usage: pmp_unit [--seed N] [--configs N])");
    }
  }
  Verilated::commandArgs(argc, argv);
  std::mt19937_64 rng(seed);
  Checker c;
  uint64_t views = 0;
  auto run = [&](const View& v) {
    drive_view(c.top, v);
    ++views;
    if (sweep(c, v, rng)) return true;
    std::printf("MISMATCH (seed %llu, view %llu)\n  %s\n  view:", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(views), c.failure.c_str());
    for (unsigned i = 0; i < 16; ++i)
      if (v.cfg[i])
        std::printf(" [%u cfg 0x%02x addr64 0x%llx addr32 0x%llx]", i, v.cfg[i],
                    static_cast<unsigned long long>(v.addr64[i]), static_cast<unsigned long long>(v.addr32[i]));
    std::printf("\n");
    return false;
  };
  for (const View& v : directed(rng))
    if (!run(v)) return 1;
  for (uint64_t n = 0; n < configs; ++n)
    if (!run(random_view(rng))) return 1;
  std::printf("pmp_unit: %llu views, %llu accesses, %llu comparisons with the model: all equal\n",
              static_cast<unsigned long long>(views), static_cast<unsigned long long>(c.accesses),
              static_cast<unsigned long long>(c.comparisons));
  c.top.final();
  return 0;
}
