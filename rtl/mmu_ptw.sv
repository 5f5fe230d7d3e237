// Page-table walker: one walk at a time, one outstanding memory request; in front of
// it, the second-level lookups (L2 TLB, then the page-walk cache).
//
// A request that misses the L1 (or must re-walk to set A/D) starts here. The cycle after
// the start, the L2 TLB is looked up with the walk's snapshot: a hit answers (and
// refills the L1); a miss starts the walk from the deepest pointer the walk cache holds,
// else from the root. Each pointer the walk follows goes into the walk cache.
//
// Follows the privileged spec's translation process from the root table down. Each
// PTE is checked combinationally on mem_rsp_rdata_i at the edge its response is
// sampled; the same edge issues the next read, the A/D update or the walk's result,
// so a walk of n reads with memory latency L and no back-pressure takes n(1+L) cycles.
//
// A walk captures its CSR view (satp, privilege, SUM, MXR, A/D policy, RAM window) at
// the edge it starts and uses only that snapshot; the requester may change the CSRs at
// any time. The Svadu A/D update is an atomic compare-and-swap: it writes the leaf
// with A (and D) set only if memory still holds the value the walk read; when another
// agent changed the PTE in between, the walk starts again from the root. kill_i
// abandons a walk: no result, no refill, a request not yet accepted is withdrawn, and
// a response still owed by memory is drained before the walker is idle again. An
// sfence accepted while a walk is in flight (start edge included) cancels its refill.
module mmu_ptw #(
  parameter  int Xlen     = 64,  // 32: Sv32; 64: Sv39/Sv48/Sv57
  parameter  int IdBits   = 4,   // request ID
  localparam int PaBits   = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int AsidBits = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int PteBits  = Xlen,                                      // PTE size in bits
  localparam int PpnBits  = PaBits - mmu_pkg::PageShift,               // PPN of a PTE
  localparam int VpnW     = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,
  localparam int Levels   = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits  = Levels * VpnW,                             // VPN of a request
  localparam int LevelW   = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32,  // a level
  localparam int PteShift = mmu_pkg::PageShift - VpnW                  // log2(PTE bytes)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // CSR view of the request being started (captured at the start edge; unused afterwards)
  input  logic [PpnBits-1:0]  satp_ppn_i,       // root table
  input  logic [AsidBits-1:0] satp_asid_i,      // tags the refill
  input  logic [LevelW-1:0]   root_level_i,     // LEVELS-1 of the current mode
  input  logic                sum_i,            // mstatus.SUM
  input  logic                mxr_i,            // mstatus.MXR
  input  logic                ad_hw_i,          // 1: Svadu, 0: Svade
  input  logic [PaBits-1:0]   ram_base_i,       // RAM window: the only place PTEs may be
  input  logic [PaBits-1:0]   ram_size_i,
  // Walk start: the L1 miss or dirty re-walk the arbiter grants at this edge
  input  logic                start_i,
  input  logic [VpnBits-1:0]  start_vpn_i,
  input  logic [11:0]         start_offset_i,   // page offset, passed to the result
  input  logic [1:0]          start_kind_i,     // mmu_pkg::Acc*
  input  logic                start_user_i,     // 1: U-mode, 0: S-mode
  input  logic [IdBits-1:0]   start_id_i,
  input  logic                start_no_fill_i,  // an sfence came while the request waited
  output logic                idle_o,
  output logic                walk_start_o,     // a walk starts now (L2 miss or re-walk)
  output logic [LevelW-1:0]   root_level_o,     // the walk's mode, as LEVELS-1
  // The walk's context, for the L2 and walk-cache lookups and refills
  output logic [VpnBits-1:0]  ctx_vpn_o,
  output logic [AsidBits-1:0] ctx_asid_o,       // the snapshot's satp.ASID
  output logic [1:0]          ctx_kind_o,
  output logic                ctx_user_o,
  output logic                ctx_sum_o,
  output logic                ctx_mxr_o,
  output logic                ctx_ad_hw_o,
  // L2 TLB lookup, committed in the cycle after the start
  output logic                l2_lookup_o,
  input  logic                l2_hit_i,
  input  logic                l2_fault_i,
  input  logic                l2_rewalk_i,
  input  logic [PpnBits-1:0]  l2_ppn_i,         // translated PPN
  input  logic [LevelW-1:0]   l2_level_i,       // the entry as held
  input  logic [PpnBits-1:0]  l2_entry_ppn_i,
  input  logic [6:0]          l2_flags_i,       // {G, U, R, W, X, A, D}
  // Page-walk cache: looked up when a walk starts or restarts, refilled per pointer
  output logic                pwc_lookup_o,
  input  logic                pwc_hit_i,
  input  logic [LevelW-1:0]   pwc_level_i,      // level of the cached pointer
  input  logic [PpnBits-1:0]  pwc_ppn_i,        // the table it names
  input  logic                pwc_g_i,
  output logic                pwc_fill_o,
  output logic [LevelW-1:0]   pwc_fill_level_o,
  output logic                pwc_fill_g_o,
  output logic [PpnBits-1:0]  pwc_fill_ppn_o,
  // Pipeline flush: abandon the walk in flight
  input  logic                kill_i,
  // An sfence.vma takes effect at this edge (cancels the refill of the walk in flight)
  input  logic                flush_i,
  // Walk result, combinational in the cycle before the edge that ends the walk
  output logic                done_o,
  output logic                done_fault_o,
  output logic                done_access_o,    // the fault is an access fault
  output logic [1:0]          done_kind_o,      // access kind of the walk
  output logic [IdBits-1:0]   done_id_o,
  output logic [PaBits-1:0]   done_paddr_o,     // translation (when no fault)
  // Refills, with done_o of a translation whose refills no sfence cancelled: the L1
  // from an L2 hit or a walk, the L2 from a walk
  output logic                fill_o,
  output logic                l2_fill_o,
  output logic [VpnBits-1:0]  fill_vpn_o,
  output logic [LevelW-1:0]   fill_level_o,
  output logic [AsidBits-1:0] fill_asid_o,
  output logic [PpnBits-1:0]  fill_ppn_o,
  output logic [6:0]          fill_flags_o,     // {G, U, R, W, X, A, D}
  // Memory port: PTE reads and atomic A/D updates (compare-and-swap)
  output logic                mem_req_valid_o,
  input  logic                mem_req_ready_i,
  output logic [PaBits-1:0]   mem_req_addr_o,
  output logic                mem_req_we_o,     // 1: A/D update (compare-and-swap)
  output logic [PteBits-1:0]  mem_req_cmp_o,    // ... the value the walk read
  output logic [PteBits-1:0]  mem_req_wdata_o,  // ... the value to write
  input  logic                mem_rsp_valid_i,
  input  logic [PteBits-1:0]  mem_rsp_rdata_i,
  input  logic                mem_rsp_err_i,
  input  logic                mem_rsp_cas_ok_i  // the compare-and-swap wrote
);
  // Idle: no walk. L2Lookup: the cycle after the start, L2 TLB and walk cache looked up.
  // ReadPte/WriteAd: request presented, waiting for mem_req_ready_i. WaitPte/WaitAd:
  // request accepted, waiting for mem_rsp_valid_i. Drain: killed, the response of a
  // request accepted before the kill is still owed by memory.
  typedef enum logic [2:0] { Idle, L2Lookup, ReadPte, WaitPte, WriteAd, WaitAd, Drain } state_e;
  state_e state_q, state_d;

  // Walk context: the request, the CSR snapshot, the PTE being read, the walk so far.
  logic [VpnBits-1:0]  vpn_q, vpn_d;
  logic [11:0]         offset_q, offset_d;
  logic [1:0]          kind_q, kind_d;
  logic [IdBits-1:0]   id_q, id_d;
  logic                user_q, user_d;
  logic                sum_q, sum_d;
  logic                mxr_q, mxr_d;
  logic                ad_hw_q, ad_hw_d;
  logic [AsidBits-1:0] asid_q, asid_d;
  logic [PaBits-1:0]   ram_base_q, ram_base_d;
  logic [PaBits-1:0]   ram_size_q, ram_size_d;
  logic [LevelW-1:0]   root_level_q, root_level_d;
  logic [PaBits-1:0]   root_addr_q, root_addr_d;  // first PTE, for a restart
  logic [LevelW-1:0]   level_q, level_d;          // level of the PTE at addr_q
  logic [PaBits-1:0]   addr_q, addr_d;            // PTE being read or updated
  logic                g_q, g_d;                  // G seen in a PTE above this one
  logic [PteBits-1:0]  cmp_q, cmp_d;              // leaf as read, for the CAS
  logic [PteBits-1:0]  wdata_q, wdata_d;          // leaf with A/D set, for the CAS
  logic                no_fill_q, no_fill_d;      // an sfence cancelled the refill

  logic is_write;
  assign is_write = kind_q[1];  // store or AMO

  // Decode of the PTE on mem_rsp_rdata_i.
  logic [PpnBits-1:0] pte_ppn;
  logic               pte_reserved;   // reserved / PBMT / N bits set (rv64 only)
  logic               pte_invalid;    // V=0, W without R, or reserved bits
  logic               pte_leaf;       // R or X set
  logic               pointer_bad;    // pointer at level 0, or with A/D/U set
  logic               perm_ok;        // leaf R/W/X and U rules allow the access
  logic               misaligned;     // superpage whose low PPN fields are not zero
  logic               ad_needed;      // A clear, or D clear for a store or AMO

  assign pte_ppn = mem_rsp_rdata_i[mmu_pkg::PtePpnLo +: PpnBits];

  if (Xlen == 64) begin : g_rv64
    // Sv39/Sv48/Sv57: bits 60:54 reserved, 62:61 PBMT (no Svpbmt), 63 N (no Svnapot).
    assign pte_reserved = |mem_rsp_rdata_i[63:54];
  end else begin : g_rv32
    // Sv32 has no reserved PTE bits.
    assign pte_reserved = 1'b0;
  end

  // RSW (9:8) is free for software and ignored.
  logic unused_rsw;
  assign unused_rsw = ^mem_rsp_rdata_i[9:8];

  // Translation process step 3 (any PTE): not valid, writable but not readable, or a
  // reserved bit or encoding set.
  assign pte_invalid = !mem_rsp_rdata_i[mmu_pkg::PteV] ||
                       (mem_rsp_rdata_i[mmu_pkg::PteW] && !mem_rsp_rdata_i[mmu_pkg::PteR]) ||
                       pte_reserved;
  assign pte_leaf    = mem_rsp_rdata_i[mmu_pkg::PteR] || mem_rsp_rdata_i[mmu_pkg::PteX];

  // Step 4 (pointer): there is no level below 0; A, D and U are reserved in a pointer
  // and must be zero.
  assign pointer_bad = !pte_leaf &&
                       (level_q == '0 || mem_rsp_rdata_i[mmu_pkg::PteA] ||
                        mem_rsp_rdata_i[mmu_pkg::PteD] || mem_rsp_rdata_i[mmu_pkg::PteU]);

  // Steps 6 and 8 (leaf): the U bit against the privilege and SUM, R/W/X against the
  // access and MXR (same page fault, so one check). All from the walk's snapshot.
  mmu_perm u_perm (
    .kind_i (kind_q),
    .user_i (user_q),
    .sum_i  (sum_q),
    .mxr_i  (mxr_q),
    .u_i    (mem_rsp_rdata_i[mmu_pkg::PteU]),
    .r_i    (mem_rsp_rdata_i[mmu_pkg::PteR]),
    .w_i    (mem_rsp_rdata_i[mmu_pkg::PteW]),
    .x_i    (mem_rsp_rdata_i[mmu_pkg::PteX]),
    .ok_o   (perm_ok)
  );

  // Step 5 (leaf): a superpage must be aligned: its PPN fields below its level are zero.
  logic [Levels-2:0] low_field_set;  // PPN field j of the PTE is nonzero, j < level
  for (genvar j = 0; j < Levels - 1; j++) begin : g_misaligned
    assign low_field_set[j] = (level_q > LevelW'(j)) && (pte_ppn[j*VpnW +: VpnW] != '0);
  end
  assign misaligned = |low_field_set;

  // Step 9 (leaf): A/D. Under Svade this faults; under Svadu the walker updates the PTE
  // with A set (and D for a store or AMO), atomically, as the last step of the walk.
  assign ad_needed = !mem_rsp_rdata_i[mmu_pkg::PteA] ||
                     (is_write && !mem_rsp_rdata_i[mmu_pkg::PteD]);

  // The value the A/D update stores: the PTE as read, with A set and D set for a write.
  logic [PteBits-1:0] ad_wdata;
  assign ad_wdata = mem_rsp_rdata_i | (PteBits'(1) << mmu_pkg::PteA) |
                    (PteBits'(is_write) << mmu_pkg::PteD);

  logic pte_g;
  assign pte_g = mem_rsp_rdata_i[mmu_pkg::PteG];

  // The VPN field that indexes the table of a level.
  function automatic logic [VpnW-1:0] vpn_field(input logic [VpnBits-1:0] vpn,
                                                input logic [LevelW-1:0]  level);
    logic [VpnW-1:0] f;
    f = '0;
    for (int j = 0; j < Levels; j++) begin
      if (LevelW'(j) == level) f = vpn[j*VpnW +: VpnW];
    end
    vpn_field = f;
  endfunction

  // A physical address lies in the RAM window [base, base + size).
  function automatic logic in_window(input logic [PaBits-1:0] addr,
                                     input logic [PaBits-1:0] base,
                                     input logic [PaBits-1:0] size);
    logic [PaBits-1:0] offset;
    offset    = addr - base;
    in_window = addr >= base && offset < size;
  endfunction

  // PTE addresses: the first of a walk from the deepest cached pointer,
  // else from the root (satp at the start edge); the next level from a pointer. Step 2's
  // PMA check: outside the RAM window of the walk's snapshot the walk makes no request
  // and ends with an access fault. The first address is needed only when a walk starts
  // or restarts, the next one only when a pointer arrives: one comparator serves both.
  logic [PaBits-1:0] root_addr, start_addr, next_addr;
  logic [LevelW-1:0] start_level;
  logic              start_g, pma_ok, use_start;

  assign root_addr   = {satp_ppn_i, vpn_field(start_vpn_i, root_level_i), PteShift'(0)};
  assign start_addr  = pwc_hit_i ? {pwc_ppn_i, vpn_field(vpn_q, pwc_level_i - LevelW'(1)), PteShift'(0)} :
                                   root_addr_q;
  assign start_level = pwc_hit_i ? pwc_level_i - LevelW'(1) : root_level_q;
  assign start_g     = pwc_hit_i && pwc_g_i;
  assign next_addr   = {pte_ppn, vpn_field(vpn_q, level_q - LevelW'(1)), PteShift'(0)};
  assign use_start   = state_q == L2Lookup || state_q == WaitAd;
  assign pma_ok      = in_window(use_start ? start_addr : next_addr, ram_base_q, ram_size_q);

  // The leaf being finished: read now, or the A/D-updated copy after its update.
  logic [PteBits-1:0] leaf_pte;
  logic [PpnBits-1:0] leaf_ppn, paddr_ppn;

  assign leaf_pte = (state_q == WaitAd) ? wdata_q : mem_rsp_rdata_i;
  assign leaf_ppn = leaf_pte[mmu_pkg::PtePpnLo +: PpnBits];

  mmu_leaf_ppn #(.Xlen(Xlen)) u_leaf_ppn (
    .ppn_i   (leaf_ppn),
    .vpn_i   (vpn_q),
    .level_i (level_q),
    .ppn_o   (paddr_ppn)
  );

  // A walk is in flight (not idle, not draining): kill and sfence act on it.
  logic walking;
  assign walking = state_q != Idle && state_q != Drain;

  // The L2 answers the request (a hit that needs no A/D update).
  logic l2_serves;
  assign l2_serves = l2_hit_i && !l2_rewalk_i;

  // Walk FSM and its result.
  logic finish_ok;  // the walk ends now with a translation
  logic finish_l2;  // the L2 answers now with a translation
  logic follow;     // the walk follows a pointer now
  always_comb begin : walk_step
    state_d      = state_q;
    vpn_d        = vpn_q;
    offset_d     = offset_q;
    kind_d       = kind_q;
    id_d         = id_q;
    user_d       = user_q;
    sum_d        = sum_q;
    mxr_d        = mxr_q;
    ad_hw_d      = ad_hw_q;
    asid_d       = asid_q;
    ram_base_d   = ram_base_q;
    ram_size_d   = ram_size_q;
    root_level_d = root_level_q;
    root_addr_d  = root_addr_q;
    level_d      = level_q;
    addr_d       = addr_q;
    g_d          = g_q;
    cmp_d        = cmp_q;
    wdata_d      = wdata_q;
    no_fill_d    = no_fill_q || (walking && flush_i);

    done_o        = 1'b0;
    done_fault_o  = 1'b0;
    done_access_o = 1'b0;
    finish_ok     = 1'b0;
    finish_l2     = 1'b0;
    follow        = 1'b0;

    unique case (state_q)
      Idle: begin
        if (start_i) begin
          // Capture the request and the CSR view: the walk uses nothing else.
          vpn_d        = start_vpn_i;
          offset_d     = start_offset_i;
          kind_d       = start_kind_i;
          id_d         = start_id_i;
          user_d       = start_user_i;
          sum_d        = sum_i;
          mxr_d        = mxr_i;
          ad_hw_d      = ad_hw_i;
          asid_d       = satp_asid_i;
          ram_base_d   = ram_base_i;
          ram_size_d   = ram_size_i;
          root_level_d = root_level_i;
          root_addr_d  = root_addr;
          level_d      = root_level_i;
          addr_d       = root_addr;
          g_d          = 1'b0;
          no_fill_d    = flush_i || start_no_fill_i;  // an sfence at the start edge counts too
          state_d      = L2Lookup;
        end
      end

      L2Lookup: begin
        if (l2_serves) begin
          // The L2 holds the translation: answer (a fault if its check fails).
          state_d      = Idle;
          done_o       = 1'b1;
          done_fault_o = l2_fault_i;
          finish_l2    = !l2_fault_i;
        end else if (pma_ok) begin
          // The walk starts at the deepest cached pointer, else at the root.
          state_d = ReadPte;
          addr_d  = start_addr;
          level_d = start_level;
          g_d     = start_g;
        end else begin
          // First PTE outside RAM: access fault, no request.
          state_d       = Idle;
          done_o        = 1'b1;
          done_fault_o  = 1'b1;
          done_access_o = 1'b1;
        end
      end

      ReadPte: begin
        if (mem_req_ready_i) state_d = WaitPte;
      end

      WriteAd: begin
        if (mem_req_ready_i) state_d = WaitAd;
      end

      WaitPte: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i) begin
            // Bus error on a PTE read: access fault of the original kind.
            state_d       = Idle;
            done_o        = 1'b1;
            done_fault_o  = 1'b1;
            done_access_o = 1'b1;
          end else if (pte_invalid || pointer_bad) begin
            state_d      = Idle;
            done_o       = 1'b1;
            done_fault_o = 1'b1;
          end else if (!pte_leaf) begin
            // Pointer: descend, unless the next PTE lies outside RAM.
            if (pma_ok) begin
              state_d = ReadPte;
              addr_d  = next_addr;
              level_d = level_q - LevelW'(1);
              g_d     = g_q | pte_g;
              follow  = 1'b1;
            end else begin
              state_d       = Idle;
              done_o        = 1'b1;
              done_fault_o  = 1'b1;
              done_access_o = 1'b1;
            end
          end else if (!perm_ok || misaligned || (ad_needed && !ad_hw_q)) begin
            state_d      = Idle;
            done_o       = 1'b1;
            done_fault_o = 1'b1;
          end else if (ad_needed) begin
            // Svadu: swap in A (and D) if the PTE is still what was read; the update
            // address is the leaf's, already known to be in RAM.
            state_d = WriteAd;
            cmp_d   = mem_rsp_rdata_i;
            wdata_d = ad_wdata;
          end else begin
            state_d   = Idle;
            done_o    = 1'b1;
            finish_ok = 1'b1;
          end
        end
      end

      WaitAd: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i) begin
            // Bus error on the A/D update: access fault of the original kind.
            state_d       = Idle;
            done_o        = 1'b1;
            done_fault_o  = 1'b1;
            done_access_o = 1'b1;
          end else if (!mem_rsp_cas_ok_i) begin
            // The PTE changed since it was read: translate again from the root (the
            // update must be atomic with the read it follows). The root may lie outside
            // RAM when the walk started from the walk cache.
            if (pma_ok) begin
              state_d = ReadPte;
              level_d = start_level;
              addr_d  = start_addr;
              g_d     = start_g;
            end else begin
              state_d       = Idle;
              done_o        = 1'b1;
              done_fault_o  = 1'b1;
              done_access_o = 1'b1;
            end
          end else begin
            state_d   = Idle;
            done_o    = 1'b1;
            finish_ok = 1'b1;
          end
        end
      end

      Drain: begin
        if (mem_rsp_valid_i) state_d = Idle;
      end

      default: state_d = Idle;
    endcase

    // Kill: the walk in flight ends without a result. A request accepted at this edge
    // (or earlier) still owes a response, which Drain consumes; one not accepted is
    // withdrawn.
    if (kill_i && walking) begin
      done_o        = 1'b0;
      done_fault_o  = 1'b0;
      done_access_o = 1'b0;
      finish_ok     = 1'b0;
      finish_l2     = 1'b0;
      follow        = 1'b0;
      if (state_q == L2Lookup) begin
        state_d = Idle;  // nothing asked of memory yet
      end else if (state_q == ReadPte || state_q == WriteAd) begin
        if (mem_req_ready_i) state_d = Drain;
        else                 state_d = Idle;
      end else begin
        if (mem_rsp_valid_i) state_d = Idle;
        else                 state_d = Drain;
      end
    end
  end

  assign idle_o       = state_q == Idle;
  assign done_kind_o  = kind_q;
  assign done_id_o    = id_q;
  assign done_paddr_o = {(state_q == L2Lookup) ? l2_ppn_i : paddr_ppn, offset_q};
  assign root_level_o = root_level_q;
  assign ctx_vpn_o    = vpn_q;
  assign ctx_asid_o   = asid_q;
  assign ctx_kind_o   = kind_q;
  assign ctx_user_o   = user_q;
  assign ctx_sum_o    = sum_q;
  assign ctx_mxr_o    = mxr_q;
  assign ctx_ad_hw_o  = ad_hw_q;

  // Second-level lookups: the L2 in the cycle after the start; the walk cache when a
  // walk starts (L2 miss or re-walk). A kill at that edge commits neither. A restart
  // goes back to the root: start_addr is then the root's (no walk-cache hit).
  assign l2_lookup_o  = state_q == L2Lookup && !kill_i;
  assign walk_start_o = l2_lookup_o && !l2_serves;
  assign pwc_lookup_o = walk_start_o;

  // Refills: the leaf as it is now in memory, G if any PTE of the walk had it; or the
  // L2 entry as held. An sfence accepted at any edge since the start, this one
  // included, cancels them, and the walk-cache refill of each pointer too.
  logic refill_ok;
  assign refill_ok    = !no_fill_q && !flush_i;
  assign fill_o       = (finish_ok || finish_l2) && refill_ok;
  assign l2_fill_o    = finish_ok && refill_ok;
  assign fill_vpn_o   = vpn_q;
  assign fill_asid_o  = asid_q;
  assign fill_level_o = finish_l2 ? l2_level_i : level_q;
  assign fill_ppn_o   = finish_l2 ? l2_entry_ppn_i : leaf_ppn;
  assign fill_flags_o = finish_l2 ? l2_flags_i :
                        {g_q | leaf_pte[mmu_pkg::PteG], leaf_pte[mmu_pkg::PteU],
                         leaf_pte[mmu_pkg::PteR], leaf_pte[mmu_pkg::PteW], leaf_pte[mmu_pkg::PteX],
                         leaf_pte[mmu_pkg::PteA], leaf_pte[mmu_pkg::PteD]};

  assign pwc_fill_o       = follow && refill_ok;
  assign pwc_fill_level_o = level_q;
  assign pwc_fill_g_o     = g_q | pte_g;
  assign pwc_fill_ppn_o   = pte_ppn;

  // Memory request, decoded from the state; zero payload when no request is presented.
  assign mem_req_valid_o = state_q == ReadPte || state_q == WriteAd;
  assign mem_req_we_o    = state_q == WriteAd;
  assign mem_req_addr_o  = mem_req_valid_o ? addr_q : '0;
  assign mem_req_cmp_o   = mem_req_we_o ? cmp_q : '0;
  assign mem_req_wdata_o = mem_req_we_o ? wdata_q : '0;

  // FSM state: reset abandons any walk.
  always_ff @(posedge clk_i) begin : state_reg
    if (!rst_ni) state_q <= Idle;
    else         state_q <= state_d;
  end

  // Walk context: written before use by every walk, so it needs no reset.
  always_ff @(posedge clk_i) begin : context_reg
    vpn_q        <= vpn_d;
    offset_q     <= offset_d;
    kind_q       <= kind_d;
    id_q         <= id_d;
    user_q       <= user_d;
    sum_q        <= sum_d;
    mxr_q        <= mxr_d;
    ad_hw_q      <= ad_hw_d;
    asid_q       <= asid_d;
    ram_base_q   <= ram_base_d;
    ram_size_q   <= ram_size_d;
    root_level_q <= root_level_d;
    root_addr_q  <= root_addr_d;
    level_q      <= level_d;
    addr_q       <= addr_d;
    g_q          <= g_d;
    cmp_q        <= cmp_d;
    wdata_q      <= wdata_d;
    no_fill_q    <= no_fill_d;
  end

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions: what must never happen
  // ---------------------------------------------------------------------------------
  // The previous edge's values, kept in registers rather than read with $past (Icarus
  // 11 compiles $past but cannot run it): the same assertions simulate in Verilator and
  // Icarus and prove in Yosys.
  logic               past_valid_q = 1'b0, past_rst_n_q = 1'b0, past_held_q = 1'b0;
  logic [PaBits-1:0]  past_addr_q;
  logic               past_we_q;
  logic [PteBits-1:0] past_cmp_q, past_wdata_q;
  always @(posedge clk_i) begin
    past_valid_q <= 1'b1;
    past_rst_n_q <= rst_ni;
    past_held_q  <= mem_req_valid_o && !mem_req_ready_i && !(kill_i && walking);
    past_addr_q  <= mem_req_addr_o;
    past_we_q    <= mem_req_we_o;
    past_cmp_q   <= mem_req_cmp_o;
    past_wdata_q <= mem_req_wdata_o;
  end

  // PTE reads since the walk (or its restart) began, and edges since its start.
  logic [2:0] reads_q = 3'd0;
  always @(posedge clk_i) begin
    if (!rst_ni || state_q == Idle || (state_q == WaitAd && mem_rsp_valid_i)) reads_q <= 3'd0;
    else if (state_q == ReadPte && mem_req_ready_i) reads_q <= reads_q + 3'd1;
  end

  always @(posedge clk_i) begin : ptw_assertions
    if (past_valid_q && rst_ni && past_rst_n_q) begin
      // A memory request stays presented, payload stable, until accepted or killed.
      if (past_held_q) begin
        assert (mem_req_valid_o);
        assert (mem_req_addr_o == past_addr_q);
        assert (mem_req_we_o == past_we_q);
        assert (mem_req_cmp_o == past_cmp_q);
        assert (mem_req_wdata_o == past_wdata_q);
      end
      // A walk reads at most one PTE per level before it ends or restarts.
      assert (reads_q <= 3'(root_level_q) + 3'd1 || state_q == Idle);
      // The walker starts only when idle.
      assert (!start_i || state_q == Idle);
      // One result per walk: a walk never answers and refills with a fault.
      assert (!fill_o || (done_o && !done_fault_o));
      // The L2 refill comes only from a walk; the walk cache only takes pointers above
      // level 0, never while a lookup uses it.
      assert (!l2_fill_o || fill_o);
      assert (!pwc_fill_o || (level_q != '0 && !pwc_lookup_o));
    end
  end
`endif
endmodule
