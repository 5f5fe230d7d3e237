#include "scoreboard.h"

#include <cinttypes>
#include <cstdio>

namespace mmu::tb {

namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

std::string describe_mem(bool we, uint64_t addr, uint64_t wdata) {
  return we ? "write " + hex(addr) + " data " + hex(wdata) : "read " + hex(addr);
}

std::string answer(bool fault, unsigned cause, uint64_t paddr) {
  return fault ? "fault " + std::to_string(cause) + (paddr ? " (paddr " + hex(paddr) + ")" : "")
               : "ok " + hex(paddr) + (cause ? " (cause " + std::to_string(cause) + ")" : "");
}

}  // namespace

std::string describe(const Response& r) {
  return std::string(to_string(r.access)) + " " + hex(r.va) + " (" + to_string(r.path) + ")";
}

Scoreboard::Scoreboard(Build build, unsigned tlb_entries, const SparseMemory& mem, const ErrorOracle& oracle)
    : build_(build),
      pte_bytes_(build_info(build).pte_bytes),
      tlb_entries_(tlb_entries),
      mem_(mem),
      model_(build, tlb_entries),
      pmem_(mem, oracle) {}

namespace {

// Memory for a side-effect-free walk: reads what is there now, never fails, writes nothing.
class ShadowMemory : public PhysMemory {
 public:
  ShadowMemory(const SparseMemory& m, unsigned bytes) : m_(m), bytes_(bytes) {}
  std::optional<uint64_t> read(uint64_t pa, unsigned) override { return m_.peek(pa, bytes_); }
  bool write(uint64_t, unsigned, uint64_t) override { return true; }

 private:
  const SparseMemory& m_;
  unsigned bytes_;
};

}  // namespace

bool Scoreboard::fail(uint64_t cycle, std::string what, std::string expected, std::string seen) {
  if (!mismatch_) mismatch_ = Mismatch{cycle, std::move(what), std::move(expected), std::move(seen)};
  return false;
}

std::string Scoreboard::describe_request() const { return describe(walk_rsp_); }

bool Scoreboard::check(const DutInputs& in, const DutOutputs& out, uint64_t cycle) {
  // The response port: exactly when the contract says, with the model's answer.
  if (due_) {
    const Response& r = *due_;
    if (!out.rsp_valid) {
      const std::string want = r.path == Path::Hit ? "a response now (the model hits TLB entry " + std::to_string(r.entry) + ")"
                                                   : "a response now (" + std::string(to_string(r.path)) + ")";
      return fail(cycle, "response to " + describe(r), want,
                  out.mem_req_valid ? "no response, a PTW memory request (the RTL walks: it missed)" : "no response");
    }
    const uint64_t want_pa = r.fault ? 0 : r.paddr;
    const unsigned want_cause = static_cast<unsigned>(r.cause);
    if (out.rsp_fault != r.fault || out.rsp_cause != want_cause || out.rsp_paddr != want_pa)
      return fail(cycle, "response to " + describe(r), answer(r.fault, want_cause, want_pa),
                  answer(out.rsp_fault, out.rsp_cause, out.rsp_paddr));
  } else if (out.rsp_valid) {
    return fail(cycle, "response port", walking_ ? "no response (the model is still walking)" : "no response (none due)",
                "rsp_valid=1 " + answer(out.rsp_fault, out.rsp_cause, out.rsp_paddr));
  }

  // Ready signals: translation port busy during a walk and while an sfence is offered.
  const bool want_req_ready = !walking_ && !in.sfence_valid;
  if (out.req_ready != want_req_ready)
    return fail(cycle, "req_ready_o", std::to_string(want_req_ready) + (walking_ ? " (walk in progress)" : in.sfence_valid ? " (sfence offered)" : " (idle)"),
                std::to_string(out.req_ready));
  if (out.sfence_ready != !walking_)
    return fail(cycle, "sfence_ready_o", std::to_string(!walking_), std::to_string(out.sfence_ready));

  // The PTW memory port: the model's accesses, in order, each presented at the edge
  // after the previous event, held until accepted.
  const bool want_mem = walking_ && !awaiting_mem_ && next_access_ < walk_.accesses.count;
  if (out.mem_req_valid != want_mem) {
    if (want_mem) {
      const MemAccess& a = walk_.accesses[next_access_];
      return fail(cycle, "PTW memory request " + std::to_string(next_access_ + 1) + " of the walk for " + describe_request(),
                  describe_mem(a.write, a.pa, a.wdata), "mem_req_valid=0");
    }
    return fail(cycle, "PTW memory port", walking_ ? "no request (one is outstanding)" : "no request (no walk in progress)",
                "mem_req_valid=1 " + describe_mem(out.mem_req_we, out.mem_req_addr, out.mem_req_wdata));
  }
  if (want_mem) {
    const MemAccess& a = walk_.accesses[next_access_];
    if (out.mem_req_addr != a.pa || out.mem_req_we != a.write || (a.write && out.mem_req_wdata != a.wdata))
      return fail(cycle, "PTW memory request " + std::to_string(next_access_ + 1) + " of the walk for " + describe_request(),
                  describe_mem(a.write, a.pa, a.wdata), describe_mem(out.mem_req_we, out.mem_req_addr, out.mem_req_wdata));
  }

  // Performance counters, as of the previous edge.
  const MmuCounters& c = model_.counters();
  if (out.perf_hits != static_cast<uint32_t>(c.hits) || out.perf_misses != static_cast<uint32_t>(c.misses) ||
      out.perf_walks != static_cast<uint32_t>(c.walks) || out.perf_walk_cycles != static_cast<uint32_t>(walk_cycles_)) {
    char want[128], seen[128];
    std::snprintf(want, sizeof want, "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32,
                  static_cast<uint32_t>(c.hits), static_cast<uint32_t>(c.misses), static_cast<uint32_t>(c.walks),
                  static_cast<uint32_t>(walk_cycles_));
    std::snprintf(seen, sizeof seen, "hits %" PRIu32 " misses %" PRIu32 " walks %" PRIu32 " walk_cycles %" PRIu32,
                  out.perf_hits, out.perf_misses, out.perf_walks, out.perf_walk_cycles);
    return fail(cycle, "performance counters", want, seen);
  }
  return true;
}

// After an accepted request or a memory response: the next request, or the answer.
void Scoreboard::finish_walk_step() {
  if (next_access_ < walk_.accesses.count) return;
  due_ = walk_rsp_;
  walking_ = false;
}

bool Scoreboard::edge(const DutInputs& in, const DutOutputs& out, const CsrView& csrs) {
  bool responded = false;
  if (due_) {
    last_ = *due_;
    due_.reset();
    responded = true;
    ++stats_.responses;
    if (last_.fault) ++stats_.faults[static_cast<unsigned>(last_.cause)];
  }

  if (walking_) {
    ++walk_cycles_;
    if (!awaiting_mem_ && out.mem_req_valid && in.mem_req_ready) {
      awaiting_mem_ = true;
      ++(walk_.accesses[next_access_].write ? stats_.mem_writes : stats_.mem_reads);
    } else if (awaiting_mem_ && in.mem_rsp_valid) {
      awaiting_mem_ = false;
      ++next_access_;
      finish_walk_step();
    }
  }

  if (in.sfence_valid && out.sfence_ready) {
    SfenceOp op;
    if (in.sfence_use_vaddr) op.va = in.sfence_vaddr;
    if (in.sfence_use_asid) op.asid = in.sfence_asid;
    const SfenceEffect fx = model_.sfence(csrs, op);
    if (cov_) cov_->sfence(op, fx);
    ++stats_.sfences;
  }

  if (in.req_valid && out.req_ready) {
    const Access acc = static_cast<Access>(in.req_kind);
    const Outcome o = model_.translate(csrs, acc, in.req_vaddr, pmem_);
    if (cov_) {
      // Coverage of stale translations: would a walk of today's tables answer this hit
      // differently? (Only with coverage on: it costs a walk per hit.)
      bool stale = false;
      if (o.path == Path::Hit) {
        ShadowMemory shadow(mem_, pte_bytes_);
        const WalkResult w = walk(build_, csrs, acc, in.req_vaddr, shadow);
        stale = w.fault != o.fault || (o.fault ? w.cause != o.cause : w.paddr != o.paddr);
      }
      cov_->translation(build_, csrs, acc, o, mem_, tlb_entries_, stale, o.path == Path::Hit);
    }
    ++stats_.translations;
    ++stats_.by_path[static_cast<unsigned>(o.path)];
    const Response r{acc, in.req_vaddr, o.fault, o.cause, o.paddr, o.path, o.entry};
    if (!o.walks()) {
      due_ = r;
    } else {
      walking_ = true;
      awaiting_mem_ = false;
      next_access_ = 0;
      walk_ = o;
      walk_rsp_ = r;
      finish_walk_step();  // a walk whose root PTE is outside RAM answers at once
    }
  }
  return responded;
}

void Scoreboard::reset() {
  model_.reset();
  pmem_.reset();
  due_.reset();
  walking_ = awaiting_mem_ = false;
  next_access_ = 0;
  walk_cycles_ = 0;
}

}  // namespace mmu::tb
