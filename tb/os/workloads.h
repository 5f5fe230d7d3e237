// Operating-system workloads for the MMU: each is a program of accesses (and kernel calls:
// spawn, fork, exit, mmap, munmap, context switches) that the WorkloadStimulus plays on the
// RTL through the Kernel, handling every page fault and checking every load.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernel.h"

namespace mmu::os {

// One access of a workload, in the privilege it runs at.
struct Request {
  Access acc = Access::Load;
  uint64_t va = 0;
  uint64_t value = 0;        // what a store writes
  bool expect_segv = false;  // a deliberate violation: the kernel must refuse it
  Priv priv = Priv::U;
  bool sum = false;
};

class Workload {
 public:
  virtual ~Workload() = default;
  // Create processes and areas (the MMU is quiet).
  virtual void setup(Kernel& k, tb::Rng& rng) = 0;
  // The next access; may call into the kernel first (fork, switch, mmap...). false: done.
  virtual bool next(Kernel& k, tb::Rng& rng, Request& req) = 0;
  // Physical frames when --frames is not given, and whether the kernel maps huge pages.
  virtual unsigned default_frames(Build) const { return 48; }
  virtual bool huge_pages() const { return false; }
};

// The workload behind a name (nullptr if unknown); `scale` multiplies its length.
std::unique_ptr<Workload> make_workload(const std::string& name, unsigned scale);
// (name, description) of every workload.
const std::vector<std::pair<std::string, std::string>>& workload_list();

// Plays a workload on the bench: offers each access, lets the kernel handle faults and
// retries, runs the kernel's sfences, and stops at the first integrity error.
class WorkloadStimulus : public tb::Stimulus {
 public:
  WorkloadStimulus(tb::Bench& bench, const KernelConfig& cfg, std::unique_ptr<Workload> w, uint64_t seed);
  void step(tb::Bench& bench) override;
  void on_response(tb::Bench& bench, const tb::Response& r) override;
  bool done(const tb::Bench&) const override { return done_ || !error_.empty(); }

  const Kernel& kernel() const { return kernel_; }
  const std::string& error() const { return error_; }
  uint64_t sfences() const { return sfences_; }
  uint64_t faults_handled() const { return faults_handled_; }
  uint64_t expected_segv() const { return expected_segv_; }

 private:
  enum class State : uint8_t { Next, Offer, Wait, Answered };
  void handle(tb::Bench& bench);
  void fail(const std::string& why);
  // --explain: what the kernel did about a fault, after the model's explanation of it.
  void explain_fault(tb::Bench& bench, const KernelStats& before, bool fixed) const;

  Kernel kernel_;
  std::unique_ptr<Workload> workload_;
  tb::Rng rng_;
  State state_ = State::Next;
  Request req_;
  tb::Response rsp_;
  unsigned retries_ = 0;
  bool done_ = false;
  std::string error_;
  uint64_t sfences_ = 0, faults_handled_ = 0, expected_segv_ = 0;
};

}  // namespace mmu::os
