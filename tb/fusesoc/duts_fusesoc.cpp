// The registry of Verilated RTL variants (duts.h) in a FuseSoC build of mmu_sim (mmu.core,
// target smoke): the one model FuseSoC's Verilator flow makes, Vmmu, configured by the
// -GXlen/-GTlbEntries and the matching -DMMU_FUSESOC_* options of that target. CMake
// builds generate this file instead, one entry per variant (tb/verilated/duts.cpp.in).
#include "Vmmu.h"
#include "duts.h"
#include "verilated_dut.h"

#if !defined(MMU_FUSESOC_XLEN) || !defined(MMU_FUSESOC_TLB_ENTRIES)
#error "mmu.core's smoke target defines MMU_FUSESOC_XLEN and MMU_FUSESOC_TLB_ENTRIES"
#endif

namespace mmu::tb {

namespace {
// The model's request address port is as wide as its Xlen: 32 bits (IData) or 64 (QData).
static_assert(sizeof(Vmmu::req_vaddr_i) * 8 == MMU_FUSESOC_XLEN, "-GXlen and MMU_FUSESOC_XLEN differ");
constexpr Build kBuild = MMU_FUSESOC_XLEN == 32 ? Build::Rv32 : Build::Rv64;

std::unique_ptr<Dut> make_fusesoc(int argc, const char* const* argv) {
  const std::string name = std::string(MMU_FUSESOC_XLEN == 32 ? "rv32" : "rv64") + " tlb" +
                           std::to_string(MMU_FUSESOC_TLB_ENTRIES) + " (FuseSoC)";
  return std::make_unique<VerilatedDut<Vmmu>>(name, argc, argv);
}
}  // namespace

const std::vector<DutVariant>& dut_variants() {
  // The RTL's default second level (L2 TLB 64x4 + 16, walk cache 8): the target sets no
  // other parameter.
  MmuConfig cfg;
  cfg.l1_entries = MMU_FUSESOC_TLB_ENTRIES;
  cfg.ext.napot = kBuild == Build::Rv64;  // the RTL's Svnapot default
  static const std::vector<DutVariant> variants = {{kBuild, MMU_FUSESOC_TLB_ENTRIES, false, &make_fusesoc, cfg}};
  return variants;
}

MmuConfig variant_config(Build build, unsigned tlb_entries) {
  MmuConfig cfg;
  cfg.l1_entries = tlb_entries;
  cfg.ext.napot = build == Build::Rv64;
  return cfg;
}

std::unique_ptr<Dut> make_dut(Build build, unsigned tlb_entries, int argc, const char* const* argv, bool wave) {
  if (wave || build != kBuild || tlb_entries != MMU_FUSESOC_TLB_ENTRIES) return nullptr;
  return make_fusesoc(argc, argv);
}

}  // namespace mmu::tb
