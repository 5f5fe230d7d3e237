// RISC-V MMU: a fully associative L1 TLB, a shared L2 TLB and a page-walk cache in front
// of a hardware page-table walker.
//
// Xlen = 32 translates Sv32; Xlen = 64 translates Sv39 or Sv48, chosen at run time by
// satp_mode_i. L1 hits, L1 faults, untranslated and non-canonical requests answer one
// cycle after acceptance, L2 hits two; an L2 miss walks the page table from the deepest
// pointer the walk cache holds (see DESIGN.md, "Timing contract").
// Each request carries its effective privilege and an ID that its response returns.
module mmu #(
  parameter  int Xlen       = 64,  // 32: Sv32; 64: Sv39 and Sv48
  parameter  int TlbEntries = 16,  // power of two, 4..128
  parameter  int IdBits     = 4,   // request ID width, 1..16
  parameter  int L2Sets     = 64,  // L2 TLB 4 KiB array: sets (power of two, 2..1024)
  parameter  int L2Ways     = 4,   // ... ways (power of two, 2..8; 0: no L2 TLB)
  parameter  int L2SuperEntries   = 16,  // L2 superpage array (power of two, 4..64)
  parameter  int WalkCacheEntries = 8,   // page-walk cache (power of two, 2..64; 0: none)
  localparam int PaBits     = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PteBits    = Xlen,                                       // PTE size
  localparam int AsidBits   = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int PpnBits    = PaBits - mmu_pkg::PageShift                 // satp/PTE PPN
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // CSR view: may change at any edge; a walk uses the values of its start edge
  input  logic [3:0]          satp_mode_i,
  input  logic [AsidBits-1:0] satp_asid_i,
  input  logic [PpnBits-1:0]  satp_ppn_i,
  input  logic                sum_i,
  input  logic                mxr_i,
  input  logic                ad_hw_i,
  input  logic [PaBits-1:0]   ram_base_i,
  input  logic [PaBits-1:0]   ram_size_i,
  // Translation request
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [Xlen-1:0]     req_vaddr_i,
  input  logic [1:0]          req_kind_i,   // mmu_pkg::Acc*
  input  logic [1:0]          req_priv_i,   // mmu_pkg::Priv*, effective (MPRV applied)
  input  logic [IdBits-1:0]   req_id_i,
  // Translation response
  output logic                rsp_valid_o,
  output logic [IdBits-1:0]   rsp_id_o,
  output logic [PaBits-1:0]   rsp_paddr_o,
  output logic                rsp_fault_o,
  output logic [3:0]          rsp_cause_o,
  // Pipeline flush: abandon the walk in flight (no response, no refill)
  input  logic                kill_i,
  // sfence.vma
  input  logic                sfence_valid_i,
  output logic                sfence_ready_o,
  input  logic [Xlen-1:0]     sfence_vaddr_i,
  input  logic                sfence_use_vaddr_i,
  input  logic [AsidBits-1:0] sfence_asid_i,
  input  logic                sfence_use_asid_i,
  // Page-table memory
  output logic                mem_req_valid_o,
  input  logic                mem_req_ready_i,
  output logic [PaBits-1:0]   mem_req_addr_o,
  output logic                mem_req_we_o,     // 1: A/D update, compare-and-swap
  output logic [PteBits-1:0]  mem_req_cmp_o,    // ... expected value
  output logic [PteBits-1:0]  mem_req_wdata_o,  // ... new value
  input  logic                mem_rsp_valid_i,
  input  logic [PteBits-1:0]  mem_rsp_rdata_i,
  input  logic                mem_rsp_err_i,
  input  logic                mem_rsp_cas_ok_i, // the compare-and-swap wrote
  // Performance counters
  output logic [31:0]         perf_hits_o,
  output logic [31:0]         perf_misses_o,
  output logic [31:0]         perf_walks_o,
  output logic [31:0]         perf_walk_cycles_o,
  output logic [31:0]         perf_l2_hits_o,
  output logic [31:0]         perf_walk_cache_hits_o
);
  localparam int VpnW    = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32;
  localparam int Levels  = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32;
  localparam int VpnBits = Levels * VpnW;  // VPN kept by the TLB

  // ---------------------------------------------------------------------------------
  // Mode decode and address split
  // ---------------------------------------------------------------------------------
  logic               paged_mode;       // satp.MODE selects a paged mode
  logic [1:0]         root_level;       // LEVELS-1 of that mode
  logic               req_canonical;    // request VA is canonical for the mode
  logic               sfence_canonical; // sfence VA is canonical (its own rule)
  logic               bare_in_range;    // untranslated VA fits the PA width
  logic [VpnBits-1:0] req_vpn, sfence_vpn;
  logic [PaBits-1:0]  bare_paddr;       // untranslated PA

  if (Xlen == 64) begin : g_rv64
    logic sv39, sv48;
    assign sv39 = satp_mode_i == mmu_pkg::ModeSv39;
    assign sv48 = satp_mode_i == mmu_pkg::ModeSv48;

    assign paged_mode = sv39 || sv48;
    assign root_level = sv48 ? 2'd3 : 2'd2;

    // A canonical VA has every bit above the VA width equal to its top bit; failing
    // that, the access page-faults without a lookup or a walk.
    assign req_canonical = sv48 ? (&req_vaddr_i[63:47] || !(|req_vaddr_i[63:47])) :
                                  (&req_vaddr_i[63:38] || !(|req_vaddr_i[63:38]));
    // sfence uses the Sv39 rule in Sv39 and the Sv48 rule otherwise (Bare included).
    assign sfence_canonical = sv39 ?
        (&sfence_vaddr_i[63:38] || !(|sfence_vaddr_i[63:38])) :
        (&sfence_vaddr_i[63:47] || !(|sfence_vaddr_i[63:47]));

    // The TLB keeps va[47:12] whatever the mode.
    assign req_vpn    = req_vaddr_i[47:12];
    assign sfence_vpn = sfence_vaddr_i[47:12];
    // Untranslated: the VA is the PA; a set bit above the 56-bit PA width is an access
    // fault (no physical address to alias it to).
    assign bare_paddr    = req_vaddr_i[PaBits-1:0];
    assign bare_in_range = !(|req_vaddr_i[63:PaBits]);
  end else begin : g_rv32
    assign paged_mode       = satp_mode_i == mmu_pkg::ModeSv32;
    assign root_level       = 2'd1;
    assign req_canonical    = 1'b1;
    assign sfence_canonical = 1'b1;
    assign req_vpn          = req_vaddr_i[31:12];
    assign sfence_vpn       = sfence_vaddr_i[31:12];
    // A 32-bit VA always fits the 34-bit PA: zero-extended.
    assign bare_paddr       = {2'b00, req_vaddr_i};
    assign bare_in_range    = 1'b1;
  end

  // sfence.vma works on pages: its VA's page offset is irrelevant.
  logic unused_sfence_offset;
  assign unused_sfence_offset = ^sfence_vaddr_i[11:0];

  // ---------------------------------------------------------------------------------
  // Request acceptance
  // ---------------------------------------------------------------------------------
  logic translate;    // the request goes through the TLB / walker
  logic user;         // U-mode (the only other translated mode is S)
  logic ptw_idle;
  logic req_fire, lookup_commit, miss_start, tlb_serve;
  logic sfence_fire, flush;

  // Only U- and S-mode translate, and only in a paged mode; M-mode, the reserved
  // privilege 2 and Bare use the VA as the PA.
  assign translate = (req_priv_i == mmu_pkg::PrivU || req_priv_i == mmu_pkg::PrivS) &&
                     paged_mode;
  assign user      = req_priv_i == mmu_pkg::PrivU;

  // Requests wait for the walker; an sfence is always taken. A request and an sfence
  // accepted at the same edge are ordered request first (DESIGN.md).
  assign req_ready_o    = ptw_idle;
  assign sfence_ready_o = 1'b1;
  assign req_fire       = req_valid_i && req_ready_o;
  assign sfence_fire    = sfence_valid_i;
  // A non-canonical VA operand makes the whole sfence a no-op.
  assign flush          = sfence_fire && (!sfence_use_vaddr_i || sfence_canonical);

  // ---------------------------------------------------------------------------------
  // TLB
  // ---------------------------------------------------------------------------------
  logic                tlb_hit, tlb_fault, tlb_rewalk;
  logic [PpnBits-1:0]  tlb_ppn;
  logic [PaBits-1:0]   tlb_paddr;

  logic                fill, l2_fill;
  logic [VpnBits-1:0]  fill_vpn;
  logic [1:0]          fill_level;
  logic [AsidBits-1:0] fill_asid;
  logic [PpnBits-1:0]  fill_ppn;
  logic [6:0]          fill_flags;  // {G, U, R, W, X, A, D}

  assign lookup_commit = req_fire && translate && req_canonical;
  // A lookup is served from the L1 unless it misses or is a Svadu dirty re-walk; then
  // the walker takes it (L2 lookup, walk cache, walk).
  assign tlb_serve     = lookup_commit && tlb_hit && !tlb_rewalk;
  assign miss_start    = lookup_commit && (!tlb_hit || tlb_rewalk);

  // The L1's view of the matching entry is needed only by the L2 (for its L1 refill).
  logic [1:0]         l1_hit_level;
  logic [PpnBits-1:0] l1_hit_ppn;
  logic [6:0]         l1_hit_flags;
  logic               unused_l1_hit;
  assign unused_l1_hit = ^{l1_hit_level, l1_hit_ppn, l1_hit_flags};

  assign tlb_paddr = {tlb_ppn, req_vaddr_i[11:0]};

  mmu_tlb #(
    .Xlen    (Xlen),
    .Entries (TlbEntries)
  ) u_tlb (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .asid_i           (satp_asid_i),
    .user_i           (user),
    .sum_i            (sum_i),
    .mxr_i            (mxr_i),
    .ad_hw_i          (ad_hw_i),
    .lookup_commit_i  (lookup_commit),
    .lookup_vpn_i     (req_vpn),
    .lookup_kind_i    (req_kind_i),
    .hit_o            (tlb_hit),
    .fault_o          (tlb_fault),
    .rewalk_o         (tlb_rewalk),
    .ppn_o            (tlb_ppn),
    .hit_level_o      (l1_hit_level),
    .hit_ppn_o        (l1_hit_ppn),
    .hit_flags_o      (l1_hit_flags),
    .fill_i           (fill),
    .fill_vpn_i       (fill_vpn),
    .fill_level_i     (fill_level),
    .fill_asid_i      (fill_asid),
    .fill_g_i         (fill_flags[6]),
    .fill_ppn_i       (fill_ppn),
    .fill_u_i         (fill_flags[5]),
    .fill_r_i         (fill_flags[4]),
    .fill_w_i         (fill_flags[3]),
    .fill_x_i         (fill_flags[2]),
    .fill_a_i         (fill_flags[1]),
    .fill_d_i         (fill_flags[0]),
    .flush_i          (flush),
    .flush_use_vpn_i  (sfence_use_vaddr_i),
    .flush_vpn_i      (sfence_vpn),
    .flush_use_asid_i (sfence_use_asid_i),
    .flush_asid_i     (sfence_asid_i)
  );

  // ---------------------------------------------------------------------------------
  // Page-table walker, with the L2 TLB and the walk cache it looks up first
  // ---------------------------------------------------------------------------------
  logic              ptw_done, ptw_fault, ptw_access;
  logic [1:0]        ptw_kind;
  logic [IdBits-1:0] ptw_id;
  logic [PaBits-1:0] ptw_paddr;
  logic              ptw_walk_start, ptw_sv48;

  // Walker context the second-level structures look up with (the walk's snapshot).
  logic [VpnBits-1:0]  ptw_vpn;
  logic [AsidBits-1:0] ptw_asid;
  logic [1:0]          ptw_lkind;
  logic                ptw_user, ptw_sum, ptw_mxr, ptw_ad_hw;

  logic               l2_lookup, l2_hit, l2_fault, l2_rewalk;
  logic [PpnBits-1:0] l2_ppn, l2_entry_ppn;
  logic [1:0]         l2_level;
  logic [6:0]         l2_flags;

  // L2Ways = 0: no L2 TLB (every L1 miss walks; the L2 lookup cycle stays).
  if (L2Ways != 0) begin : g_l2
    mmu_l2_tlb #(
      .Xlen         (Xlen),
      .Sets         (L2Sets),
      .Ways         (L2Ways),
      .SuperEntries (L2SuperEntries)
    ) u_l2_tlb (
      .clk_i            (clk_i),
      .rst_ni           (rst_ni),
      .lookup_commit_i  (l2_lookup),
      .lookup_vpn_i     (ptw_vpn),
      .asid_i           (ptw_asid),
      .kind_i           (ptw_lkind),
      .user_i           (ptw_user),
      .sum_i            (ptw_sum),
      .mxr_i            (ptw_mxr),
      .ad_hw_i          (ptw_ad_hw),
      .hit_o            (l2_hit),
      .fault_o          (l2_fault),
      .rewalk_o         (l2_rewalk),
      .ppn_o            (l2_ppn),
      .hit_level_o      (l2_level),
      .hit_ppn_o        (l2_entry_ppn),
      .hit_flags_o      (l2_flags),
      .fill_i           (l2_fill),
      .fill_vpn_i       (fill_vpn),
      .fill_level_i     (fill_level),
      .fill_asid_i      (fill_asid),
      .fill_ppn_i       (fill_ppn),
      .fill_flags_i     (fill_flags),
      .flush_i          (flush),
      .flush_use_vpn_i  (sfence_use_vaddr_i),
      .flush_vpn_i      (sfence_vpn),
      .flush_use_asid_i (sfence_use_asid_i),
      .flush_asid_i     (sfence_asid_i)
    );
  end else begin : g_no_l2
    assign l2_hit       = 1'b0;
    assign l2_fault     = 1'b0;
    assign l2_rewalk    = 1'b0;
    assign l2_ppn       = '0;
    assign l2_level     = '0;
    assign l2_entry_ppn = '0;
    assign l2_flags     = '0;
    logic unused_l2;
    assign unused_l2 = ^{l2_fill, l2_lookup, ptw_lkind, ptw_user, ptw_sum, ptw_mxr, ptw_ad_hw};
  end

  logic               pwc_lookup, pwc_hit, pwc_g, pwc_fill, pwc_fill_g;
  logic [1:0]         pwc_level, pwc_fill_level;
  logic [PpnBits-1:0] pwc_ppn, pwc_fill_ppn;

  // The walk's VPN and ASID feed the L2 and the walk cache (neither, when both are off).
  logic unused_ctx;
  assign unused_ctx = (L2Ways == 0 && WalkCacheEntries == 0) ? ^{ptw_vpn, ptw_asid} : 1'b0;

  // WalkCacheEntries = 0: no walk cache (every walk starts at the root).
  if (WalkCacheEntries != 0) begin : g_walk_cache
    mmu_walk_cache #(
      .Xlen    (Xlen),
      .Entries (WalkCacheEntries)
    ) u_walk_cache (
      .clk_i            (clk_i),
      .rst_ni           (rst_ni),
      .lookup_commit_i  (pwc_lookup),
      .lookup_vpn_i     (ptw_vpn),
      .lookup_asid_i    (ptw_asid),
      .lookup_sv48_i    (ptw_sv48),
      .hit_o            (pwc_hit),
      .hit_level_o      (pwc_level),
      .hit_ppn_o        (pwc_ppn),
      .hit_g_o          (pwc_g),
      .fill_i           (pwc_fill),
      .fill_vpn_i       (ptw_vpn),
      .fill_level_i     (pwc_fill_level),
      .fill_asid_i      (ptw_asid),
      .fill_g_i         (pwc_fill_g),
      .fill_sv48_i      (ptw_sv48),
      .fill_ppn_i       (pwc_fill_ppn),
      .flush_i          (flush),
      .flush_use_vpn_i  (sfence_use_vaddr_i),
      .flush_use_asid_i (sfence_use_asid_i),
      .flush_asid_i     (sfence_asid_i)
    );
  end else begin : g_no_walk_cache
    assign pwc_hit   = 1'b0;
    assign pwc_level = '0;
    assign pwc_ppn   = '0;
    assign pwc_g     = 1'b0;
    logic unused_pwc;
    assign unused_pwc = ^{pwc_lookup, pwc_fill, pwc_fill_level, pwc_fill_g, pwc_fill_ppn, ptw_sv48};
  end

  mmu_ptw #(
    .Xlen   (Xlen),
    .IdBits (IdBits)
  ) u_ptw (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .satp_ppn_i       (satp_ppn_i),
    .satp_asid_i      (satp_asid_i),
    .root_level_i     (root_level),
    .sum_i            (sum_i),
    .mxr_i            (mxr_i),
    .ad_hw_i          (ad_hw_i),
    .ram_base_i       (ram_base_i),
    .ram_size_i       (ram_size_i),
    .start_i          (miss_start),
    .start_vpn_i      (req_vpn),
    .start_offset_i   (req_vaddr_i[11:0]),
    .start_kind_i     (req_kind_i),
    .start_user_i     (user),
    .start_id_i       (req_id_i),
    .idle_o           (ptw_idle),
    .walk_start_o     (ptw_walk_start),
    .sv48_o           (ptw_sv48),
    .ctx_vpn_o        (ptw_vpn),
    .ctx_asid_o       (ptw_asid),
    .ctx_kind_o       (ptw_lkind),
    .ctx_user_o       (ptw_user),
    .ctx_sum_o        (ptw_sum),
    .ctx_mxr_o        (ptw_mxr),
    .ctx_ad_hw_o      (ptw_ad_hw),
    .l2_lookup_o      (l2_lookup),
    .l2_hit_i         (l2_hit),
    .l2_fault_i       (l2_fault),
    .l2_rewalk_i      (l2_rewalk),
    .l2_ppn_i         (l2_ppn),
    .l2_level_i       (l2_level),
    .l2_entry_ppn_i   (l2_entry_ppn),
    .l2_flags_i       (l2_flags),
    .pwc_lookup_o     (pwc_lookup),
    .pwc_hit_i        (pwc_hit),
    .pwc_level_i      (pwc_level),
    .pwc_ppn_i        (pwc_ppn),
    .pwc_g_i          (pwc_g),
    .pwc_fill_o       (pwc_fill),
    .pwc_fill_level_o (pwc_fill_level),
    .pwc_fill_g_o     (pwc_fill_g),
    .pwc_fill_ppn_o   (pwc_fill_ppn),
    .kill_i           (kill_i),
    .flush_i          (flush),
    .done_o           (ptw_done),
    .done_fault_o     (ptw_fault),
    .done_access_o    (ptw_access),
    .done_kind_o      (ptw_kind),
    .done_id_o        (ptw_id),
    .done_paddr_o     (ptw_paddr),
    .fill_o           (fill),
    .l2_fill_o        (l2_fill),
    .fill_vpn_o       (fill_vpn),
    .fill_level_o     (fill_level),
    .fill_asid_o      (fill_asid),
    .fill_ppn_o       (fill_ppn),
    .fill_flags_o     (fill_flags),
    .mem_req_valid_o  (mem_req_valid_o),
    .mem_req_ready_i  (mem_req_ready_i),
    .mem_req_addr_o   (mem_req_addr_o),
    .mem_req_we_o     (mem_req_we_o),
    .mem_req_cmp_o    (mem_req_cmp_o),
    .mem_req_wdata_o  (mem_req_wdata_o),
    .mem_rsp_valid_i  (mem_rsp_valid_i),
    .mem_rsp_rdata_i  (mem_rsp_rdata_i),
    .mem_rsp_err_i    (mem_rsp_err_i),
    .mem_rsp_cas_ok_i (mem_rsp_cas_ok_i)
  );

  // ---------------------------------------------------------------------------------
  // Response register: one-cycle pulse, zero payload when idle
  // ---------------------------------------------------------------------------------
  logic              rsp_valid_d, rsp_fault_d;
  logic [IdBits-1:0] rsp_id_d;
  logic [PaBits-1:0] rsp_paddr_d;
  logic [3:0]        rsp_cause_d;
  logic              rsp_valid_q, rsp_fault_q;
  logic [IdBits-1:0] rsp_id_q;
  logic [PaBits-1:0] rsp_paddr_q;
  logic [3:0]        rsp_cause_q;

  // Exception cause of the original access: page faults 12/13/15 and access faults
  // 1/5/7. A store and an AMO both raise the store/AMO causes (15/7); never a load's.
  function automatic logic [3:0] fault_cause(input logic [1:0] kind, input logic access);
    logic [3:0] cause;
    unique case (kind)
      mmu_pkg::AccFetch: cause = access ? mmu_pkg::CauseFetchAccess : mmu_pkg::CauseFetchPage;
      mmu_pkg::AccLoad:  cause = access ? mmu_pkg::CauseLoadAccess  : mmu_pkg::CauseLoadPage;
      default:           cause = access ? mmu_pkg::CauseStoreAccess : mmu_pkg::CauseStorePage;
    endcase
    fault_cause = cause;
  endfunction

  // At most one source answers at an edge: requests are only accepted while the
  // walker is idle, and the walker only answers while not idle.
  logic              rsp_bare, rsp_bare_fault, rsp_noncanonical, rsp_access;
  logic [1:0]        rsp_kind;

  assign rsp_bare         = req_fire && !translate;
  assign rsp_bare_fault   = rsp_bare && !bare_in_range;
  assign rsp_noncanonical = req_fire && translate && !req_canonical;

  assign rsp_valid_d = rsp_bare || rsp_noncanonical || tlb_serve || ptw_done;
  assign rsp_fault_d = rsp_bare_fault || rsp_noncanonical || (tlb_serve && tlb_fault) ||
                       (ptw_done && ptw_fault);
  // Access faults: a walk's, and an untranslated VA beyond the PA width.
  assign rsp_access  = (ptw_done && ptw_access) || rsp_bare_fault;
  assign rsp_kind    = ptw_done ? ptw_kind : req_kind_i;
  assign rsp_id_d    = ptw_done ? ptw_id : rsp_valid_d ? req_id_i : '0;
  assign rsp_cause_d = rsp_fault_d ? fault_cause(rsp_kind, rsp_access) : mmu_pkg::CauseNone;

  // The PA of the source that answers; 0 on a fault and when nothing answers.
  always_comb begin : response_paddr
    if (rsp_fault_d)    rsp_paddr_d = '0;
    else if (rsp_bare)  rsp_paddr_d = bare_paddr;
    else if (tlb_serve) rsp_paddr_d = tlb_paddr;
    else if (ptw_done)  rsp_paddr_d = ptw_paddr;
    else                rsp_paddr_d = '0;
  end

  always_ff @(posedge clk_i) begin : response_reg
    if (!rst_ni) begin
      rsp_valid_q <= 1'b0;
      rsp_id_q    <= '0;
      rsp_paddr_q <= '0;
      rsp_fault_q <= 1'b0;
      rsp_cause_q <= mmu_pkg::CauseNone;
    end else begin
      rsp_valid_q <= rsp_valid_d;
      rsp_id_q    <= rsp_id_d;
      rsp_paddr_q <= rsp_paddr_d;
      rsp_fault_q <= rsp_fault_d;
      rsp_cause_q <= rsp_cause_d;
    end
  end

  assign rsp_valid_o = rsp_valid_q;
  assign rsp_id_o    = rsp_id_q;
  assign rsp_paddr_o = rsp_paddr_q;
  assign rsp_fault_o = rsp_fault_q;
  assign rsp_cause_o = rsp_cause_q;

  // ---------------------------------------------------------------------------------
  // Performance counters (32 bits, wrapping)
  // ---------------------------------------------------------------------------------
  logic [31:0] hits_q, misses_q, walks_q, walk_cycles_q, l2_hits_q, pwc_hits_q;

  always_ff @(posedge clk_i) begin : perf_reg
    if (!rst_ni) begin
      hits_q        <= '0;
      misses_q      <= '0;
      walks_q       <= '0;
      walk_cycles_q <= '0;
      l2_hits_q     <= '0;
      pwc_hits_q    <= '0;
    end else begin
      // Lookups served from the TLB, faulting ones included.
      if (tlb_serve) hits_q <= hits_q + 32'd1;
      // Lookups that found no entry.
      if (lookup_commit && !tlb_hit) misses_q <= misses_q + 32'd1;
      // Walks started: L2 misses and Svadu dirty re-walks.
      if (ptw_walk_start) walks_q <= walks_q + 32'd1;
      // Lookups the L2 served, faulting ones included.
      if (l2_lookup && l2_hit && !l2_rewalk) l2_hits_q <= l2_hits_q + 32'd1;
      // Walks that began at a cached pointer (a restart reads from the root).
      if (pwc_lookup && pwc_hit) pwc_hits_q <= pwc_hits_q + 32'd1;
      // Edges at which the walker was busy (walking or draining after a kill).
      if (!ptw_idle) walk_cycles_q <= walk_cycles_q + 32'd1;
    end
  end

  assign perf_hits_o        = hits_q;
  assign perf_misses_o      = misses_q;
  assign perf_walks_o       = walks_q;
  assign perf_walk_cycles_o = walk_cycles_q;
  assign perf_l2_hits_o     = l2_hits_q;
  assign perf_walk_cache_hits_o = pwc_hits_q;

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions: what must never happen
  // ---------------------------------------------------------------------------------
  // The previous edge's reset, kept in a register rather than read with $past (Icarus 11
  // compiles $past but cannot run it).
  logic past_valid_q = 1'b0, past_rst_n_q = 1'b0;
  always @(posedge clk_i) begin
    past_valid_q <= 1'b1;
    past_rst_n_q <= rst_ni;
  end

  // A response is owed: a request was accepted and neither answered nor killed.
  logic owed_q = 1'b0;
  always @(posedge clk_i) begin
    if (!rst_ni)                    owed_q <= 1'b0;
    else if (req_fire)              owed_q <= 1'b1;
    else if (rsp_valid_o)           owed_q <= 1'b0;
    else if (kill_i && !ptw_idle)   owed_q <= 1'b0;
  end

  always @(posedge clk_i) begin : mmu_assertions
    if (rst_ni) begin
      // Parameters in range: the builds, a power-of-two TLB of 4..128, a 1..16-bit ID.
      assert (Xlen == 32 || Xlen == 64);
      assert (TlbEntries >= 4 && TlbEntries <= 128 && (TlbEntries & (TlbEntries - 1)) == 0);
      assert (IdBits >= 1 && IdBits <= 16);
    end
    if (past_valid_q && rst_ni && past_rst_n_q) begin
      // No response without a request; one request in flight at most.
      assert (!rsp_valid_o || owed_q);
      assert (!req_fire || !owed_q || rsp_valid_o);
      // A cause goes with a fault and only with it; a fault carries no PA.
      assert (rsp_fault_o == (rsp_cause_o != mmu_pkg::CauseNone));
      assert (!rsp_fault_o || rsp_paddr_o == '0);
      // A new request is accepted only by an idle walker.
      assert (!req_fire || ptw_idle);
    end
  end
`endif
endmodule
