// Workloads of the kernel's memory-management features: threads sharing an address
// space, the page cache and its reclaim order, transparent huge pages.
#pragma once

#include <memory>

#include "workloads.h"

namespace mmu::os {

std::unique_ptr<Workload> make_threads_workload(unsigned scale);
std::unique_ptr<Workload> make_page_cache_workload(unsigned scale);
std::unique_ptr<Workload> make_huge_workload(unsigned scale);

}  // namespace mmu::os
