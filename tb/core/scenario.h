// Scenario files (DESIGN.md, "Scenario files"): parsing with file:line errors, and the
// interpreter that plays a scenario against a target (the model alone, or RTL + model).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "explain.h"
#include "mmu_model.h"
#include "race.h"

namespace mmu::tb {

// A malformed scenario: what() is "FILE:LINE: message".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The PMP the scenario player gives the MMU: the RTL's defaults, PmpEntries 16 and
// PmpGranularity 0, and the default view (pmp.h) until a `pmp` line changes an entry.
constexpr unsigned kScenarioPmpEntries = kPmpMaxEntries;

// Sfence is sfence.vma or sinval.vma (the same effect here); Order is Svinval's
// sfence.w.inval or sfence.inval.ir, which this MMU needs nothing for (DESIGN.md, "Svinval").
enum class Op : uint8_t { Mode, Asid, Root, Priv, Sum, Mxr, Ad, Ram, Mem, BusErr, Sfence, Order, Access, Peek, Race, Kill, Pmp };

struct Directive {
  Op op = Op::Mode;
  int line = 0;
  uint64_t a = 0, b = 0;  // numeric operands (value, or address and value/size)
  uint64_t c = 0;         // pmp: a = entry, b = cfg, c = pmpaddr
  Mode mode = Mode::Bare;
  Priv priv = Priv::S;
  Access access = Access::Load;
  AdPolicy ad = AdPolicy::Fault;
  SfenceOp sfence;
  unsigned at = 0;                // `at N ...`: N edges after the next access's acceptance
  std::vector<Directive> events;  // an access: the `at` directives that go with it
};

// Apply a CSR directive (mode, asid, root, priv, sum, mxr, ad, ram, pmp) to a CSR view;
// false for any other directive.
bool apply_csr(const Directive& d, CsrView& csrs);

struct Scenario {
  std::string name;  // the file name, for messages
  Build build = Build::Rv64;
  std::vector<Directive> directives;
};

// Parse a whole scenario. Throws ScenarioError on the first malformed line.
Scenario parse_scenario(std::istream& in, const std::string& name);
Scenario load_scenario(const std::string& path);

// Parse one number: decimal or 0x-hex, no sign, no trailing characters.
bool parse_number(const std::string& text, uint64_t& value);

// What a scenario drives. The interpreter owns the CSR view and calls these in order.
class ScenarioTarget {
 public:
  virtual ~ScenarioTarget() = default;
  struct Answer {
    bool fault = false;
    Cause cause = Cause::None;
    uint64_t paddr = 0;
    bool killed = false;  // a timed `kill` abandoned its walk: no answer
    std::string error;    // a timed directive could not apply (e.g. nothing to kill)
    int error_line = 0;
  };
  // One access, with its timed directives (`at N`), each applied N edges after the
  // access is accepted: CSR changes, PTE writes, sfences and kills.
  virtual Answer access(const CsrView& csrs, Access acc, uint64_t va, const std::vector<Directive>& events) = 0;
  virtual void sfence(const CsrView& csrs, const SfenceOp& op) = 0;
  virtual void poke(uint64_t pa, uint64_t value) = 0;
  virtual uint64_t peek(uint64_t pa) = 0;
  virtual void bus_error(uint64_t pa) = 0;
  // Another agent stores `value` at `pa` right after the walker's next read of it.
  virtual void race(uint64_t pa, uint64_t value) = 0;
  // false: the target found a mismatch and wants the run to stop.
  virtual bool healthy() const { return true; }
};

// Play `s` on `target`, writing one output line per access or peek to `out`.
// Returns false if the target stopped the run. Throws ScenarioError ("FILE:LINE: ...")
// when a timed directive cannot apply.
bool run_scenario(const Scenario& s, ScenarioTarget& target, std::ostream& out);

// The output line of one access, as DESIGN.md prints it.
std::string format_access(Access acc, uint64_t va, const ScenarioTarget::Answer& a);

// The golden model alone as a scenario target. Timed directives are placed with the
// scenario memory's timing (DESIGN.md): every PTW access is accepted when presented and
// answered one edge later.
class ModelTarget : public ScenarioTarget {
 public:
  ModelTarget(Build build, const MmuConfig& cfg) : model_(build, cfg) {}
  Answer access(const CsrView& csrs, Access acc, uint64_t va, const std::vector<Directive>& events) override;
  void sfence(const CsrView& csrs, const SfenceOp& op) override { model_.sfence(csrs, op); }
  void poke(uint64_t pa, uint64_t value) override;
  uint64_t peek(uint64_t pa) override;
  void bus_error(uint64_t pa) override;
  void race(uint64_t pa, uint64_t value) override;
  const MmuModel& model() const { return model_; }
  // Write the model's explanation of every access to `out` (nullptr: off).
  void set_explain(std::ostream* out) { explain_ = out; }

 private:
  unsigned pte_bytes() const { return build_info(model_.build()).pte_bytes; }
  MmuModel model_;
  SparseMemory mem_;
  Race race_;
  TranslationRecord record_;
  std::ostream* explain_ = nullptr;
};

}  // namespace mmu::tb
