#include "program_trace.h"

#include <cerrno>
#include <cstring>

#include "types.h"

namespace mmu::os {

namespace {

constexpr char kMagic[8] = {'M', 'M', 'U', 'T', 'R', 'C', '0', '1'};
constexpr size_t kBufBytes = 64 * 1024;
constexpr unsigned kMaxMoreBytes = 7;  // 4 + 7 * 7 = 53 bits >= the 47 of any delta
constexpr uint64_t kVaLimit = uint64_t{1} << kTraceVaBits;

unsigned stream_of(TraceKind k) { return k == TraceKind::Fetch ? 0 : 1; }

}  // namespace

const char* trace_kind_name(TraceKind k) {
  switch (k) {
    case TraceKind::Fetch: return "fetch";
    case TraceKind::Load: return "load";
    case TraceKind::Store: return "store";
    case TraceKind::Modify: return "modify";
  }
  return "?";
}

void encode_trace_record(const TraceAccess& a, uint64_t prev, std::vector<uint8_t>& out) {
  const bool neg = a.va < prev;
  uint64_t mag = neg ? prev - a.va : a.va - prev;
  uint64_t rest = mag >> 4;
  out.push_back(static_cast<uint8_t>(static_cast<unsigned>(a.kind) | (neg ? 4u : 0u) |
                                     static_cast<unsigned>((mag & 0xf) << 3) | (rest ? 0x80u : 0u)));
  while (rest) {
    const uint8_t low = rest & 0x7f;
    rest >>= 7;
    out.push_back(static_cast<uint8_t>(low | (rest ? 0x80 : 0)));
  }
}

// --- reader ---

TraceReader::~TraceReader() {
  if (f_) std::fclose(f_);
}

bool TraceReader::fail(uint64_t at, const std::string& what) {
  if (error_.empty()) error_ = path_ + ": offset " + std::to_string(at) + ": " + what;
  return false;
}

bool TraceReader::fill() {
  len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
  pos_ = 0;
  if (len_ == 0 && std::ferror(f_)) fail(offset_, std::string("read error: ") + std::strerror(errno));
  return len_ > 0;
}

bool TraceReader::byte(uint8_t& b) {
  if (pos_ == len_ && !fill()) return false;
  b = buf_[pos_++];
  ++offset_;
  return true;
}

bool TraceReader::open(const std::string& path) {
  path_ = path;
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) return fail(0, std::string("cannot open: ") + std::strerror(errno));
  buf_.resize(kBufBytes);
  uint8_t head[kTraceHeaderBytes];
  size_t got = 0;
  for (uint8_t& b : head) {
    if (!byte(b)) break;
    ++got;
  }
  if (!error_.empty()) return false;
  if (got < sizeof kMagic || std::memcmp(head, kMagic, sizeof kMagic) != 0)
    return fail(0, "not a trace file (it does not start with MMUTRC01)");
  if (got < kTraceHeaderBytes) return fail(got, "the header ends early (16 bytes: magic and record count)");
  for (unsigned i = 0; i < 8; ++i) count_ |= uint64_t{head[8 + i]} << (8 * i);
  return true;
}

bool TraceReader::next(TraceAccess& a) {
  if (!error_.empty()) return false;
  const uint64_t at = offset_;
  uint8_t b;
  if (done_ == count_) {
    if (byte(b)) return fail(at, "data after the last of the " + std::to_string(count_) + " records the header announces");
    return false;
  }
  if (!byte(b))
    return error_.empty() ? fail(at, "the file ends after " + std::to_string(done_) + " of the " +
                                         std::to_string(count_) + " records the header announces")
                          : false;
  const TraceKind kind = static_cast<TraceKind>(b & 3);
  const bool neg = b & 4;
  uint64_t mag = (b >> 3) & 0xf;
  unsigned shift = 4, more = 0;
  while (b & 0x80) {
    if (!byte(b)) return error_.empty() ? fail(at, "the file ends inside a record") : false;
    if (++more > kMaxMoreBytes) return fail(at, "a record longer than 8 bytes");
    if (!(b & 0x80) && b == 0) return fail(at, "an overlong delta (its last byte is zero)");
    mag |= uint64_t{b & 0x7fu} << shift;
    shift += 7;
  }
  if (neg && mag == 0) return fail(at, "a negative zero delta");
  uint64_t& last = last_[stream_of(kind)];
  if (neg ? mag > last : mag >= kVaLimit - last)
    return fail(at, std::string(trace_kind_name(kind)) + " address " + (neg ? "below 0" : "at or above 2^47") +
                        " (previous " + hex(last) + ", delta " + (neg ? "-" : "+") + hex(mag) + ")");
  last = neg ? last - mag : last + mag;
  a.kind = kind;
  a.va = last;
  ++done_;
  return true;
}

// --- writer ---

TraceWriter::~TraceWriter() {
  if (f_) std::fclose(f_);
}

bool TraceWriter::open(const std::string& path) {
  path_ = path;
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) {
    error_ = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  const uint8_t zero[8] = {};
  std::fwrite(kMagic, 1, sizeof kMagic, f_);
  std::fwrite(zero, 1, sizeof zero, f_);
  bytes_ = kTraceHeaderBytes;
  buf_.reserve(kBufBytes + 16);
  return true;
}

void TraceWriter::put(const TraceAccess& a) {
  uint64_t& last = last_[stream_of(a.kind)];
  encode_trace_record(a, last, buf_);
  last = a.va;
  ++count_;
  if (buf_.size() >= kBufBytes) {
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    bytes_ += buf_.size();
    buf_.clear();
  }
}

bool TraceWriter::close() {
  if (!f_) return false;
  std::fwrite(buf_.data(), 1, buf_.size(), f_);
  bytes_ += buf_.size();
  buf_.clear();
  uint8_t n[8];
  for (unsigned i = 0; i < 8; ++i) n[i] = static_cast<uint8_t>(count_ >> (8 * i));
  bool ok = !std::ferror(f_) && std::fseek(f_, sizeof kMagic, SEEK_SET) == 0 &&
            std::fwrite(n, 1, sizeof n, f_) == sizeof n;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok) error_ = path_ + ": write error, or cannot write the record count into the header (a pipe? the file must be seekable)";
  return ok;
}

}  // namespace mmu::os
