// Threads: tasks that share their process's address space. They run on one page table
// under one ASID, so switching between them touches neither satp nor the TLB, a store by
// one is seen by the next load of another, and an unmap by any of them is fenced for
// the ASID, which covers all of them.
#include "kernel.h"
#include "kernel_object.h"

namespace mmu::os {

using namespace kdetail;

int Kernel::spawn_thread(int pid) {
  Task t;
  t.tid = static_cast<int>(tasks_.size());
  t.pid = pid;
  t.alive = true;
  t.stack = mmap_anon(pid, 16, kR | kW);
  tasks_.push_back(t);
  ++stats_.threads;
  return t.tid;
}

void Kernel::exit_thread(int tid) {
  Task& t = tasks_.at(static_cast<size_t>(tid));
  if (!t.alive) return;
  munmap(t.pid, t.stack);
  t.alive = false;
  ++stats_.thread_exits;
}

void Kernel::switch_thread(int tid) {
  const Task& t = tasks_.at(static_cast<size_t>(tid));
  if (!t.alive && integrity_error_.empty()) integrity_error_ = "switch to exited thread " + std::to_string(tid);
  if (t.pid != current_) {
    switch_to(t.pid);
    return;
  }
  // Same address space: satp (root, ASID, mode) stays and no sfence is queued.
  const CsrView before = bench_.csrs;
  const size_t fences = sfences_.size();
  switch_to(t.pid);
  if ((bench_.csrs.root_ppn != before.root_ppn || bench_.csrs.asid != before.asid || bench_.csrs.mode != before.mode ||
       sfences_.size() != fences) &&
      integrity_error_.empty())
    integrity_error_ = "switching to thread " + std::to_string(tid) + " of pid " + std::to_string(t.pid) +
                       " changed satp or queued an sfence";
  ++stats_.thread_switches;
}

}  // namespace mmu::os
