// Constrained-random stimulus: sparse address spaces with every page size and permission
// combination (invalid and reserved encodings, misaligned superpages, shared frames,
// several ASIDs, global pages), and a request stream mixed with random CSR changes,
// sfences of every kind and PTE edits with and without a following sfence.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench.h"
#include "page_table.h"
#include "ram_placement.h"
#include "pte_agent.h"
#include "rng.h"

namespace mmu::tb {

// Knobs of a random test; the named tests of mmu_sim are presets of these.
struct RandomConfig {
  unsigned spaces = 4;               // address spaces, each with its own ASID and root
  unsigned mappings = 160;           // mappings tried per address space
  unsigned global_mappings = 8;      // global pages mapped in every space
  unsigned regions = 6;              // clusters of mappings per space (shared tables)
  double p_request = 0.85;           // a request offered in a free cycle
  double p_fetch_stream = 0.3;       // a fetch offered to a free instruction port beside it
  double p_sfence = 0.004;           // an sfence offered instead
  double p_maintenance = 0.01;       // a CSR change or PTE edit in a quiet cycle
  double p_bad_leaf = 0.06;          // W without R, V=0, reserved bits, misaligned
  double p_bad_pointer = 0.02;       // pointer with A/D/U, outside RAM, reserved bits
  double p_bus_error_pte = 0.005;    // PTE words marked to fail
  double p_clear_ad = 0.2;           // leaf with A or D clear
  double p_user = 0.5;               // leaf with U set
  double p_cooperative = 0.8;        // request an access its page allows (as programs do)
  double p_wild_va = 0.06;           // request to an arbitrary VA in a region
  double p_noncanonical = 0.01;      // request to a non-canonical VA (rv64)
  double p_sfence_after_edit = 0.5;  // a PTE edit followed by a covering sfence
  bool vary_ad_policy = true;
  bool vary_priv = true;
  bool random_ram = true;            // RAM window placed at random, tables anywhere in it
  double p_reset = 0;                // reset asserted in a cycle with a walk or a response in flight
  double p_amo = 0.1;                // a request is an AMO
  double p_priv_mix = 0.1;           // a request carries another privilege (MPRV-style)
  double p_kill = 0.004;             // kill_i in a cycle with a walk in flight
  double p_csr_race = 0.003;         // a CSR change in a cycle with a walk in flight
  double p_sfence_race = 0.004;      // an sfence in a cycle with a walk in flight
  double p_agent = 0.01;             // another agent edits the PTE just read, per walk cycle
  // rv64 only (Sv32 PTEs have no N or PBMT bits):
  double p_napot = 0.04;             // a 4 KiB mapping made a 64 KiB NAPOT group (Svnapot)
  double p_pbmt = 0.15;              // a leaf (or, a tenth as often, a pointer) carries PBMT 1..3
  double p_pbmte = 0.05;             // a CSR change (and a CSR race) toggles menvcfg.PBMTE
  // PMP (DESIGN.md "PMP"): off in most presets (the default view then stays); the `pmp` preset sets them.
  double p_pmp = 0;                  // a maintenance step sets a new PMP view
  double p_pmp_race = 0;             // a new PMP view in a cycle with a walk in flight
  uint64_t requests = 0;             // stop after this many responses (0: never)
};

// The preset behind a test name ("random", "hits", ...), or false if unknown.
bool random_preset(const std::string& name, RandomConfig& cfg);
const std::vector<std::string>& random_test_names();
const char* random_test_description(const std::string& name);

class RandomStimulus : public Stimulus {
 public:
  RandomStimulus(Bench& bench, const RandomConfig& cfg, uint64_t seed);
  void step(Bench& bench) override;
  void on_response(Bench& bench, const Response& r) override;
  bool done(const Bench&) const override { return cfg_.requests && responses_ >= cfg_.requests; }

  uint64_t responses() const { return responses_; }
  uint64_t agent_edits() const { return agent_.edits(); }
  uint64_t pte_edits() const { return edits_; }
  uint64_t csr_changes() const { return csr_changes_; }
  // Page-table frames, allocated upwards from table_base() inside the RAM window.
  uint64_t table_frames() const { return frames_.used(); }
  uint64_t table_base() const { return placement_.table_base; }

 private:
  struct Page {
    uint64_t va;       // page base
    unsigned level;
    uint64_t pte_addr; // the leaf PTE
  };
  struct Space {
    Mode mode;
    uint32_t asid;
    std::unique_ptr<PageTable> pt;
    std::vector<Page> pages;
    std::vector<uint64_t> regions;  // region bases
  };

  void build_space(Space& s, Bench& bench);
  void add_global_pages(Bench& bench);
  uint64_t leaf_flags(unsigned level, uint64_t& ppn);
  // Svnapot: the 16 PTEs of the 64 KiB range of `va` as one NAPOT leaf (some of them, or
  // with a reserved N encoding, now and then). Returns the pages mapped.
  unsigned map_napot(Space& s, uint64_t va);
  uint64_t pick_va(const Space& s);
  size_t pick_page(const Space& s);
  uint64_t page_va(const Page& p);
  void offer_request(Bench& bench);
  // The instruction stream: sequential fetches from a program counter that now and then
  // jumps to a page of the hot set; on the instruction port, beside the data requests.
  void offer_fetch(Bench& bench);
  void maintenance(Bench& bench);
  void edit_pte(Bench& bench);
  SfenceOp random_sfence(const Space& s);
  // An sfence, or now and then the first of a batch taken at consecutive edges (software's
  // run of sinval.vma between sfence.w.inval and sfence.inval.ir: DESIGN.md, "Svinval").
  void offer_sfence(Bench& bench);
  void switch_space(Bench& bench, unsigned idx);
  void race_walk(Bench& bench);  // kills, CSR changes and sfences while a walk is in flight
  // A new PMP view: the default (entry 15 over everything), or 1-3 entries over page-table
  // pages, data frames or PTE words (TOR/NA4/NAPOT, denying or not, some locked).
  void pmp_change(Bench& bench);
  PmpEntry random_pmp_entry(PmpConfig& p, unsigned i);
  uint64_t canonical(Mode m, uint64_t va) const;
  uint64_t amo_aligned(Access acc, uint64_t va) const;

  RandomConfig cfg_;
  Build build_;
  BuildInfo bi_;
  Rng rng_;
  RamPlacement placement_;  // the RAM window of the run, where page tables start in it
  FrameAllocator frames_;
  PteAgent agent_;
  std::vector<Space> spaces_;
  uint64_t pc_ = 0;          // the instruction stream's next fetch
  bool pc_valid_ = false;
  unsigned current_ = 0;
  unsigned batch_left_ = 0;  // sfences of the current batch still to offer, one per edge
  uint64_t responses_ = 0, edits_ = 0, csr_changes_ = 0;
};

}  // namespace mmu::tb
