// mmu_sim's command line: every option, its validation, and the canonical command line
// that reproduces a run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types.h"

namespace mmu::sim {

struct Options {
  std::string test = "random";
  std::vector<std::string> scenarios;
  std::string workload;
  std::string program_trace;        // a program trace to play as a workload (tb/os/program_trace.h)
  uint64_t program_trace_limit = 0; // accesses of it to play (0: all)
  unsigned frames = 0, asids = 4, scale = 1;  // frames 0: the workload's default
  bool fifo = false;          // workloads: FIFO instead of clock replacement
  bool kernel_ad = false;     // workloads: Svade, the kernel sets A/D (default Svadu)
  bool random_placement = false;  // workloads: RAM window, tables and frames placed from the seed
  uint64_t seed = 1;
  uint64_t transactions = 0;  // responses to run (0: use cycles)
  uint64_t cycles = 0;        // cycles to run (0: default)
  Build build = Build::Rv64;
  bool build_given = false;
  unsigned tlb_entries = 16;
  unsigned latency_min = 1, latency_max = 1;
  double backpressure = 0;
  double error_rate = 0;
  std::string wave;           // FST path ("" = no waves)
  uint64_t wave_start = 0, wave_stop = ~uint64_t{0};
  std::string junit;
  std::string coverage;       // write functional coverage counts (JSON) here
  std::string coverage_name;  // the test's name in that file (default: the command line)
  std::string dump_dir;       // write the accepted requests and the page tables for replay
  std::string trace;          // write every cycle's inputs and outputs (tb/core/trace.h) here
  std::string explain;        // explain every translation into this file ("-": stdout; "": off)
  uint64_t watchdog = 10000;
  unsigned sc_quantum = 1;    // cycles per SystemC activation
  // Testing aid of the checker itself: corrupt what it sees of the DUT at the first
  // checked cycle >= this one, so that every run mode can be made to fail on purpose.
  static constexpr uint64_t kNever = ~uint64_t{0};
  uint64_t inject_mismatch = kNever;
  bool list = false, quiet = false, model_only = false, progress = false;
  std::vector<std::string> plusargs;  // +verilator+... passed to the Verilated model
  std::string program = "mmu_sim";

  // The command line that reproduces this run, shell-quoted: every option that changes
  // what runs, plus `--wave FILE` when wave_file is given (and `--wave-start N` when N > 0).
  std::string repro(const std::string& wave_file, uint64_t wave_start = 0) const;
};

// Parse argv. Returns -1 to go on, or an exit status (0 after --help, 2 on bad usage,
// with one error line printed on stderr). Numeric options are checked against their
// ranges (see --help): "--cycles -5" is an error naming --cycles, not 2^64-5 cycles.
int parse_options(int argc, char** argv, Options& opt);

// Where waves go when --wave names no directory: the project's waves/ folder.
std::string wave_path(const std::string& name);

}  // namespace mmu::sim
