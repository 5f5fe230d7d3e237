#include "walk.h"

#include "perm.h"

namespace mmu {

namespace {

WalkResult stop_with(WalkResult r, WalkStop why, Cause cause) {
  r.fault = true;
  r.stop = why;
  r.cause = cause;
  return r;
}

}  // namespace

WalkResult walk(Build build, const CsrView& csrs, Access acc, uint64_t va, PhysMemory& mem) {
  const BuildInfo bi = build_info(build);
  const Geometry geo = geometry(csrs.mode);
  const Cause page = page_fault(acc);
  const Cause access = access_fault(acc);

  WalkResult r;
  bool global = false;
  // Step 1: a = satp.ppn * PAGESIZE, i = LEVELS-1.
  uint64_t a = (csrs.root_ppn & mask(bi.ppn_bits)) << kPageShift;
  for (int i = static_cast<int>(geo.levels) - 1; i >= 0; --i) {
    const unsigned level = static_cast<unsigned>(i);
    r.stop_level = level;
    // Step 2: read the PTE at a + va.vpn[i] * PTESIZE. A PTE outside the RAM window
    // violates a PMA: access fault of the original kind, and no memory request at all.
    const uint64_t pte_addr = (a + vpn_field(bi, va, level) * bi.pte_bytes) & mask(bi.pa_bits);
    if (!csrs.ram.contains(pte_addr)) return stop_with(r, WalkStop::AccessFault, access);
    const std::optional<uint64_t> raw = mem.read(pte_addr, bi.pte_bytes);
    r.accesses.push({pte_addr, false, 0, !raw});
    if (!raw) return stop_with(r, WalkStop::AccessFault, access);
    const Pte pte{*raw};
    global = global || pte.g();

    // Step 3: V=0, W without R, or reserved bits/encodings set.
    if (pte.invalid()) return stop_with(r, WalkStop::Invalid, page);
    if (pte.has_reserved_bits(bi)) return stop_with(r, WalkStop::Reserved, page);

    // Step 4: a pointer to the next level. D, A and U are reserved in pointers; a pointer
    // at the last level (i-1 < 0) is a page fault.
    if (!pte.is_leaf()) {
      if (pte.pointer_has_leaf_bits()) return stop_with(r, WalkStop::PointerLeafBits, page);
      if (level == 0) return stop_with(r, WalkStop::PointerAtLevel0, page);
      a = pte.ppn(bi) << kPageShift;
      continue;
    }

    // Step 5: a superpage's PPN fields below its level must be zero.
    const uint64_t ppn = pte.ppn(bi);
    if ((ppn & mask(level * bi.vpn_bits)) != 0)
      return stop_with(r, WalkStop::MisalignedSuperpage, page);

    // Steps 6 and 8: U bit against priv/SUM, then R/W/X against the access (with MXR).
    if (!leaf_allows(pte.perms(), csrs.priv, csrs.sum, csrs.mxr, acc))
      return stop_with(r, WalkStop::Permission, page);

    // Step 9: A clear, or a store with D clear. Svade faults; Svadu writes the PTE with
    // the bits set, as the last step of the walk, only now that no other fault applies.
    Pte final_pte = pte;
    if (needs_ad_update(pte.a(), pte.d(), acc)) {
      if (csrs.ad == AdPolicy::Fault) return stop_with(r, WalkStop::AdFault, page);
      final_pte.raw |= Pte::kA | (acc == Access::Store ? Pte::kD : 0);
      const bool ok = mem.write(pte_addr, bi.pte_bytes, final_pte.raw);
      r.accesses.push({pte_addr, true, final_pte.raw, !ok});
      if (!ok) return stop_with(r, WalkStop::AccessFault, access);
    }

    // Step 10: the translation succeeds.
    r.paddr = leaf_paddr(bi, ppn, level, va);
    r.leaf = Leaf{vpn_tag(bi, va), level, ppn, global, pte.perms(), final_pte.a(), final_pte.d()};
    return r;
  }
  // Only reached for Bare (no levels), which the caller answers without a walk.
  return stop_with(r, WalkStop::Invalid, page);
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
  }
  return "?";
}

}  // namespace mmu
