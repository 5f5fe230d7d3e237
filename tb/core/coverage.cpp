#include "coverage.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace mmu::tb {

namespace {

const char* kKinds[] = {"fetch", "load", "store", "amo"};
const char* kOutcome(bool fault, Cause c) {
  if (!fault) return "ok";
  return c == Cause::FetchAccess || c == Cause::LoadAccess || c == Cause::StoreAccess ? "access_fault" : "page_fault";
}
const char* priv_name(Priv p) { return p == Priv::U ? "U" : p == Priv::S ? "S" : "M"; }
const char* mode_name(Mode m) { return to_string(m); }
const char* kSizes[] = {"4K", "2M-4M", "1G", "512G"};

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

}  // namespace

void Coverage::declare(const std::string& group, const std::string& name, const std::string& unreachable) {
  bins_.push_back({group, name, unreachable});
}

Coverage::Coverage() {
  // Access kind x privilege x outcome.
  for (const char* k : kKinds)
    for (const char* p : {"U", "S", "M"})
      for (const char* o : {"ok", "page_fault", "access_fault"})
        declare("access", std::string(k) + " " + p + " " + o,
                std::string(p) == "M" && std::string(o) == "page_fault" ? "M-mode does not translate: no page fault" : "");
  declare("bare", "VA above the PA width: access fault (rv64)");
  declare("bare", "VA within the PA width");
  // Permission cross: kind x U/S x SUM x MXR x outcome, translated accesses only.
  for (const char* k : kKinds)
    for (const char* p : {"U", "S"})
      for (int sum = 0; sum < 2; ++sum)
        for (int mxr = 0; mxr < 2; ++mxr)
          for (const char* o : {"ok", "page_fault"})
            declare("permission", std::string(k) + " " + p + " sum=" + std::to_string(sum) + " mxr=" +
                                      std::to_string(mxr) + " " + o);
  // Page size per mode x TLB path x outcome (the level where the translation ended).
  for (Mode m : {Mode::Sv32, Mode::Sv39, Mode::Sv48})
    for (unsigned l = 0; l < 4; ++l)
      for (const char* path : {"hit", "walk"})
        for (const char* o : {"ok", "page_fault"}) {
          const unsigned levels = geometry(m).levels;
          std::string why;
          if (l >= levels) why = std::string(mode_name(m)) + " has no level " + std::to_string(l);
          else if (m == Mode::Sv32 && l == 1) why = "";
          declare("page size", std::string(mode_name(m)) + " " + (m == Mode::Sv32 && l == 1 ? "4M" : kSizes[l]) + " " +
                                   path + " " + o, why);
        }
  for (const char* p : {"bare", "non-canonical", "hit", "miss", "dirty-rewalk"}) declare("tlb path", p);
  // A/D under both policies.
  declare("a/d", "svade walk A=0 faults");
  declare("a/d", "svade walk store D=0 faults");
  declare("a/d", "svade hit store D=0 faults");
  declare("a/d", "svade hit A=0 faults", "entries are cached only with A=1: Svade never caches A=0, Svadu writes A first");
  declare("a/d", "svadu walk writes A");
  declare("a/d", "svadu walk writes A and D");
  declare("a/d", "svadu dirty re-walk");
  declare("a/d", "svadu no write on another fault with A=0");
  declare("a/d", "svadu A/D write bus error");
  // sfence kinds x what they removed or spared.
  for (const char* k : {"all", "va", "asid", "va+asid"}) {
    const std::string kind = k;
    declare("sfence", kind + " removes global", kind == "asid" || kind == "va+asid" ? "an ASID fence spares global entries" : "");
    declare("sfence", kind + " removes non-global");
    declare("sfence", kind + " removes superpage");
    declare("sfence", kind + " spares global",
            kind == "all" || kind == "va" ? "only a fence with an ASID spares global entries" : "");
  }
  declare("sfence", "va not canonical: no-op");
  // Walk errors per level.
  for (unsigned l = 0; l < 4; ++l) {
    declare("walk error", "bus error reading level " + std::to_string(l));
    declare("walk error", "PTE outside RAM at level " + std::to_string(l));
  }
  // Timing corners (sampled by the bench).
  for (const char* t : {"back-pressure during a walk", "memory latency > 1", "request waits for a walk",
                        "sfence during a walk", "request and sfence accepted together", "back-to-back hits",
                        "reset during a walk", "reset during a hit burst"})
    declare("timing", t);
  // Kill in every walker state (sampled by the scoreboard and the bench).
  for (const char* s : {"presenting a PTE read", "presenting the A/D update"})
    for (const char* w : {", accepted at the kill edge", ", withdrawn"}) declare("kill", std::string(s) + w);
  for (const char* s : {"awaiting a PTE read's response", "awaiting the A/D update's response"})
    for (const char* w : {", response at the kill edge", ", drained later"}) declare("kill", std::string(s) + w);
  declare("kill", "kill with no walk in flight");
  // Races with a walk in flight: the atomic A/D update, sfences, CSR changes.
  declare("atomic a/d", "update failed, walk restarted");
  declare("atomic a/d", "update succeeded");
  declare("sfence race", "walk answered, refill cancelled by an sfence");
  declare("csr race", "CSR changed during a walk");
  // PLRU victims of a full TLB (8- and 16-entry builds).
  for (unsigned n : {8u, 16u})
    for (unsigned i = 0; i < n; ++i) declare("plru victim", "entry " + std::to_string(i) + " of " + std::to_string(n));
  // Stale translations: a hit that a fresh walk would answer differently.
  declare("stale", "hit agrees with a fresh walk");
  declare("stale", "hit uses a stale translation");
}

void Coverage::hit(const std::string& group, const std::string& name) { ++counts_[group + "/" + name]; }

void Coverage::translation(Build build, const CsrView& csrs, Access acc, const Outcome& o, const SparseMemory& mem,
                           unsigned tlb_entries, bool stale, bool shadow_checked) {
  const unsigned k = static_cast<unsigned>(acc);
  const char* kind = kKinds[k];
  const unsigned outcome = !o.fault ? 0 : kOutcome(o.fault, o.cause)[0] == 'p' ? 1 : 2;  // ok, page, access
  const unsigned priv = csrs.priv == Priv::U ? 0 : csrs.priv == Priv::S ? 1 : 2;
  const std::string out = kOutcome(o.fault, o.cause);
  bump(access_, (k * 3 + priv) * 3 + outcome,
       [&] { return "access/" + std::string(kind) + " " + priv_name(csrs.priv) + " " + out; });
  bump(path_, static_cast<unsigned>(o.path), [&] { return std::string("tlb path/") + to_string(o.path); });
  const bool translated = o.path != Path::Bare && o.path != Path::NonCanonical;
  if (translated && outcome != 2) {
    bump(perm_, (((k * 2 + priv) * 2 + csrs.sum) * 2 + csrs.mxr) * 2 + outcome, [&] {
      return "permission/" + std::string(kind) + " " + priv_name(csrs.priv) + " sum=" + std::to_string(csrs.sum) +
             " mxr=" + std::to_string(csrs.mxr) + " " + out;
    });
    const unsigned mode = static_cast<unsigned>(csrs.mode), level = o.stop_level & 3;
    bump(size_, ((mode * 4 + level) * 2 + (o.path == Path::Hit)) * 2 + outcome, [&] {
      const std::string size = csrs.mode == Mode::Sv32 && level == 1 ? "4M" : kSizes[level];
      return "page size/" + std::string(mode_name(csrs.mode)) + " " + size + " " + (o.path == Path::Hit ? "hit" : "walk") +
             " " + out;
    });
  }
  if (o.path == Path::Bare) bump(bare_, o.fault, [&] {
      return std::string("bare/") + (o.fault ? "VA above the PA width: access fault (rv64)" : "VA within the PA width");
    });
  // A/D.
  const bool wrote = o.accesses.count && o.accesses[o.accesses.count - 1].write;
  if (wrote && o.accesses[o.accesses.count - 1].swapped) hit("atomic a/d", "update succeeded");
  if (o.stop == WalkStop::AdFault) {
    if (o.path == Path::Hit) hit("a/d", writes(acc) ? "svade hit store D=0 faults" : "svade hit A=0 faults");
    else {
      const uint64_t leaf = mem.peek(o.accesses[o.accesses.count - 1].pa, build_info(build).pte_bytes);
      hit("a/d", (leaf & Pte::kA) ? "svade walk store D=0 faults" : "svade walk A=0 faults");
    }
  }
  if (wrote) {
    if (o.accesses[o.accesses.count - 1].err) hit("a/d", "svadu A/D write bus error");
    else hit("a/d", writes(acc) ? "svadu walk writes A and D" : "svadu walk writes A");
  }
  if (o.path == Path::DirtyRewalk) hit("a/d", "svadu dirty re-walk");
  if (csrs.ad == AdPolicy::Hw && o.fault && o.walks() && o.stop != WalkStop::AccessFault && o.accesses.count) {
    const MemAccess& last = o.accesses[o.accesses.count - 1];
    const Pte leaf{mem.peek(last.pa, build_info(build).pte_bytes)};
    if (!last.write && leaf.v() && leaf.is_leaf() && !leaf.a()) hit("a/d", "svadu no write on another fault with A=0");
  }
  // Walk errors.
  if (o.walks() && o.stop == WalkStop::AccessFault) {
    const bool bus = o.accesses.count && o.accesses[o.accesses.count - 1].err && !o.accesses[o.accesses.count - 1].write;
    hit("walk error", std::string(bus ? "bus error reading level " : "PTE outside RAM at level ") + std::to_string(o.stop_level));
  }
  // PLRU victims.
  if (o.replaced && (tlb_entries == 8 || tlb_entries == 16))
    bump(victim_, (tlb_entries == 16) * 16 + static_cast<unsigned>(o.entry), [&] {
      return "plru victim/entry " + std::to_string(o.entry) + " of " + std::to_string(tlb_entries);
    });
  if (shadow_checked)
    bump(stale_, stale, [&] { return std::string("stale/") + (stale ? "hit uses a stale translation" : "hit agrees with a fresh walk"); });
}

void Coverage::sfence(const SfenceOp& op, const SfenceEffect& fx) {
  if (fx.ignored) {
    hit("sfence", "va not canonical: no-op");
    return;
  }
  const std::string kind = op.va && op.asid ? "va+asid" : op.va ? "va" : op.asid ? "asid" : "all";
  if (fx.removed_global) hit("sfence", kind + " removes global");
  if (fx.removed_nonglobal) hit("sfence", kind + " removes non-global");
  if (fx.removed_superpage) hit("sfence", kind + " removes superpage");
  if (fx.spared_global) hit("sfence", kind + " spares global");
}

std::string Coverage::to_json() const {
  nlohmann::json j;
  j["bins"] = nlohmann::json::object();
  for (const auto& [k, v] : counts_) j["bins"][k] = v;
  return j.dump(1);
}

bool Coverage::merge_json(const std::string& text, std::string& error) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    for (const auto& [k, v] : j.at("bins").items()) counts_[k] += v.get<uint64_t>();
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

unsigned Coverage::reachable() const {
  unsigned n = 0;
  for (const CoverBin& b : bins_) n += b.unreachable.empty();
  return n;
}

unsigned Coverage::covered() const {
  unsigned n = 0;
  for (const CoverBin& b : bins_)
    if (b.unreachable.empty() && counts_.count(b.group + "/" + b.name)) ++n;
  return n;
}

std::string Coverage::text_report() const {
  std::ostringstream s;
  s << "functional coverage: " << covered() << " of " << reachable() << " reachable bins hit ("
    << (reachable() ? 100.0 * covered() / reachable() : 0.0) << "%), " << bins_.size() - reachable()
    << " unreachable\n";
  std::string group;
  for (const CoverBin& b : bins_) {
    if (b.group != group) {
      group = b.group;
      s << "\n[" << group << "]\n";
    }
    auto it = counts_.find(b.group + "/" + b.name);
    const uint64_t n = it == counts_.end() ? 0 : it->second;
    if (!b.unreachable.empty()) s << "  unreachable  " << b.name << "  -- " << b.unreachable << "\n";
    else s << (n ? "  hit " : "  MISSED ") << (n ? std::to_string(n) : "") << "  " << b.name << "\n";
  }
  return s.str();
}

std::string Coverage::html_report() const {
  std::ostringstream s;
  s << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rvmmu functional coverage</title>"
       "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:2px 8px}td.n{text-align:right}.hit{background:#dfd}"
       ".miss{background:#fdd}.un{background:#eee;color:#666}</style></head><body>"
    << "<h1>Functional coverage</h1><p>" << covered() << " of " << reachable() << " reachable bins hit ("
    << (reachable() ? 100.0 * covered() / reachable() : 0.0) << "%); " << bins_.size() - reachable()
    << " bins unreachable, listed with the reason.</p>";
  std::string group;
  for (const CoverBin& b : bins_) {
    if (b.group != group) {
      if (!group.empty()) s << "</table>";
      group = b.group;
      s << "<h2>" << html_escape(group) << "</h2><table><tr><th>bin</th><th>hits</th><th>note</th></tr>";
    }
    auto it = counts_.find(b.group + "/" + b.name);
    const uint64_t n = it == counts_.end() ? 0 : it->second;
    const char* cls = !b.unreachable.empty() ? "un" : n ? "hit" : "miss";
    s << "<tr class=\"" << cls << "\"><td>" << html_escape(b.name) << "</td><td class=\"n\">" << n << "</td><td>"
      << html_escape(b.unreachable.empty() ? (n ? "" : "not hit") : "unreachable: " + b.unreachable) << "</td></tr>";
  }
  s << "</table></body></html>\n";
  return s.str();
}

}  // namespace mmu::tb
