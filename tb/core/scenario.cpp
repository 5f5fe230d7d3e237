#include "scenario.h"

#include <cinttypes>
#include <cstdio>
#include <algorithm>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

namespace mmu::tb {

namespace {

struct Line {
  int number;
  std::vector<std::string> words;
};

[[noreturn]] void fail(const std::string& file, int line, const std::string& msg) {
  throw ScenarioError(file + ":" + std::to_string(line) + ": " + msg);
}


// Checks a parsed line against the build, turning words into a Directive.
class LineParser {
 public:
  LineParser(const std::string& file, Build build, const Line& line)
      : file_(file), bi_(build_info(build)), build_(build), line_(line) {}

  Directive parse() {
    Directive d;
    d.line = line_.number;
    if (line_.words[0] == "at") {
      // at N DIRECTIVE: a CSR change, PTE write, sfence (or sinval), ordering fence or kill, N edges after the next
      // access is accepted.
      if (line_.words.size() < 3) error("expected 'at N DIRECTIVE' (mode, asid, root, priv, sum, mxr, ad, ram, mem, sfence, sinval, sfence.w.inval, sfence.inval.ir or kill)");
      const uint64_t n = number(1, "edge count", 32);
      if (n < 1 || n > 100000) error("at: the edge count must be 1..100000, not " + line_.words[1]);
      first_ = 2;
      parse_words(d);
      const std::string& kw = line_.words[2];
      if (d.op == Op::Access || d.op == Op::Peek || d.op == Op::BusErr || d.op == Op::Race)
        error("'" + kw + "' cannot be timed with 'at'");
      d.at = static_cast<unsigned>(n);
      return d;
    }
    parse_words(d);
    if (d.op == Op::Kill) error("'kill' needs a time: 'at N kill' (N edges after the next access is accepted)");
    return d;
  }

  void parse_words(Directive& d) {
    const std::string& kw = line_.words[first_];
    if (kw == "mode") {
      want(1, "mode bare|sv32|sv39|sv48|sv57");
      d.op = Op::Mode;
      d.mode = checked_mode(word(1));
    } else if (kw == "asid") {
      want(1, "asid N");
      d.op = Op::Asid;
      d.a = number(1, "ASID", bi_.asid_bits);
    } else if (kw == "root") {
      want(1, "root PPN");
      d.op = Op::Root;
      d.a = number(1, "root PPN", bi_.ppn_bits);
    } else if (kw == "priv") {
      want(1, "priv U|S|M");
      d.op = Op::Priv;
      const std::string& p = word(1);
      if (p == "U") d.priv = Priv::U;
      else if (p == "S") d.priv = Priv::S;
      else if (p == "M") d.priv = Priv::M;
      else if (p == "H" || p == "2") error("this MMU has no hypervisor privilege: priv must be U, S or M, not '" + p + "'");
      else error("priv must be U, S or M, not '" + p + "'");
    } else if (kw == "sum" || kw == "mxr") {
      want(1, kw + " 0|1");
      d.op = kw == "sum" ? Op::Sum : Op::Mxr;
      d.a = flag(1);
    } else if (kw == "ad") {
      want(1, "ad fault|hw");
      d.op = Op::Ad;
      const std::string& p = word(1);
      if (p == "fault") d.ad = AdPolicy::Fault;
      else if (p == "hw") d.ad = AdPolicy::Hw;
      else error("ad must be 'fault' or 'hw', not '" + p + "'");
    } else if (kw == "ram") {
      want(2, "ram BASE SIZE");
      d.op = Op::Ram;
      d.a = number(1, "RAM base", bi_.pa_bits);
      d.b = number(2, "RAM size", bi_.pa_bits);
      if (d.a % kPageSize || d.b % kPageSize) error("RAM base and size must be multiples of 4 KiB");
      if (d.b == 0) error("RAM size must not be 0");
      if (d.b > mask(bi_.pa_bits) - d.a + 1) error("RAM window ends beyond the " + std::to_string(bi_.pa_bits) + "-bit physical address space");
    } else if (kw == "mem") {
      want(2, "mem PADDR VALUE");
      d.op = Op::Mem;
      d.a = paddr(1);
      d.b = number(2, "PTE value", 8 * bi_.pte_bytes);
    } else if (kw == "buserr" || kw == "peek") {
      want(1, kw + " PADDR");
      d.op = kw == "peek" ? Op::Peek : Op::BusErr;
      d.a = paddr(1);
    } else if (kw == "sfence" || kw == "sinval") {
      // Svinval: sinval.vma invalidates what sfence.vma with the same operands would, and
      // this MMU performs it the same way at its edge (DESIGN.md, "Svinval").
      d.op = Op::Sfence;
      parse_sfence(kw, d.sfence);
    } else if (kw == "sfence.w.inval" || kw == "sfence.inval.ir") {
      // Svinval's ordering fences: no operands, no effect on the MMU (DESIGN.md, "Svinval").
      want(0, kw);
      d.op = Op::Order;
    } else if (kw == "fetch" || kw == "load" || kw == "store" || kw == "amo") {
      want(1, kw + " VADDR");
      d.op = Op::Access;
      d.access = kw == "fetch" ? Access::Fetch : kw == "load" ? Access::Load : kw == "store" ? Access::Store : Access::Amo;
      d.a = number(1, "virtual address", bi_.xlen);
      // AMOs (and LR/SC) are naturally aligned, at least word-sized.
      if (d.access == Access::Amo && d.a % 4) error("amo address " + word(1) + " is not 4-byte aligned (AMOs are naturally aligned)");
    } else if (kw == "race") {
      want(2, "race PADDR VALUE");
      d.op = Op::Race;
      d.a = paddr(1);
      d.b = number(2, "PTE value", 8 * bi_.pte_bytes);
    } else if (kw == "kill") {
      want(0, "kill");
      d.op = Op::Kill;
    } else if (kw == "pmp") {
      // pmp I CFG ADDR: pmpIcfg and pmpaddrI (PA bits PaBits-1:2), DESIGN.md "PMP".
      want(3, "pmp I CFG ADDR");
      d.op = Op::Pmp;
      d.a = number(1, "PMP entry", 32);
      if (d.a >= kScenarioPmpEntries)
        error("PMP entry " + word(1) + " out of range: the player implements entries 0.." +
              std::to_string(kScenarioPmpEntries - 1));
      d.b = number(2, "pmpcfg", 8);
      d.c = number(3, "pmpaddr", bi_.pa_bits - 2);
    } else {
      error("unknown directive '" + kw + "'");
    }
  }

  static Mode parse_mode(const std::string& m, bool* ok) {
    *ok = true;
    if (m == "bare") return Mode::Bare;
    if (m == "sv32") return Mode::Sv32;
    if (m == "sv39") return Mode::Sv39;
    if (m == "sv48") return Mode::Sv48;
    if (m == "sv57") return Mode::Sv57;
    *ok = false;
    return Mode::Bare;
  }

 private:
  [[noreturn]] void error(const std::string& msg) const { fail(file_, line_.number, msg); }

  Mode checked_mode(const std::string& m) const {
    bool ok;
    const Mode mode = parse_mode(m, &ok);
    if (!ok) error("mode must be bare, sv32, sv39, sv48 or sv57, not '" + m + "'");
    if (!mode_in_build(mode, build_)) error("mode " + m + " cannot be used in an rv32 scenario");
    return mode;
  }

  // Operand i of the directive (after `at N`, when timed).
  const std::string& word(size_t i) const { return line_.words[first_ + i]; }

  void want(size_t operands, const std::string& usage) const {
    if (line_.words.size() != first_ + operands + 1) error("expected '" + usage + "'");
  }

  uint64_t number(size_t i, const std::string& what, unsigned bits) const {
    uint64_t v;
    const std::string& w = word(i);
    if (!parse_number(w, v)) error("bad number '" + w + "' for " + what + " (decimal or 0x-hex)");
    if (v > mask(bits)) error(what + " " + w + " does not fit in " + std::to_string(bits) + " bits");
    return v;
  }

  uint64_t flag(size_t i) const {
    const std::string& w = word(i);
    if (w != "0" && w != "1") error("expected 0 or 1, not '" + w + "'");
    return w == "1";
  }

  uint64_t paddr(size_t i) const {
    const uint64_t pa = number(i, "physical address", bi_.pa_bits);
    if (pa % bi_.pte_bytes) error("physical address " + hex(pa) + " is not " + std::to_string(bi_.pte_bytes) + "-byte aligned");
    return pa;
  }

  void parse_sfence(const std::string& kw, SfenceOp& op) const {
    for (size_t i = first_ + 1; i < line_.words.size(); ++i) {
      const std::string& w = line_.words[i];
      const size_t eq = w.find('=');
      const std::string key = w.substr(0, eq);
      const std::string val = eq == std::string::npos ? "" : w.substr(eq + 1);
      uint64_t v;
      if (eq == std::string::npos || (key != "va" && key != "asid"))
        error(kw + " operands are va=VADDR and asid=N, not '" + w + "'");
      if (!parse_number(val, v)) error("bad number '" + val + "' in " + w);
      if (key == "va") {
        if (op.va) error(kw + " has va= twice");
        if (v > mask(bi_.xlen)) error(kw + " va " + val + " does not fit in " + std::to_string(bi_.xlen) + " bits");
        op.va = v;
      } else {
        if (op.asid) error(kw + " has asid= twice");
        if (v > mask(bi_.xlen)) error(kw + " asid " + val + " does not fit in " + std::to_string(bi_.xlen) + " bits");
        // rs2's bits above the implemented ASID width are ignored.
        op.asid = static_cast<uint32_t>(v & mask(bi_.asid_bits));
      }
    }
  }

  const std::string& file_;
  BuildInfo bi_;
  Build build_;
  const Line& line_;
  size_t first_ = 0;  // index of the directive's keyword (2 after `at N`)
};

}  // namespace

bool parse_number(const std::string& text, uint64_t& value) {
  const bool is_hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const size_t start = is_hex ? 2 : 0;
  if (text.size() <= start) return false;
  const uint64_t base = is_hex ? 16 : 10;
  uint64_t v = 0;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    uint64_t digit;
    if (c >= '0' && c <= '9') digit = static_cast<uint64_t>(c - '0');
    else if (is_hex && c >= 'a' && c <= 'f') digit = static_cast<uint64_t>(c - 'a' + 10);
    else if (is_hex && c >= 'A' && c <= 'F') digit = static_cast<uint64_t>(c - 'A' + 10);
    else return false;
    if (v > (~uint64_t{0} - digit) / base) return false;  // overflow
    v = v * base + digit;
  }
  value = v;
  return true;
}

Scenario parse_scenario(std::istream& in, const std::string& name) {
  // Pass 1: split into words, and find the build (rv32 iff any line selects sv32).
  std::vector<Line> lines;
  std::string text;
  int number = 0;
  int first_rv32 = 0, first_rv64 = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.find('\0') != std::string::npos) fail(name, number, "NUL byte in line");
    const size_t hash = text.find('#');
    if (hash != std::string::npos) text.resize(hash);
    std::istringstream words(text);
    Line line{number, {}};
    for (std::string w; words >> w;) line.words.push_back(w);
    if (line.words.empty()) continue;
    if (line.words[0] == "mode" && line.words.size() == 2) {
      bool ok;
      const Mode m = LineParser::parse_mode(line.words[1], &ok);
      if (ok && m == Mode::Sv32 && !first_rv32) first_rv32 = number;
      if (ok && (m == Mode::Sv39 || m == Mode::Sv48 || m == Mode::Sv57) && !first_rv64) first_rv64 = number;
      if (first_rv32 && first_rv64)
        fail(name, number, "a scenario cannot use both sv32 (line " + std::to_string(first_rv32) +
                               ") and sv39/sv48/sv57 (line " + std::to_string(first_rv64) + ")");
    }
    lines.push_back(std::move(line));
  }
  if (in.bad()) throw ScenarioError(name + ": read error");

  // Pass 2: check each line against the build.
  Scenario s;
  s.name = name;
  s.build = first_rv32 ? Build::Rv32 : Build::Rv64;
  s.directives.reserve(lines.size());
  std::vector<Directive> timed;  // `at` lines waiting for the access they go with
  for (const Line& l : lines) {
    Directive d = LineParser(name, s.build, l).parse();
    if (d.at) {
      timed.push_back(std::move(d));
      continue;
    }
    if (d.op == Op::Access) {
      d.events = std::move(timed);
      timed.clear();
    }
    s.directives.push_back(std::move(d));
  }
  if (!timed.empty()) fail(name, timed.front().line, "'at' with no access after it to time it from");
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw ScenarioError(path + ": cannot open file");
  return parse_scenario(f, path);
}

std::string format_access(Access acc, uint64_t va, const ScenarioTarget::Answer& a) {
  std::string s = std::string(to_string(acc)) + " " + hex(va);
  if (a.killed) return s + " killed";
  if (a.fault) return s + " fault " + std::to_string(static_cast<int>(a.cause));
  return s + " ok " + hex(a.paddr);
}

bool apply_csr(const Directive& d, CsrView& csrs) {
  switch (d.op) {
    case Op::Mode: csrs.mode = d.mode; return true;
    case Op::Asid: csrs.asid = static_cast<uint32_t>(d.a); return true;
    case Op::Root: csrs.root_ppn = d.a; return true;
    case Op::Priv: csrs.priv = d.priv; return true;
    case Op::Sum: csrs.sum = d.a != 0; return true;
    case Op::Mxr: csrs.mxr = d.a != 0; return true;
    case Op::Ad: csrs.ad = d.ad; return true;
    case Op::Ram: csrs.ram = RamWindow{d.a, d.b}; return true;
    case Op::Pmp: csrs.pmp.e[d.a] = PmpEntry{static_cast<uint8_t>(d.b), d.c}; return true;
    default: return false;
  }
}

bool run_scenario(const Scenario& s, ScenarioTarget& target, std::ostream& out) {
  CsrView csrs;
  for (const Directive& d : s.directives) {
    if (apply_csr(d, csrs)) continue;
    switch (d.op) {
      case Op::Mem: target.poke(d.a, d.b); break;
      case Op::BusErr: target.bus_error(d.a); break;
      case Op::Race: target.race(d.a, d.b); break;
      case Op::Sfence: target.sfence(csrs, d.sfence); break;
      case Op::Access: {
        const ScenarioTarget::Answer a = target.access(csrs, d.access, d.a, d.events);
        if (!a.error.empty()) throw ScenarioError(s.name + ":" + std::to_string(a.error_line) + ": " + a.error);
        if (!target.healthy()) return false;  // the mismatch report replaces this line
        // The timed CSR changes stay in force for what follows.
        for (const Directive& e : d.events) apply_csr(e, csrs);
        out << format_access(d.access, d.a, a) << '\n';
        break;
      }
      case Op::Peek: out << "peek " << hex(d.a) << ' ' << hex(target.peek(d.a)) << '\n'; break;
      default: break;
    }
    if (!target.healthy()) return false;
  }
  return true;
}

std::string nothing_to_kill(const Directive& e, const char* why) {
  return "at " + std::to_string(e.at) + " kill: nothing to kill at that edge (" + why + ")";
}

// The model alone, with the scenario memory's timing: past the L1, the L2 is looked up
// at edge t+1 (t: the request's acceptance); a walk's k-th access is accepted at edge
// t+2k and answered at t+2k+1. Timed directives act at their edge after the L2 lookup
// and before the memory: a PTE write is seen by an access accepted at that edge, an
// sfence cancels the refills, a kill abandons the request (at t+1 before its L2 lookup;
// an access accepted at that edge is still performed).
ScenarioTarget::Answer ModelTarget::access(const CsrView& csrs, Access acc, uint64_t va,
                                           const std::vector<Directive>& events) {
  std::vector<const Directive*> order;
  for (const Directive& e : events) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Directive* a, const Directive* b) { return a->at < b->at; });

  Answer ans;
  CsrView now = csrs;
  const Port port = port_of(acc);
  Outcome o = model_.lookup(port, csrs, acc, va);
  record_.begin(csrs, acc, va, model_.tlb(port), o);
  model_.arbitrate();  // the walker is free: an L1 miss starts at its acceptance edge
  size_t next = 0;
  // The CSR changes of edge `edge` are driven in the cycle before it: the PMP view
  // the model checks with at that edge includes them (DESIGN.md "PMP").
  const auto view_of = [&](uint64_t edge) {
    for (size_t i = next; i < order.size() && order[i]->at == edge; ++i) apply_csr(*order[i], now);
    model_.set_pmp(now.pmp);
  };
  // Apply the timed directives of edge `edge`; false if a kill ended the walk.
  const auto at_edge = [&](uint64_t edge, bool walking) {
    bool killed = false;
    for (; next < order.size() && order[next]->at == edge; ++next) {
      const Directive& e = *order[next];
      if (apply_csr(e, now)) continue;
      if (e.op == Op::Mem) poke(e.a, e.b);
      else if (e.op == Op::Sfence) model_.sfence(now, e.sfence);
      else if (e.op == Op::Kill) {
        if (!walking && ans.error.empty()) {
          ans.error = nothing_to_kill(e, o.walks() ? "the walk has ended" : "the access does not walk");
          ans.error_line = e.line;
        }
        killed = killed || walking;
      }
    }
    return !killed;
  };

  // The walk: an access is performed by memory at its acceptance edge (a race fires
  // right after a read) and answered at the next one.
  bool awaiting = false;
  uint64_t rdata = 0;
  bool swapped = false, err = false;
  uint64_t edge = 1;
  if (model_.second_level_pending()) {
    // Edge t+1: the L2 lookup (and the walk's start), unless a kill comes at that edge.
    bool kill_now = false;
    for (size_t i = next; i < order.size() && order[i]->at == 1; ++i) kill_now = kill_now || order[i]->op == Op::Kill;
    if (!kill_now) {
      view_of(1);
      record_.keep_walk_cache(model_.walk_cache());
      model_.second_level();
      record_.second_level(model_, model_.pending());
    }
    if (!at_edge(1, true)) {
      model_.kill_walk();
      ans.killed = true;
      record_.kill();
    } else if (model_.answer_ready()) {
      o = model_.finish_walk();  // an L2 hit, or a first PTE outside RAM
    }
    edge = 2;
  }
  for (; model_.walking(); ++edge) {
    const bool killed = !at_edge(edge, true);
    Walker& w = model_.walker();
    if (!awaiting) {
      const MemAccess& op = w.op();
      if (op.write) {
        const std::optional<bool> wrote = mem_.cas(op.pa, pte_bytes(), op.cmp, op.wdata);
        swapped = wrote.value_or(false);
        err = !wrote;
      } else {
        const std::optional<uint64_t> raw = mem_.read(op.pa, pte_bytes());
        if (raw) race_.after_read(mem_, op.pa, pte_bytes());
        rdata = raw.value_or(0);
        err = !raw;
      }
      awaiting = true;
    } else if (!killed) {
      view_of(edge);
      record_.answer(rdata, swapped, err, model_.pmp());
      model_.respond(rdata, swapped, err);
      awaiting = false;
      if (model_.answer_ready()) o = model_.finish_walk();
    }
    if (killed) {
      model_.kill_walk();
      ans.killed = true;
      record_.kill();
    }
  }
  // Directives timed after the answer still act, in order.
  while (next < order.size()) at_edge(order[next]->at, false);
  if (!ans.killed) {
    ans.fault = o.fault;
    ans.cause = o.cause;
    ans.paddr = o.paddr;
    record_.finish(o);
  }
  if (explain_) *explain_ << explain(model_.build(), model_.config(), record_);
  return ans;
}

void ModelTarget::race(uint64_t pa, uint64_t value) { race_ = Race{pa, value, true}; }

void ModelTarget::poke(uint64_t pa, uint64_t value) { mem_.poke(pa, build_info(model_.build()).pte_bytes, value); }
uint64_t ModelTarget::peek(uint64_t pa) { return mem_.peek(pa, build_info(model_.build()).pte_bytes); }
void ModelTarget::bus_error(uint64_t pa) { mem_.add_bus_error(pa, build_info(model_.build()).pte_bytes); }

}  // namespace mmu::tb
