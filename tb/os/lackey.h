// Valgrind's lackey tool (`valgrind --tool=lackey --trace-mem=yes`) writes one line per
// memory access of the traced program:
//   "I  0401ab70,3"    an instruction fetch: address (hex) and size in bytes
//   " L 1fff000768,8"  a load, " S ..." a store, " M ..." a modify (load and store)
// amid valgrind's own lines, which start with "==PID==". This turns such a line into
// trace accesses, one per 4 KiB page the access touches.
#pragma once

#include <string>
#include <vector>

#include "program_trace.h"

namespace mmu::os {

// Appends the accesses of one lackey line to `out` (none for a valgrind line). False,
// with `error` set to a message without the file and line, when the line is malformed.
bool parse_lackey_line(const std::string& line, std::vector<TraceAccess>& out, std::string& error);

}  // namespace mmu::os
