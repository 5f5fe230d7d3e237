// The Verilated builds of the RTL compiled into this program: one per (build, TLB size).
#pragma once

#include <memory>
#include <vector>

#include "dut.h"
#include "mmu_model.h"
#include "types.h"

namespace mmu::tb {

struct DutVariant {
  Build build;
  unsigned tlb_entries;
  bool trace;  // compiled with FST tracing (can write waves, runs ~8% slower)
  std::unique_ptr<Dut> (*make)(int argc, const char* const* argv);
  MmuConfig config;  // its structures' sizes (the RTL parameters it was compiled with)
};

// Every variant compiled in, in the order CMake listed them.
const std::vector<DutVariant>& dut_variants();

// The sizes of the (build, entries) variant's structures; the RTL's defaults around an
// L1 of `tlb_entries` when no such variant is compiled in.
MmuConfig variant_config(Build build, unsigned tlb_entries);

// The variant for (build, entries), traced if `wave`, or nullptr when it was not
// compiled in.
std::unique_ptr<Dut> make_dut(Build build, unsigned tlb_entries, int argc, const char* const* argv, bool wave);

}  // namespace mmu::tb
