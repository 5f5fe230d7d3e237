// The memory-access trace of a real program (instruction fetches, loads, stores and
// read-modify-writes with their virtual addresses), in a compact binary file that is
// written and read as a stream, record by record, never held whole in memory.
//
// File format (all integers little-endian):
//   offset 0   8 bytes  magic "MMUTRC01"
//   offset 8   8 bytes  number of access records that follow
//   offset 16  records, one per access, each 1..8 bytes:
//     byte 0   bits 1:0  kind (0 fetch, 1 load, 2 store, 3 modify = load then store)
//              bit  2    the delta is negative
//              bits 6:3  bits 3:0 of |delta|
//              bit  7    more bytes follow
//     then, while bit 7 of the last byte is set, 7 more bits of |delta| per byte
//     (LEB128, low bits first), at most 7 such bytes, the last one non-zero.
//   The delta is the address minus the previous address of the same stream: fetches are
//   one stream, loads/stores/modifies the other; both start at 0. Every address is an
//   x86-64 user virtual address, below 2^47. No negative zero.
// Access sizes are not kept: an access that crosses a page boundary is recorded as one
// access per page it touches (what an MMU translates).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace mmu::os {

enum class TraceKind : uint8_t { Fetch = 0, Load = 1, Store = 2, Modify = 3 };

struct TraceAccess {
  TraceKind kind = TraceKind::Load;
  uint64_t va = 0;
};

constexpr unsigned kTraceVaBits = 47;  // x86-64 user space: 0 .. 2^47 - 1
constexpr uint64_t kTraceHeaderBytes = 16;
const char* trace_kind_name(TraceKind k);  // "fetch", "load", "store", "modify"

// Reads a trace file through a 64 KiB buffer. Every malformed byte is reported once as
// "FILE: offset N: message" (N the offset of the record or header field at fault).
class TraceReader {
 public:
  TraceReader() = default;
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  bool open(const std::string& path);  // reads and checks the header
  // The next access; false at the end (error() empty) or on a malformed record. After the
  // last announced record, a byte more is an error too.
  bool next(TraceAccess& a);
  uint64_t count() const { return count_; }   // records the header announces
  uint64_t done() const { return done_; }     // records read so far
  uint64_t offset() const { return offset_; } // bytes consumed so far
  const std::string& error() const { return error_; }

 private:
  bool fill();           // refill the buffer; false at end of file
  bool byte(uint8_t& b); // the next byte; false at end of file
  bool fail(uint64_t at, const std::string& what);

  std::FILE* f_ = nullptr;
  std::string path_;
  std::vector<uint8_t> buf_;
  size_t pos_ = 0, len_ = 0;
  uint64_t count_ = 0, done_ = 0, offset_ = 0;
  uint64_t last_[2] = {0, 0};
  std::string error_;
};

// Writes a trace file; close() writes the record count into the header (the file must
// be seekable: a regular file, not a pipe).
class TraceWriter {
 public:
  TraceWriter() = default;
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  bool open(const std::string& path);
  void put(const TraceAccess& a);  // a.va < 2^47
  bool close();
  uint64_t count() const { return count_; }
  uint64_t bytes() const { return bytes_; }
  const std::string& error() const { return error_; }

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
  std::vector<uint8_t> buf_;
  uint64_t count_ = 0, bytes_ = 0;
  uint64_t last_[2] = {0, 0};
  std::string error_;
};

// The bytes of one record: `prev` the previous address of the access's stream.
void encode_trace_record(const TraceAccess& a, uint64_t prev, std::vector<uint8_t>& out);

}  // namespace mmu::os
