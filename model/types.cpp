#include "types.h"

#include <cinttypes>
#include <cstdio>

namespace mmu {

const char* to_string(Access a) {
  switch (a) {
    case Access::Fetch: return "fetch";
    case Access::Load: return "load";
    case Access::Store: return "store";
    case Access::Amo: return "amo";
  }
  return "?";
}

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Bare: return "bare";
    case Mode::Sv32: return "sv32";
    case Mode::Sv39: return "sv39";
    case Mode::Sv48: return "sv48";
    case Mode::Sv57: return "sv57";
  }
  return "?";
}

const char* to_string(Pbmt p) {
  switch (p) {
    case Pbmt::Pma: return "pma";
    case Pbmt::Nc: return "nc";
    case Pbmt::Io: return "io";
  }
  return "?";
}

const char* to_string(Priv p) {
  switch (p) {
    case Priv::U: return "U";
    case Priv::S: return "S";
    case Priv::M: return "M";
  }
  return "?";
}

const char* cause_name(Cause c) {
  switch (c) {
    case Cause::None: return "no fault";
    case Cause::FetchAccess: return "instruction access fault";
    case Cause::LoadAccess: return "load access fault";
    case Cause::StoreAccess: return "store/AMO access fault";
    case Cause::FetchPage: return "instruction page fault";
    case Cause::LoadPage: return "load page fault";
    case Cause::StorePage: return "store/AMO page fault";
  }
  return "?";
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
  return buf;
}

}  // namespace mmu
