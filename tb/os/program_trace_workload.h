// A recorded program trace (trace.h) played as a process of the kernel model: its pages
// folded into the RISC-V address space (trace_layout.h), one anonymous memory area per
// run of pages with the same use (fetched: executable; stored to: writable), demand
// paging and swap as for any workload, the RTL checked against the model every cycle.
// A modify (x86 read-modify-write) is played as a load and then a store, as a RISC-V
// core would do it.
#pragma once

#include <memory>
#include <string>

#include "program_trace.h"
#include "trace_layout.h"
#include "workloads.h"

namespace mmu::os {

// What a trace holds, and the part of it a run plays.
struct TraceInfo {
  std::string path;
  uint64_t records = 0, bytes = 0;  // the whole file
  uint64_t played = 0;              // records played (the first `limit`)
  uint64_t fetches = 0, loads = 0, stores = 0, modifies = 0;  // among those played
  uint64_t pages = 0;               // distinct 4 KiB pages they touch
};

class TraceWorkload : public Workload {
 public:
  // Reads the whole file once, as a stream (it checks every record), collects the pages
  // of its first `limit` records (0: all) and folds them for the build's mode. nullptr,
  // with `error` ("FILE: offset N: message", or why the layout does not fit), on failure.
  static std::unique_ptr<TraceWorkload> open(const std::string& path, Build build, uint64_t limit,
                                             std::string& error);

  void setup(Kernel& k, tb::Rng& rng) override;
  bool next(Kernel& k, tb::Rng& rng, Request& r) override;

  const TraceInfo& info() const { return info_; }
  const TraceLayout& layout() const { return layout_; }
  uint64_t played() const { return reader_.done(); }
  const std::string& error() const { return reader_.error(); }  // the file changed since open()

 private:
  TraceWorkload() = default;

  TraceInfo info_;
  TraceLayout layout_;
  TraceReader reader_;
  uint64_t limit_ = 0;
  bool store_next_ = false;  // the store half of a modify
  uint64_t modify_va_ = 0;
};

}  // namespace mmu::os
