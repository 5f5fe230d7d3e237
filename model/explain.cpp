#include "explain.h"

#include <cinttypes>
#include <cstdio>
#include <map>
#include <optional>

#include "perm.h"

namespace mmu {

namespace {


// Hex with the digits a field of `bits` bits needs (VPN[1] of Sv32: 0x001).
std::string hex_field(uint64_t v, unsigned bits) {
  unsigned digits = (bits + 3) / 4;
  while (digits < 16 && (v >> (4 * digits)) != 0) ++digits;
  std::string s(digits, '0');
  for (unsigned i = 0; i < digits; ++i) s[digits - 1 - i] = "0123456789abcdef"[(v >> (4 * i)) & 0xf];
  return "0x" + s;
}

std::string bin(uint64_t v, unsigned bits) {
  std::string s;
  for (unsigned i = bits; i-- > 0;) s += ((v >> i) & 1) ? '1' : '0';
  return s;
}

std::string num(uint64_t v) { return std::to_string(v); }
std::string bit(bool b) { return b ? "1" : "0"; }

std::string size_text(uint64_t bytes) {
  static const char* const kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  unsigned u = 0;
  while (u < 4 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++u;
  }
  return num(bytes) + " " + kUnits[u];
}

const char* priv_text(Priv p) { return p == Priv::U ? "U-mode" : p == Priv::S ? "S-mode" : "M-mode"; }

const char* mode_text(Mode m) {
  switch (m) {
    case Mode::Bare: return "Bare";
    case Mode::Sv32: return "Sv32";
    case Mode::Sv39: return "Sv39";
    case Mode::Sv48: return "Sv48";
    case Mode::Sv57: return "Sv57";
  }
  return "?";
}

const char* access_noun(Access a) {
  switch (a) {
    case Access::Fetch: return "a fetch";
    case Access::Load: return "a load";
    case Access::Store: return "a store";
    case Access::Amo: return "an AMO";
  }
  return "?";
}

// The eight flags as V=1 R=0 ..., from pte.h's table.
std::string flags_text(const Pte& p) {
  std::string s;
  for (const Pte::Flag& f : Pte::kFlags) {
    if (!s.empty()) s += ' ';
    s += f.name;
    s += '=';
    s += bit(p.raw & f.bit);
  }
  return s;
}

std::string perms_text(const LeafPerms& p) {
  return "U=" + bit(p.u) + " R=" + bit(p.r) + " W=" + bit(p.w) + " X=" + bit(p.x);
}

// Why a permission rule refuses an access, in words that name the rule.
std::string rule_words(PermRule r, bool mxr) {
  switch (r) {
    case PermRule::Allowed: return "allowed";
    case PermRule::UserNeedsU: return "U/S rule: U-mode may only touch pages with U=1, and this page has U=0";
    case PermRule::SupervisorNeedsSum:
      return "SUM rule: S-mode may touch a U=1 page only when mstatus.SUM=1, and SUM=0";
    case PermRule::SupervisorNoUserX:
      return "U/S rule: S-mode never executes from a U=1 page, whatever SUM says";
    case PermRule::FetchNeedsX: return "X rule: a fetch needs X=1, and X=0";
    case PermRule::LoadNeedsR:
      return mxr ? "MXR rule: a load needs R=1, or X=1 with MXR=1, and R=0 X=0"
                 : "MXR rule: a load needs R=1 (X=1 would do only with mstatus.MXR=1, and MXR=0), and R=0";
    case PermRule::WriteNeedsW: return "W rule: a store or AMO needs W=1, and W=0";
  }
  return "?";
}

// The two permission steps of a leaf (or of a TLB entry, against the CSRs of now).
std::vector<std::string> perm_lines(const LeafPerms& p, const CsrView& c, Access acc) {
  std::vector<std::string> out;
  const PermRule rule = perm_rule(p, c.priv, c.sum, c.mxr, acc);
  // Step 6: the U bit with the privilege and SUM.
  std::string s6 = "step 6 (U bit): ";
  if (c.priv == Priv::U) s6 += "U-mode needs U=1: U=" + bit(p.u);
  else if (!p.u) s6 += "a U=0 page from S-mode";
  else if (acc == Access::Fetch) s6 += "a fetch from a U=1 page in S-mode";
  else s6 += "a U=1 page from S-mode needs SUM=1: SUM=" + bit(c.sum);
  const bool step6_refuses =
      rule == PermRule::UserNeedsU || rule == PermRule::SupervisorNeedsSum || rule == PermRule::SupervisorNoUserX;
  out.push_back(s6 + (step6_refuses ? ": refused (" + rule_words(rule, c.mxr) + "): page fault" : ": allowed"));
  if (step6_refuses) return out;
  // Step 8: R/W/X with MXR.
  std::string s8 = "step 8 (R/W/X): ";
  switch (acc) {
    case Access::Fetch: s8 += "a fetch needs X=1: X=" + bit(p.x); break;
    case Access::Load:
      s8 += c.mxr ? "a load needs R=1, or X=1 since MXR=1: R=" + bit(p.r) + " X=" + bit(p.x)
                  : "a load needs R=1 (MXR=0): R=" + bit(p.r);
      break;
    case Access::Store: s8 += "a store needs W=1: W=" + bit(p.w); break;
    case Access::Amo: s8 += "an AMO writes, so it needs W=1: W=" + bit(p.w); break;
  }
  out.push_back(s8 + (rule == PermRule::Allowed ? ": allowed" : ": refused (" + rule_words(rule, c.mxr) + "): page fault"));
  return out;
}

// Writes the explanation as the model reports each step.
class Explainer : public Observer {
 public:
  Explainer(Build build, const CsrView& c, Access acc, uint64_t va)
      : build_(build), bi_(build_info(build)), c_(c), acc_(acc), va_(va), levels_(geometry(c.mode).levels) {
    request();
  }

  void untranslated() override {
    line(1, c_.mode == Mode::Bare ? "no translation: satp.MODE is Bare, so PA = VA"
                                  : std::string("no translation: ") + priv_text(c_.priv) +
                                        " accesses are not translated (satp applies to S- and U-mode), so PA = VA");
    if (va_ > mask(bi_.pa_bits))
      why_ = "the VA " + hex(va_) + " has bits set above the " + num(bi_.pa_bits) +
             "-bit physical address: there is no such physical address";
  }

  void non_canonical() override {
    const unsigned top = geometry(c_.mode).va_bits - 1;
    line(1, "canonical check: VA[63:" + num(top + 1) + "] must all equal VA[" + num(top) + "] = " +
                bit((va_ >> top) & 1) + ", and VA[63:" + num(top + 1) + "] = " + hex(va_ >> (top + 1)) +
                ": not canonical: page fault, without a TLB lookup or a walk");
    why_ = "the VA is not canonical for " + std::string(mode_text(c_.mode)) + " (bits 63.." + num(top + 1) +
           " are not copies of bit " + num(top) + ")";
  }

  void tlb_miss(uint32_t asid) override {
    line(1, "TLB lookup (satp.ASID " + num(asid) + ", VPN tag " + hex(vpn_tag(bi_, va_)) +
                "): miss: no valid entry covers this VA under ASID " + num(asid) + " or as a global entry");
  }

  void tlb_hit(unsigned entry, uint32_t entry_asid, const Leaf& leaf, uint32_t asid) override {
    hit_ = leaf;
    hit_entry_ = entry;
    line(1, "TLB lookup (satp.ASID " + num(asid) + ", VPN tag " + hex(vpn_tag(bi_, va_)) + "): hit on entry " +
                num(entry));
    line(2, leaf.global ? "it matches: valid, and global (G=1): any ASID matches (it was filled under ASID " +
                              num(entry_asid) + ")"
                        : "it matches: valid, not global, and its ASID " + num(entry_asid) + " = satp.ASID " +
                              num(asid));
    const unsigned top = levels_ ? levels_ - 1 : 0;
    std::string fields;
    for (unsigned i = top + 1; i-- > leaf.level;) fields += " " + hex_field(vpn_field(bi_, va_, i), bi_.vpn_bits);
    std::string page = "page: level " + num(leaf.level) + ", " + size_text(page_bytes(bi_, leaf.level)) +
                       ": the VA's VPN[" + num(top) + (leaf.level < top ? ":" + num(leaf.level) : "") + "] =" +
                       fields + " equal those of the entry's tag " + hex(leaf.vpn);
    if (leaf.level > 0)
      page += "; VPN[" + num(leaf.level - 1) + (leaf.level > 1 ? ":0" : "") + "] and the offset select within the page";
    line(2, page);
    line(2, "the entry holds: PPN " + hex(leaf.ppn) + ", " + perms_text(leaf.perms) + " A=" + bit(leaf.a) +
                " D=" + bit(leaf.d));
  }

  void tlb_dropped(unsigned entry) override {
    line(2, "Svadu: entry " + num(entry) + " is dropped and a walk sets the bits in memory (a dirty re-walk)");
  }

  void l2_miss() override {
    line(1, "L2 TLB lookup (one edge later: the VA's set of the 4 KiB array, and the superpage array): miss");
  }

  void l2_hit(bool super, unsigned set, unsigned index, const Leaf& leaf) override {
    hit_ = leaf;
    line(1, "L2 TLB lookup (one edge later): hit on " +
                (super ? "superpage entry " + num(index) : "set " + num(set) + " way " + num(index)) +
                ": level " + num(leaf.level) + ", PPN " + hex(leaf.ppn) + ", " + perms_text(leaf.perms) +
                " A=" + bit(leaf.a) + " D=" + bit(leaf.d) + (leaf.global ? ", global" : ""));
  }

  void walk_cache_start(uint64_t table, unsigned level, unsigned restarts) override {
    begin_walk(table, restarts);
    line(2, "walk cache: a pointer cached by an earlier walk names the level-" + num(level) + " table at " +
                hex(table) + ": the reads above level " + num(level) + " are skipped; a = " + hex(table) +
                ", i = " + num(level));
  }

  void walk_start(uint64_t root_pa, unsigned level, unsigned restarts) override {
    begin_walk(root_pa, restarts);
    line(2, "step 1: a = satp.PPN * PAGESIZE = " + hex(c_.root_ppn & mask(bi_.ppn_bits)) + " * 4096 = " +
                hex(root_pa) + "; i = LEVELS-1 = " + num(level));
  }

  // The walk (or its restart) begins at `table`.
  void begin_walk(uint64_t table, unsigned restarts) {
    in_walk_ = true;
    global_ = false;
    table_ = table;
    if (restarts == 0) line(1, "page-table walk (the spec's translation process):");
    else line(2, "restart " + num(restarts) + ": back to step 1 with the CSR snapshot the walk started with");
  }

  void pte_address(unsigned level, uint64_t table, uint64_t index, uint64_t pa) override {
    level_ = level;
    table_ = table;
    pte_pa_ = pa;
    line(2, "level " + num(level) + ":");
    line(3, "step 2: PTE address = a + VPN[" + num(level) + "] * PTESIZE = " + hex(table) + " + " +
                hex_field(index, bi_.vpn_bits) + " * " + num(bi_.pte_bytes) + " = " + hex(pa));
  }

  void pte_read(unsigned, uint64_t, uint64_t raw) override {
    raw_ = raw;
    const Pte p{raw};
    global_ = global_ || p.g();
    std::string s = "read PTE = " + hex_field(raw, 8 * bi_.pte_bytes) + ": PPN " + hex(p.ppn(bi_)) + " (PTE[" +
                    num(Pte::kPpnShift + bi_.ppn_bits - 1) + ":" + num(Pte::kPpnShift) + "]), " + flags_text(p) +
                    ", RSW=" + num(p.rsw());
    if (bi_.pte_bytes == 8 && (p.n() || p.pbmt() || p.reserved()))
      s += ", N=" + bit(p.n()) + " PBMT=" + num(p.pbmt()) + " reserved[60:54]=" + hex(p.reserved());
    line(3, s);
  }

  void bus_error(uint64_t pa, bool write) override {
    line(3, std::string(write ? "the A/D update" : "the read") + " of " + hex(pa) + " got a bus error: access fault");
    why_ = std::string("a bus error on the ") + (write ? "A/D update of the PTE" : "read of the PTE") + " at " +
           hex(pa) + " (level " + num(level_) + ")";
  }

  void ad_update(uint64_t pa, uint64_t cmp, uint64_t wdata) override {
    line(3, "step 9, Svadu: atomic compare-and-swap at " + hex(pa) + ": if memory still holds " + hex(cmp) +
                " (the PTE as read), write " + hex(wdata) + " (A=1" + (writes(acc_) ? ", D=1" : "") + ")");
    update_ = wdata;
  }

  void ad_update_done(bool swapped) override {
    if (swapped) line(3, "memory still held it: swapped; the PTE is now " + hex(update_));
    else
      line(3, "memory no longer held it (another agent wrote the PTE after the read): nothing written, and "
              "the walk starts again (the update must be atomic with the read)");
  }

  void pmp(PmpUse use, const PmpConfig& view, uint64_t pa, unsigned bytes, Priv priv, PmpAccess acc,
           const PmpResult& r) override {
    const std::string what = use == PmpUse::PteRead    ? "the PTE read"
                             : use == PmpUse::AdUpdate ? "the A/D update"
                                                       : "the PA";
    std::string s = "PMP: " + what + " at " + hex(pa) + ", " + num(bytes) + (bytes == 1 ? " byte" : " bytes") +
                    ", " + priv_text(priv) + (use == PmpUse::Translated ? "" : " (page-table accesses are S-mode)") +
                    " " + to_string(acc) + ": ";
    std::string why;
    if (view.entries == 0) {
      s += "no PMP entries implemented: allowed";
    } else if (r.entry < 0) {
      s += "no entry matches";
      s += r.allowed ? ": M-mode: allowed" : ": S/U-mode with entries implemented: denied";
      why = "no PMP entry matches " + hex(pa) + " (S/U-mode)";
    } else {
      const unsigned i = static_cast<unsigned>(r.entry);
      const uint8_t cfg = view.e[i].cfg;
      const PmpRange m = pmp_range(view, build_, i);
      s += "entry " + num(i) + " (the lowest matching), " + to_string(pmp_mode(cfg)) + " [" + hex(m.lo) + ", " +
           hex(m.hi) + "), R=" + bit(cfg & kPmpR) + " W=" + bit(cfg & kPmpW) + " X=" + bit(cfg & kPmpX) +
           " L=" + bit(cfg & kPmpL);
      if (r.partial) {
        s += ": matches only part of the access: denied whatever its permissions";
        why = "PMP entry " + num(i) + " matches only part of the " + num(bytes) + "-byte access at " + hex(pa);
      } else if (r.allowed) {
        s += priv != Priv::S && priv != Priv::U && !(cfg & kPmpL) ? ": M-mode, not locked: allowed" : ": allowed";
      } else {
        s += std::string(cfg & kPmpL && priv != Priv::S && priv != Priv::U ? ": locked, so M-mode is checked too" : "") +
             ": no " + to_string(acc) + " permission: denied";
        why = "PMP entry " + num(i) + " denies " + to_string(acc) + " at " + hex(pa);
      }
    }
    if (!r.allowed) {
      s += ": access fault" + std::string(use == PmpUse::Translated ? "" : ", no memory request made");
      why_ = why + (use == PmpUse::Translated ? "" : " (" + what + " of the walk, level " + num(level_) + ")");
    }
    line(use == PmpUse::Translated ? 1 : 3, s);
  }

  void check(Check c, bool ok) override {
    if (!in_walk_) return hit_check(c, ok);
    const Pte p{raw_};
    switch (c) {
      case Check::PteInRam:
        if (!ok) {
          line(3, "step 2: " + hex(pte_pa_) + " is outside the RAM window [" + hex(c_.ram.base) + ", " +
                      hex(c_.ram.base + c_.ram.size) + "): a PMA violation: access fault, no memory request made");
          why_ = "the PTE address " + hex(pte_pa_) + " (level " + num(level_) + ") is outside the RAM window";
        }
        break;
      case Check::Valid:
        if (ok) line(3, "step 3: V=1, and not W=1 with R=0: valid");
        else if (!p.v()) fail("step 3: V=0: invalid", "the PTE at level " + num(level_) + " is invalid (V=0)");
        else
          fail("step 3: W=1 with R=0 is a reserved encoding",
               "the PTE at level " + num(level_) + " has W=1 with R=0 (reserved)");
        break;
      case Check::NoReserved:
        if (!ok) {
          // The explainer replays on MmuModel, which has no Svnapot switch yet (DESIGN.md,
          // "RVA23 extensions in the model"): N=1 is reserved there.
          std::string what;
          if (p.n()) what += "N=1 (Svnapot is not implemented) ";
          if (p.pbmt() && !c_.pbmte) what += "PBMT=" + num(p.pbmt()) + " (Svpbmt is not implemented) ";
          else if (p.pbmt() && !p.is_leaf()) what += "PBMT=" + num(p.pbmt()) + " in a non-leaf PTE ";
          else if (p.pbmt() == 3) what += "PBMT=3 (a reserved value) ";
          if (p.reserved()) what += "bits 60:54 = " + hex(p.reserved()) + " ";
          fail("step 3: reserved bits set: " + what.substr(0, what.size() - 1),
               "the PTE at level " + num(level_) + " has reserved bits set");
          break;
        }
        if (bi_.pte_bytes == 4) line(3, "step 3: no reserved bits (an Sv32 PTE has none)");
        else if (!p.n() && !p.pbmt()) line(3, "step 3: no reserved bits (N, PBMT and bits 60:54 are 0)");
        else
          line(3, "step 3: no reserved bits or encodings (bits 60:54 are 0" +
                      std::string(p.pbmt() ? "; PBMT=" + num(p.pbmt()) + " (" + to_string(static_cast<Pbmt>(p.pbmt())) +
                                                 ") with menvcfg.PBMTE=1"
                                           : "") +
                      (p.n() ? "; N=1 with PPN[3:0]=1000 at level 0: a 64 KiB NAPOT page" : "") + ")");
        line(3, p.is_leaf() ? "step 4: R=" + bit(p.r()) + " X=" + bit(p.x()) + ": a leaf, at level " + num(level_) +
                                  ": a " + size_text(page_bytes(bi_, level_)) +
                                  (level_ > 0 ? " superpage" : " page")
                            : "step 4: R=0 and X=0: a pointer to the next level's table");
        break;
      case Check::PointerBits:
        if (ok) line(3, "step 3, for a pointer: D, A and U are reserved in a non-leaf PTE, and all are 0");
        else
          fail("step 3, for a pointer: D=" + bit(p.d()) + " A=" + bit(p.a()) + " U=" + bit(p.u()) +
                   ": D, A and U are reserved in a non-leaf PTE",
               "the pointer PTE at level " + num(level_) + " has D, A or U set (reserved in a non-leaf PTE)");
        break;
      case Check::PointerLevel:
        if (ok)
          line(3, "step 4: i = " + num(level_) + " - 1 = " + num(level_ - 1) + "; a = PTE.PPN * PAGESIZE = " +
                      hex(p.ppn(bi_)) + " * 4096 = " + hex((p.ppn(bi_) << kPageShift) & mask(bi_.pa_bits)) +
                      "; back to step 2");
        else
          fail("step 4: a pointer at level 0: i - 1 < 0, there is no level below",
               "a pointer PTE at level 0 (no level left to point to)");
        break;
      case Check::Aligned: {
        const uint64_t low = p.ppn(bi_) & mask(level_ * bi_.vpn_bits);
        const std::string fields = "PTE.PPN[" + num(level_ - 1) + (level_ > 1 ? ":0]" : "]");
        if (level_ == 0) line(3, "step 5: a 4 KiB page: no superpage alignment to check");
        else if (ok) line(3, "step 5: superpage alignment: " + fields + " = 0: aligned");
        else
          fail("step 5: misaligned superpage: " + fields + " = " + hex(low) + ", must be 0",
               "misaligned superpage: the level-" + num(level_) + " leaf has " + fields + " = " + hex(low));
        break;
      }
      case Check::Permission:
        for (const std::string& s : perm_lines(p.perms(), c_, acc_)) line(3, s);
        if (!ok) why_ = rule_words(perm_rule(p.perms(), c_.priv, c_.sum, c_.mxr, acc_), c_.mxr);
        break;
      case Check::AdBits:
        if (ok) {
          line(3, std::string("step 9: A=1") + (writes(acc_) ? " and D=1" : ", and " + std::string(access_noun(acc_)) +
                                                                                " does not need D") +
                      ": nothing to update");
        } else {
          const std::string need = !p.a() ? "A=0" : "D=0 and " + std::string(access_noun(acc_)) + " writes";
          if (c_.ad == AdPolicy::Fault)
            fail("step 9: " + need + "; Svade (ad fault): page fault, software sets A/D",
                 need + " in the leaf PTE, and Svade leaves A/D to software");
          else line(3, "step 9: " + need + "; Svadu (ad hw): the walker sets the bits itself");
        }
        break;
    }
  }

  // The walk was not over when the record ended: what it waited for.
  void waiting(const MemAccess& op) {
    line(2, std::string("the walk was waiting for memory: ") +
                (op.write ? "the A/D compare-and-swap at " + hex(op.pa) : "the read of the PTE at " + hex(op.pa)));
  }

  void end(const Outcome& o, TranslationRecord::End how) {
    if (how == TranslationRecord::End::Killed) {
      line(1, "result: killed (kill_i) during its walk: no answer, no TLB refill");
      return;
    }
    if (how == TranslationRecord::End::Reset) {
      line(1, "result: abandoned by a reset during its walk: no answer, no TLB refill");
      return;
    }
    if (how == TranslationRecord::End::InFlight) {
      line(1, "result: not known yet (the walk was still in flight)");
      return;
    }
    if (o.fault) {
      line(1, "result: " + std::string(cause_is_page(o.cause) ? "page fault" : "access fault") + ", cause " +
                  num(static_cast<unsigned>(o.cause)) + " (" + cause_name(o.cause) + "): " +
                  (o.path == Path::Hit     ? "TLB entry " + num(hit_entry_) + ": "
                   : o.path == Path::L2Hit ? "L2 TLB entry: "
                                           : std::string()) + why_);
      return;
    }
    switch (o.path) {
      case Path::Bare: line(1, "result: PA " + hex(o.paddr) + " (= VA)"); return;
      case Path::Hit:
        line(1, "PA = " + pa_fields(hit_.ppn, hit_.level, "entry") + " = " + hex(o.paddr));
        line(1, "result: PA " + hex(o.paddr) + ", from TLB entry " + num(hit_entry_) + " without a walk");
        return;
      case Path::L2Hit:
        line(1, "PA = " + pa_fields(hit_.ppn, hit_.level, "entry") + " = " + hex(o.paddr));
        line(1, "result: PA " + hex(o.paddr) + ", from the L2 TLB without a walk" +
                    (o.fill_cancelled ? "; no L1 refill: an sfence came" :
                     o.entry >= 0     ? "; L1 entry " + num(static_cast<unsigned>(o.entry)) + " refilled from it"
                                      : ""));
        return;
      default: break;
    }
    const Pte p{raw_};
    line(2, "step 10: PA = " + pa_fields(p.ppn(bi_), level_, "PTE") + " = " + hex(o.paddr));
    std::string fill;
    if (o.fill_cancelled) fill = "no refill: an sfence came while the walk was in flight";
    else if (o.entry >= 0)
      fill = "TLB entry " + num(static_cast<unsigned>(o.entry)) + " refilled (level " + num(level_) + ", " +
             (global_ ? "global: G=1 on the walk" : "ASID " + num(c_.asid & mask(bi_.asid_bits))) +
             (o.replaced ? "; the PLRU victim, a valid entry, replaced)" : ")");
    line(1, "result: PA " + hex(o.paddr) + (fill.empty() ? "" : "; " + fill));
  }

  void note(const std::string& s) { line(1, s); }
  const std::string& text() const { return out_; }

 private:
  static bool cause_is_page(Cause c) {
    return c == Cause::FetchPage || c == Cause::LoadPage || c == Cause::StorePage;
  }

  void line(unsigned indent, const std::string& s) {
    out_.append(2 * indent, ' ');
    out_ += s;
    out_ += '\n';
  }

  void fail(const std::string& step, const std::string& why) {
    line(3, step + ": page fault");
    why_ = why;
  }

  // The request and, when it translates, the address split.
  void request() {
    std::string s = std::string(to_string(acc_)) + " " + hex(va_) + ": " + priv_text(c_.priv) + "; satp " +
                    mode_text(c_.mode);
    if (c_.mode != Mode::Bare)
      s += " (ASID " + num(c_.asid & mask(bi_.asid_bits)) + ", root PPN " + hex(c_.root_ppn) + ")";
    s += "; SUM=" + bit(c_.sum) + " MXR=" + bit(c_.mxr) + "; A/D " +
         (c_.ad == AdPolicy::Hw ? "by hardware (Svadu)" : "by software (Svade)");
    line(0, s);
    if (!translates(c_)) return;
    const Geometry g = geometry(c_.mode);
    std::string shape = "address split, " + std::string(mode_text(c_.mode)) + ": ";
    std::string fields;
    for (unsigned i = g.levels; i-- > 0;) {
      shape += "VPN[" + num(i) + "] " + num(bi_.vpn_bits) + " bits | ";
      fields += bin(vpn_field(bi_, va_, i), bi_.vpn_bits) + " ";
    }
    line(1, shape + "offset 12 bits");
    line(2, "VA[" + num(g.va_bits - 1) + ":0] = " + fields + bin(page_offset(va_), kPageShift));
    for (unsigned i = g.levels; i-- > 0;) {
      const unsigned lo = kPageShift + i * bi_.vpn_bits;
      const uint64_t f = vpn_field(bi_, va_, i);
      line(2, "VPN[" + num(i) + "] = VA[" + num(lo + bi_.vpn_bits - 1) + ":" + num(lo) + "] = 0b" +
                  bin(f, bi_.vpn_bits) + " = " + hex_field(f, bi_.vpn_bits));
    }
    line(2, "offset = VA[11:0] = 0b" + bin(page_offset(va_), kPageShift) + " = " +
                hex_field(page_offset(va_), kPageShift));
    if (c_.mode != Mode::Sv32 && is_canonical(c_.mode, va_))
      line(2, "canonical: VA[63:" + num(g.va_bits) + "] all equal VA[" + num(g.va_bits - 1) + "] = " +
                  bit((va_ >> (g.va_bits - 1)) & 1));
  }

  // How the PA is put together from a leaf at `level` with PPN `ppn`.
  std::string pa_fields(uint64_t ppn, unsigned level, const char* from) const {
    std::string s;
    for (unsigned i = levels_; i-- > 0;) {
      if (i >= level)
        s += std::string(from) + ".PPN[" + num(i) + "] " + hex_field(ppn_field(bi_, ppn, levels_, i), ppn_field_bits(bi_, levels_, i));
      else s += "VA.VPN[" + num(i) + "] " + hex_field(vpn_field(bi_, va_, i), bi_.vpn_bits);
      s += " | ";
    }
    return s + "VA offset " + hex_field(page_offset(va_), kPageShift) +
           (level > 0 ? " (a superpage: the VPN fields below its level come from the VA)" : "");
  }

  // A check on a TLB hit: the permission rule against the CSRs of now, then A/D.
  void hit_check(Check c, bool ok) {
    if (c == Check::Permission) {
      line(2, "checked now, against today's privilege, SUM and MXR (never those of the fill):");
      for (const std::string& s : perm_lines(hit_.perms, c_, acc_)) line(3, s);
      if (!ok) why_ = rule_words(perm_rule(hit_.perms, c_.priv, c_.sum, c_.mxr, acc_), c_.mxr);
    } else if (c == Check::AdBits) {
      if (ok) line(3, std::string("step 9: A=1") + (writes(acc_) ? " and D=1" : "") + ": nothing to update");
      else {
        const std::string need = !hit_.a ? "A=0" : "D=0 and " + std::string(access_noun(acc_)) + " writes";
        if (c_.ad == AdPolicy::Fault) {
          line(3, "step 9: " + need + " in the entry; Svade (ad fault): page fault");
          why_ = need + " in the entry, and Svade leaves A/D to software";
        } else {
          line(3, "step 9: " + need + " in the entry; Svadu (ad hw)");
        }
      }
    }
  }

  Build build_;
  BuildInfo bi_;
  CsrView c_;
  Access acc_;
  uint64_t va_;
  unsigned levels_;
  std::string out_;
  std::string why_;     // why it faults, in words, for the result line
  bool in_walk_ = false;
  bool global_ = false;  // G seen in a PTE of the walk
  Leaf hit_;            // the TLB entry that matched
  unsigned hit_entry_ = 0;
  unsigned level_ = 0;  // of the PTE being checked
  uint64_t table_ = 0, pte_pa_ = 0, raw_ = 0, update_ = 0;
};

// Memory for an explanation: reads go to `base`; an A/D update is kept here, unseen by it.
class ScratchMemory : public PhysMemory {
 public:
  explicit ScratchMemory(PhysMemory& base) : base_(base) {}
  std::optional<uint64_t> read(uint64_t pa, unsigned bytes) override {
    auto it = written_.find(pa);
    if (it != written_.end()) return it->second;
    return base_.read(pa, bytes);
  }
  std::optional<bool> cas(uint64_t pa, unsigned bytes, uint64_t expected, uint64_t desired) override {
    const std::optional<uint64_t> now = read(pa, bytes);
    if (!now) return std::nullopt;
    if (*now != expected) return false;
    written_[pa] = desired;
    return true;
  }

 private:
  PhysMemory& base_;
  std::map<uint64_t, uint64_t> written_;
};

}  // namespace

void TranslationRecord::begin(const CsrView& c, Access a, uint64_t v, const Tlb& tlb, const Outcome& o) {
  csrs = c;
  acc = a;
  va = v;
  port = o.port;
  matched = o.matched;
  if (matched >= 0) {
    entry = tlb.entry(static_cast<unsigned>(matched));
    entry.valid = true;  // a Svadu re-walk has just invalidated it
  }
  answers.clear();
  answer_pmp.clear();
  pmp_l2 = c.pmp;
  end = End::InFlight;
  past_l1 = false;
  l2_slot.reset();
  // walk_cache is kept: keep_walk_cache() copies over it (reusing its storage, no
  // allocation per L1 miss), and a replay reads it only when past_l1 is set.
}

void TranslationRecord::second_level(const MmuModel& m, const Outcome& pending) {
  l2_slot = pending.l2;
  pmp_l2 = m.pmp();
  if (l2_slot) {
    l2_entry = m.l2().entry(*l2_slot);
    l2_entry.valid = true;  // a Svadu re-walk has just invalidated it
  }
  past_l1 = true;
}

std::string explain(Build build, const MmuConfig& cfg, const TranslationRecord& r) {
  // The port's L1 (replayed as the data port's: both ports' L1s follow one policy).
  const unsigned l1 = r.port == Port::Fetch ? cfg.l1i_entries : cfg.l1_entries;
  Tlb tlb(build, l1);
  if (r.matched >= 0 && static_cast<unsigned>(r.matched) < l1)
    tlb.set_entry(static_cast<unsigned>(r.matched), r.entry);
  L2Tlb l2(build, cfg.l2);
  if (r.l2_slot) l2.set_entry(*r.l2_slot, r.l2_entry);
  MmuModel m(tlb, l2, r.walk_cache ? *r.walk_cache : WalkCache(build, cfg.walk_cache), cfg);
  Explainer ex(build, r.csrs, r.acc, r.va);
  m.set_observer(&ex);
  Outcome o = m.lookup(r.csrs, r.acc, r.va);
  TranslationRecord::End how = r.end;
  if (m.waiting(Port::Data) && r.past_l1) {
    m.arbitrate();
    m.set_pmp(r.pmp_l2);
    m.second_level();
  }
  if (m.in_flight() && !m.second_level_pending()) {
    for (size_t k = 0; k < r.answers.size(); ++k) {
      const MemAnswer& a = r.answers[k];
      if (m.answer_ready()) break;
      if (k < r.answer_pmp.size()) m.set_pmp(r.answer_pmp[k]);
      m.respond(a.rdata, a.swapped, a.err);
    }
    if (m.answer_ready()) {
      o = m.finish_walk();
    } else {
      ex.waiting(m.walker().op());
      if (how == TranslationRecord::End::Answered) how = TranslationRecord::End::InFlight;
    }
  }
  if (how == TranslationRecord::End::Answered) {
    // The refill is the real TLB's (this copy holds only the matched entry).
    o.entry = r.refill;
    o.replaced = r.replaced;
    o.fill_cancelled = r.fill_cancelled;
    if (o.fault != r.fault || o.cause != r.cause || o.paddr != r.paddr)
      ex.note("(the replay disagrees with the recorded answer: fault " + std::to_string(r.fault) + " cause " +
              std::to_string(static_cast<unsigned>(r.cause)) + " PA " + hex(r.paddr) + ")");
  }
  ex.end(o, how);
  return ex.text();
}

std::string explain(Build build, const CsrView& csrs, Access acc, uint64_t va, const MmuModel& model, PhysMemory& mem) {
  MmuModel m(model.tlb(), model.l2(), model.walk_cache(), model.config());
  Explainer ex(build, csrs, acc, va);
  m.set_observer(&ex);
  ScratchMemory scratch(mem);
  const Outcome o = m.translate(csrs, acc, va, scratch);
  ex.end(o, TranslationRecord::End::Answered);
  return ex.text();
}

}  // namespace mmu
