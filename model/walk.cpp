#include "walk.h"

#include "perm.h"

namespace mmu {

Walker::Walker(Build build, const CsrView& snapshot, Access acc, uint64_t va, Observer* obs, StartHook start,
               const Extensions& ext)
    : build_(build), bi_(build_info(build)), csrs_(snapshot), acc_(acc), va_(va), obs_(obs), start_(std::move(start)),
      ext_(ext) {
  begin();
}

void Walker::stop(WalkStop why, Cause cause) {
  r_.fault = true;
  r_.stop = why;
  r_.cause = cause;
  done_ = true;
}

void Walker::begin() {
  // Step 1: a = satp.ppn * PAGESIZE, i = LEVELS-1.
  global_ = false;
  const unsigned levels = geometry(csrs_.mode).levels;
  if (levels == 0) return stop(WalkStop::Invalid, page_fault(acc_));  // Bare: the caller's case
  const unsigned root = levels - 1;
  const uint64_t a = (csrs_.root_ppn & mask(bi_.ppn_bits)) << kPageShift;
  // A cached pointer skips the reads above it (the walk cache: DESIGN.md).
  if (const std::optional<WalkStart> s = start_ ? start_() : std::nullopt) {
    global_ = s->global;
    if (obs_) obs_->walk_cache_start(s->table, s->level, r_.restarts);
    return visit(s->table, s->level);
  }
  if (obs_) obs_->walk_start(a, root, r_.restarts);
  visit(a, root);
}

void Walker::visit(uint64_t table, unsigned level) {
  // Step 2: read the PTE at a + va.vpn[i] * PTESIZE. A PTE outside the RAM window
  // violates a PMA: access fault of the original kind, and no memory request at all.
  level_ = level;
  r_.stop_level = level;
  const uint64_t index = vpn_field(bi_, va_, level);
  const uint64_t pte_addr = (table + index * bi_.pte_bytes) & mask(bi_.pa_bits);
  if (obs_) obs_->pte_address(level, table, index, pte_addr);
  if (!pass(Check::PteInRam, csrs_.ram.contains(pte_addr))) return stop(WalkStop::AccessFault, access_fault(acc_));
  // PMP: an implicit page-table access is an S-mode read of the PTE (machine.adoc,
  // "Physical Memory Protection and Paging"); denied, no memory request either.
  if (!pmp_allows(PmpUse::PteRead, pte_addr, PmpAccess::Read)) return stop(WalkStop::PmpPte, access_fault(acc_));
  op_ = MemAccess{pte_addr, false, 0, 0, false, false};
}

bool Walker::pmp_allows(PmpUse use, uint64_t pa, PmpAccess acc) {
  const PmpResult r = pmp_check(csrs_.pmp, build_, pa, bi_.pte_bytes, Priv::S, acc);
  if (obs_) obs_->pmp(use, csrs_.pmp, pa, bi_.pte_bytes, Priv::S, acc, r);
  if (!r.allowed) r_.pmp = r;
  return r.allowed;
}

void Walker::respond(uint64_t rdata, bool swapped, bool err) {
  followed_.reset();
  MemAccess done_op = op_;
  done_op.err = err;
  done_op.swapped = op_.write && swapped && !err;
  r_.accesses.push(done_op);
  if (err) {
    if (obs_) obs_->bus_error(op_.pa, op_.write);
    return stop(WalkStop::AccessFault, access_fault(acc_));
  }
  if (op_.write) return on_update(swapped);
  const uint64_t raw = rdata & mask(8 * bi_.pte_bytes);
  if (obs_) obs_->pte_read(level_, op_.pa, raw);
  on_pte(raw);
}

void Walker::on_pte(uint64_t raw) {
  const Pte pte{raw};
  const Cause page = page_fault(acc_);
  global_ = global_ || pte.g();

  // Step 3: V=0, W without R, or reserved bits/encodings set. Which encodings are
  // reserved depends on menvcfg.PBMTE and Svnapot, and on the PTE being a leaf (R or X)
  // and its level: Svpbmt and Svnapot reserve their bits in pointers, PBMT=3, and every
  // N=1 encoding but the 64 KiB one at level 0 (pte.h).
  if (!pass(Check::Valid, !pte.invalid())) return stop(WalkStop::Invalid, page);
  const ReservedUse reserved = pte.reserved_use(bi_, csrs_.pbmte, ext_.napot, level_);
  if (!pass(Check::NoReserved, reserved == ReservedUse::None)) return stop(WalkStop::Reserved, page);

  // Step 4: a pointer to the next level. D, A and U are reserved in pointers (step 3's
  // rule, known once the PTE is a pointer); a pointer at the last level (i-1 < 0) is a
  // page fault.
  if (!pte.is_leaf()) {
    if (!pass(Check::PointerBits, !pte.pointer_has_leaf_bits())) return stop(WalkStop::PointerLeafBits, page);
    if (!pass(Check::PointerLevel, level_ != 0)) return stop(WalkStop::PointerAtLevel0, page);
    const unsigned level = level_;
    visit((pte.ppn(bi_) << kPageShift) & mask(bi_.pa_bits), level - 1);
    if (!done_) followed_ = PointerFollowed{level, pte.ppn(bi_), global_};
    return;
  }

  // Step 5: a superpage's PPN fields below its level must be zero. (A NAPOT leaf is at
  // level 0: nothing to check; its PPN[3:0] = 1000 is the encoding, not misalignment.)
  const uint64_t ppn = pte.ppn(bi_);
  if (!pass(Check::Aligned, (ppn & mask(level_ * bi_.vpn_bits)) == 0)) return stop(WalkStop::MisalignedSuperpage, page);

  // Steps 6 and 8: U bit against priv/SUM, then R/W/X against the access (with MXR).
  if (!pass(Check::Permission, leaf_allows(pte.perms(), csrs_.priv, csrs_.sum, csrs_.mxr, acc_)))
    return stop(WalkStop::Permission, page);

  // Step 9: A clear, or a store/AMO with D clear. Svade faults; Svadu swaps in the PTE
  // with the bits set, as the last step of the walk, only now that no other fault
  // applies, and only if the PTE is still the one read.
  // Svnapot: the walk goes on with "a copy of pte in which pte.ppn[i][napot_bits-1:0] is
  // replaced by vpn[i][napot_bits-1:0]": the leaf keeps the PTE's PPN and is marked
  // NAPOT, and leaf_paddr takes PA[15:12] from the VA. Svpbmt: PBMT (0..2, already
  // checked) travels with the leaf; it is 0 when PBMTE=0 (nonzero faulted above).
  r_.leaf = Leaf{vpn_tag(bi_, va_), level_, ppn, global_, pte.perms(), pte.a(), pte.d(), pte.n(),
                 static_cast<Pbmt>(pte.pbmt())};
  if (!pass(Check::AdBits, !needs_ad_update(pte.a(), pte.d(), acc_))) {
    if (csrs_.ad == AdPolicy::Fault) return stop(WalkStop::AdFault, page);
    // The update is an S-mode write of the PTE: PMP-checked before it is asked for.
    if (!pmp_allows(PmpUse::AdUpdate, op_.pa, PmpAccess::Write)) return stop(WalkStop::PmpPte, access_fault(acc_));
    // The update writes the PTE as read (a NAPOT PTE keeps PPN[3:0] = 1000: the copy
    // with the VA's bits is the walk's, never memory's).
    const uint64_t updated = raw | Pte::kA | (writes(acc_) ? Pte::kD : 0);
    op_ = MemAccess{op_.pa, true, updated, raw, false, false};
    if (obs_) obs_->ad_update(op_.pa, raw, updated);
    return;
  }
  // Step 10: the translation succeeds.
  r_.paddr = leaf_paddr(bi_, r_.leaf, va_);
  done_ = true;
}

void Walker::on_update(bool swapped) {
  if (obs_) obs_->ad_update_done(swapped);
  if (!swapped) {
    // Another agent changed the PTE between the read and the update: start again.
    ++r_.restarts;
    return begin();
  }
  const Pte updated{op_.wdata};
  r_.leaf.a = updated.a();
  r_.leaf.d = updated.d();
  r_.paddr = leaf_paddr(bi_, r_.leaf, va_);
  done_ = true;
}

void run_walker(Walker& w, PhysMemory& mem, unsigned pte_bytes) {
  while (!w.done()) {
    const MemAccess& op = w.op();
    if (op.write) {
      const std::optional<bool> wrote = mem.cas(op.pa, pte_bytes, op.cmp, op.wdata);
      w.respond(0, wrote.value_or(false), !wrote);
    } else {
      const std::optional<uint64_t> raw = mem.read(op.pa, pte_bytes);
      w.respond(raw.value_or(0), false, !raw);
    }
  }
}

WalkResult walk(Build build, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem,
                const Extensions& ext) {
  Walker w(build, csrs, acc, va, nullptr, {}, ext);
  run_walker(w, mem, build_info(build).pte_bytes);
  return w.result();
}

const char* to_string(WalkStop s) {
  switch (s) {
    case WalkStop::Ok: return "ok";
    case WalkStop::AccessFault: return "access-fault";
    case WalkStop::Invalid: return "invalid";
    case WalkStop::Reserved: return "reserved";
    case WalkStop::PointerLeafBits: return "pointer-leaf-bits";
    case WalkStop::PointerAtLevel0: return "pointer-at-level0";
    case WalkStop::MisalignedSuperpage: return "misaligned-superpage";
    case WalkStop::Permission: return "permission";
    case WalkStop::AdFault: return "ad-fault";
    case WalkStop::PmpPte: return "pmp-pte";
    case WalkStop::PmpPa: return "pmp-pa";
  }
  return "?";
}

}  // namespace mmu
