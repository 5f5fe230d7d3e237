// Explanations: one translation told the way the textbooks and the privileged spec teach
// it (address split, TLB lookup, each PTE read and check, A/D, the PA or the fault),
// produced by the model itself: a copy of the model replays the translation with an
// Observer (observer.h) attached that writes down every step. Nothing here runs unless
// an explanation is asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mmu_model.h"

namespace mmu {

// One answer of memory to the walk: the data of a PTE read, or whether an A/D
// compare-and-swap wrote; or a bus error.
struct MemAnswer {
  uint64_t rdata = 0;
  bool swapped = false;
  bool err = false;
};

// A translation as a testbench saw it, kept while it runs (plain values, no text): what
// the lookup found and what memory answered, enough to replay it through the model.
struct TranslationRecord {
  enum class End : uint8_t { InFlight, Answered, Killed, Reset };

  CsrView csrs;                    // the view of the lookup (priv: the request's)
  Access acc = Access::Load;
  Port port = Port::Data;          // the port that took it (its L1 was looked up)
  uint64_t va = 0;
  int matched = -1;                // the TLB entry the lookup matched, -1: none
  TlbEntry entry;                  // ... as the lookup found it
  bool past_l1 = true;             // the L2 was looked up (begin() clears it)
  std::optional<L2Slot> l2_slot;   // the L2 entry that matched
  TlbEntry l2_entry;               // ... as the lookup found it
  std::optional<WalkCache> walk_cache;  // the walk cache before the L2 lookup
  std::vector<MemAnswer> answers;  // the walk's memory answers, in order
  // The PMP view of the L2 lookup's edge, and of each answer's edge (it decides the next
  // check); a record without them (answer_pmp shorter than answers) replays with the
  // lookup's view.
  PmpConfig pmp_l2;
  std::vector<PmpConfig> answer_pmp;
  End end = End::InFlight;
  // The model's answer (valid when Answered), and what the walk did to the TLB.
  bool fault = false;
  Cause cause = Cause::None;
  uint64_t paddr = 0;
  int refill = -1;                 // the entry a successful walk refilled (the hit entry for a hit)
  bool replaced = false, fill_cancelled = false;

  // A request is looked up: `o` is MmuModel::lookup's outcome, `tlb` the TLB after it.
  void begin(const CsrView& c, Access a, uint64_t v, const Tlb& tlb, const Outcome& o);
  // The L2 lookup of a request past the L1 (MmuModel::second_level), and the walk cache
  // its walk starts with (kept whole: a restart looks it up again).
  void second_level(const MmuModel& m, const Outcome& pending);
  void keep_walk_cache(const WalkCache& pwc) { walk_cache = pwc; }  // copy-assigns: no allocation once engaged
  // A memory answer to the walk, taken at an edge whose PMP view is `pmp`.
  void answer(uint64_t rdata, bool swapped, bool err, const PmpConfig& pmp) {
    answers.push_back({rdata, swapped, err});
    answer_pmp.push_back(pmp);
  }
  void finish(const Outcome& o) {
    fault = o.fault;
    cause = o.cause;
    paddr = o.paddr;
    refill = o.entry;
    replaced = o.replaced;
    fill_cancelled = o.fill_cancelled;
    end = End::Answered;
  }
  void kill() { end = End::Killed; }
  void reset() { end = End::Reset; }
};

// The explanation of a recorded translation, replayed on a model of configuration
// `cfg`. Several lines, each ending in '\n'.
std::string explain(Build build, const MmuConfig& cfg, const TranslationRecord& r);

// The explanation of translating `va` now: the lookups in a copy of `model`'s
// structures, and a walk whose memory accesses `mem` answers (read only: an A/D update
// is kept aside).
std::string explain(Build build, const CsrView& csrs, Access acc, uint64_t va, const MmuModel& model, PhysMemory& mem);

}  // namespace mmu
