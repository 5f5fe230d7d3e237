#include "lackey.h"

#include <cstdint>

#include "paging.h"

namespace mmu::os {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr uint64_t kMaxSize = 4096;  // the widest x86 access (XSAVE areas) is far below

}  // namespace

bool parse_lackey_line(const std::string& line, std::vector<TraceAccess>& out, std::string& error) {
  if (line.rfind("==", 0) == 0 || line.rfind("--", 0) == 0) return true;  // valgrind's own lines
  // Kind: "I  " or " L " / " S " / " M ".
  TraceKind kind;
  if (line.rfind("I  ", 0) == 0) kind = TraceKind::Fetch;
  else if (line.rfind(" L ", 0) == 0) kind = TraceKind::Load;
  else if (line.rfind(" S ", 0) == 0) kind = TraceKind::Store;
  else if (line.rfind(" M ", 0) == 0) kind = TraceKind::Modify;
  else {
    error = "not a lackey access line (\"I  ADDR,SIZE\" or \" L|S|M ADDR,SIZE\")";
    return false;
  }
  size_t i = 3;
  uint64_t va = 0;
  unsigned digits = 0;
  for (; i < line.size() && hex_digit(line[i]) >= 0; ++i, ++digits) {
    if (digits == 16) {
      error = "the address has more than 16 hex digits";
      return false;
    }
    va = va << 4 | static_cast<unsigned>(hex_digit(line[i]));
  }
  if (digits == 0 || i == line.size() || line[i] != ',') {
    error = "expected a hex address and a comma after the kind";
    return false;
  }
  uint64_t size = 0;
  const size_t size_at = ++i;
  for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
    size = size * 10 + static_cast<unsigned>(line[i] - '0');
    if (size > kMaxSize) break;
  }
  if (i == size_at || i != line.size() || size == 0 || size > kMaxSize) {
    error = "expected a decimal size 1.." + std::to_string(kMaxSize) + " after the comma, and nothing else";
    return false;
  }
  const uint64_t last = va + size - 1;
  if (last >> kTraceVaBits) {
    error = "the access reaches above the 47-bit x86-64 user address space";
    return false;
  }
  out.push_back(TraceAccess{kind, va});
  for (uint64_t page = (va >> kPageShift) + 1; page <= last >> kPageShift; ++page)
    out.push_back(TraceAccess{kind, page << kPageShift});  // the next page it touches
  return true;
}

}  // namespace mmu::os
