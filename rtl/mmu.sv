// RISC-V MMU: two translation ports, each with a fully associative L1 TLB, sharing an L2
// TLB and a page-walk cache in front of one hardware page-table walker.
//
// Xlen = 32 translates Sv32; Xlen = 64 translates Sv39, Sv48 or Sv57, chosen at run time by
// satp_mode_i. The data port (req_*, rsp_*, kill_i) takes every kind of access; the
// instruction port (ireq_*, irsp_*, ikill_i) fetches. On each port, L1 hits, L1 faults,
// untranslated and non-canonical requests answer one cycle after acceptance; an L1 miss
// goes to the walker when the arbiter grants it (round-robin), is looked up in the L2 at
// the next edge (a hit answers one edge later), and on an L2 miss walks the page table
// from the deepest pointer the walk cache holds (see DESIGN.md, "Timing contract" and
// "Two ports"). A port takes no request while its own L1 miss is unanswered; the other
// port goes on. Each request carries its effective privilege and an ID that its response
// returns.
module mmu #(
  parameter  int Xlen       = 64,  // 32: Sv32; 64: Sv39, Sv48 and Sv57
  parameter  int TlbEntries = 16,  // data port's L1 TLB (power of two, 4..128)
  parameter  int ITlbEntries = 16, // instruction port's L1 TLB (the same range)
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
  // Data port: translation request (any kind)
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [Xlen-1:0]     req_vaddr_i,
  input  logic [1:0]          req_kind_i,   // mmu_pkg::Acc*
  input  logic [1:0]          req_priv_i,   // mmu_pkg::Priv*, effective (MPRV applied)
  input  logic [IdBits-1:0]   req_id_i,
  // Data port: translation response
  output logic                rsp_valid_o,
  output logic [IdBits-1:0]   rsp_id_o,
  output logic [PaBits-1:0]   rsp_paddr_o,
  output logic                rsp_fault_o,
  output logic [3:0]          rsp_cause_o,
  // Data port's pipeline flush: abandon its translation past the L1 (no response, no refill)
  input  logic                kill_i,
  // Instruction port: fetch translation request, response and pipeline flush
  input  logic                ireq_valid_i,
  output logic                ireq_ready_o,
  input  logic [Xlen-1:0]     ireq_vaddr_i,
  input  logic [1:0]          ireq_priv_i,
  input  logic [IdBits-1:0]   ireq_id_i,
  output logic                irsp_valid_o,
  output logic [IdBits-1:0]   irsp_id_o,
  output logic [PaBits-1:0]   irsp_paddr_o,
  output logic                irsp_fault_o,
  output logic [3:0]          irsp_cause_o,
  input  logic                ikill_i,
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
  // Performance counters of the data port: its L1's hits and misses, and the L2 hits,
  // walks, walk-cache starts and walker-busy edges of its translations
  output logic [31:0]         perf_hits_o,
  output logic [31:0]         perf_misses_o,
  output logic [31:0]         perf_walks_o,
  output logic [31:0]         perf_walk_cycles_o,
  output logic [31:0]         perf_l2_hits_o,
  output logic [31:0]         perf_walk_cache_hits_o,
  // ... and of the instruction port
  output logic [31:0]         perf_i_hits_o,
  output logic [31:0]         perf_i_misses_o,
  output logic [31:0]         perf_i_walks_o,
  output logic [31:0]         perf_i_walk_cycles_o,
  output logic [31:0]         perf_i_l2_hits_o,
  output logic [31:0]         perf_i_walk_cache_hits_o
);
  localparam int VpnW    = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32;
  localparam int Levels  = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32;
  localparam int VpnBits = Levels * VpnW;  // VPN kept by the TLB
  localparam int LevelW  = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32;

  // ---------------------------------------------------------------------------------
  // Mode decode and the sfence operand
  // ---------------------------------------------------------------------------------
  logic               paged_mode;       // satp.MODE selects a paged mode
  logic [LevelW-1:0]  root_level;       // LEVELS-1 of that mode
  logic               sfence_canonical; // sfence VA is canonical (its own rule)
  logic [VpnBits-1:0] sfence_vpn;

  if (Xlen == 64) begin : g_rv64
    logic sv39, sv48, sv57;
    assign sv39 = satp_mode_i == mmu_pkg::ModeSv39;
    assign sv48 = satp_mode_i == mmu_pkg::ModeSv48;
    assign sv57 = satp_mode_i == mmu_pkg::ModeSv57;

    assign paged_mode = sv39 || sv48 || sv57;
    assign root_level = sv57 ? 3'd4 : sv48 ? 3'd3 : 3'd2;
    // sfence uses the rule of the current mode, and the Sv57 rule (the widest
    // implemented mode) in Bare and every other MODE value.
    assign sfence_canonical =
        sv39 ? (&sfence_vaddr_i[63:38] || !(|sfence_vaddr_i[63:38])) :
        sv48 ? (&sfence_vaddr_i[63:47] || !(|sfence_vaddr_i[63:47])) :
               (&sfence_vaddr_i[63:56] || !(|sfence_vaddr_i[63:56]));
    assign sfence_vpn = sfence_vaddr_i[56:12];
  end else begin : g_rv32
    assign paged_mode       = satp_mode_i == mmu_pkg::ModeSv32;
    assign root_level       = 2'd1;
    assign sfence_canonical = 1'b1;
    assign sfence_vpn       = sfence_vaddr_i[31:12];
  end

  // sfence.vma works on pages: its VA's page offset is irrelevant.
  logic unused_sfence_offset;
  assign unused_sfence_offset = ^sfence_vaddr_i[11:0];

  // An sfence is always taken. A request and an sfence accepted at the same edge are
  // ordered request first (DESIGN.md). A non-canonical VA operand makes the whole sfence
  // a no-op.
  logic flush;
  assign sfence_ready_o = 1'b1;
  assign flush          = sfence_valid_i && (!sfence_use_vaddr_i || sfence_canonical);

  // ---------------------------------------------------------------------------------
  // The two ports, and the arbiter that gives the walker one L1 miss at a time
  // ---------------------------------------------------------------------------------
  // Bit 0 of the per-port vectors: the data port; bit 1: the instruction port.
  logic                ptw_idle, ptw_done, ptw_fault, ptw_access;
  logic [1:0]          ptw_kind;
  logic [IdBits-1:0]   ptw_id;
  logic [PaBits-1:0]   ptw_paddr;
  logic                fill, l2_fill;
  logic [VpnBits-1:0]  fill_vpn;
  logic [LevelW-1:0]   fill_level;
  logic [AsidBits-1:0] fill_asid;
  logic [PpnBits-1:0]  fill_ppn;
  logic [6:0]          fill_flags;  // {G, U, R, W, X, A, D}

  logic [1:0] miss, grant, walker_busy;
  logic       owner_q;   // the port whose translation the walker has (1: instruction)
  logic       favour_q;  // the port that goes first when both miss (1: instruction)

  // Each port's L1 miss as it asks for the walker: the request and its CSR snapshot.
  logic [VpnBits-1:0]  dmiss_vpn;
  logic [11:0]         dmiss_offset;
  logic [1:0]          dmiss_kind;
  logic [LevelW-1:0]   dmiss_root_level;
  logic                dmiss_user, dmiss_sum, dmiss_mxr, dmiss_ad_hw, dmiss_no_fill;
  logic [IdBits-1:0]   dmiss_id;
  logic [AsidBits-1:0] dmiss_asid;
  logic [PpnBits-1:0]  dmiss_satp_ppn;
  logic [PaBits-1:0]   dmiss_ram_base, dmiss_ram_size;
  logic [VpnBits-1:0]  imiss_vpn;
  logic [11:0]         imiss_offset;
  logic [1:0]          imiss_kind;
  logic [LevelW-1:0]   imiss_root_level;
  logic                imiss_user, imiss_sum, imiss_mxr, imiss_ad_hw, imiss_no_fill;
  logic [IdBits-1:0]   imiss_id;
  logic [AsidBits-1:0] imiss_asid;
  logic [PpnBits-1:0]  imiss_satp_ppn;
  logic [PaBits-1:0]   imiss_ram_base, imiss_ram_size;

  // Round-robin: a free walker takes the only miss, or the favoured port's when both
  // miss; the other port is favoured from then on. A port's miss thus waits for one
  // translation of the other port at most (DESIGN.md, "Two ports").
  logic grant_fetch;
  assign grant_fetch = ptw_idle && miss[1] && (!miss[0] || favour_q);
  assign grant       = {grant_fetch, ptw_idle && miss[0] && !grant_fetch};

  always_ff @(posedge clk_i) begin : arbiter_reg
    if (!rst_ni) begin
      owner_q  <= 1'b0;
      favour_q <= 1'b0;  // the data port first after reset
    end else if (|grant) begin
      owner_q  <= grant[1];
      favour_q <= !grant[1];
    end
  end

  // The walker is busy with a port's translation (walking, or draining its kill).
  assign walker_busy = {!ptw_idle && owner_q, !ptw_idle && !owner_q};

  // The data port: every kind of access.
  mmu_port #(
    .Xlen    (Xlen),
    .Entries (TlbEntries),
    .IdBits  (IdBits)
  ) u_dport (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .paged_mode_i      (paged_mode),
    .root_level_i      (root_level),
    .satp_asid_i       (satp_asid_i),
    .satp_ppn_i        (satp_ppn_i),
    .sum_i             (sum_i),
    .mxr_i             (mxr_i),
    .ad_hw_i           (ad_hw_i),
    .ram_base_i        (ram_base_i),
    .ram_size_i        (ram_size_i),
    .req_valid_i       (req_valid_i),
    .req_ready_o       (req_ready_o),
    .req_vaddr_i       (req_vaddr_i),
    .req_kind_i        (req_kind_i),
    .req_priv_i        (req_priv_i),
    .req_id_i          (req_id_i),
    .rsp_valid_o       (rsp_valid_o),
    .rsp_id_o          (rsp_id_o),
    .rsp_paddr_o       (rsp_paddr_o),
    .rsp_fault_o       (rsp_fault_o),
    .rsp_cause_o       (rsp_cause_o),
    .kill_i            (kill_i),
    .flush_i           (flush),
    .flush_use_vpn_i   (sfence_use_vaddr_i),
    .flush_vpn_i       (sfence_vpn),
    .flush_use_asid_i  (sfence_use_asid_i),
    .flush_asid_i      (sfence_asid_i),
    .miss_o            (miss[0]),
    .grant_i           (grant[0]),
    .miss_vpn_o        (dmiss_vpn),
    .miss_offset_o     (dmiss_offset),
    .miss_kind_o       (dmiss_kind),
    .miss_user_o       (dmiss_user),
    .miss_id_o         (dmiss_id),
    .miss_asid_o       (dmiss_asid),
    .miss_satp_ppn_o   (dmiss_satp_ppn),
    .miss_root_level_o (dmiss_root_level),
    .miss_sum_o        (dmiss_sum),
    .miss_mxr_o        (dmiss_mxr),
    .miss_ad_hw_o      (dmiss_ad_hw),
    .miss_ram_base_o   (dmiss_ram_base),
    .miss_ram_size_o   (dmiss_ram_size),
    .miss_no_fill_o    (dmiss_no_fill),
    .walker_busy_i     (walker_busy[0]),
    .ptw_done_i        (ptw_done && walker_busy[0]),
    .ptw_fault_i       (ptw_fault),
    .ptw_access_i      (ptw_access),
    .ptw_kind_i        (ptw_kind),
    .ptw_id_i          (ptw_id),
    .ptw_paddr_i       (ptw_paddr),
    .fill_i            (fill && walker_busy[0]),
    .fill_vpn_i        (fill_vpn),
    .fill_level_i      (fill_level),
    .fill_asid_i       (fill_asid),
    .fill_ppn_i        (fill_ppn),
    .fill_flags_i      (fill_flags),
    .perf_hits_o       (perf_hits_o),
    .perf_misses_o     (perf_misses_o)
  );

  // The instruction port: fetches.
  mmu_port #(
    .Xlen    (Xlen),
    .Entries (ITlbEntries),
    .IdBits  (IdBits)
  ) u_iport (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .paged_mode_i      (paged_mode),
    .root_level_i      (root_level),
    .satp_asid_i       (satp_asid_i),
    .satp_ppn_i        (satp_ppn_i),
    .sum_i             (sum_i),
    .mxr_i             (mxr_i),
    .ad_hw_i           (ad_hw_i),
    .ram_base_i        (ram_base_i),
    .ram_size_i        (ram_size_i),
    .req_valid_i       (ireq_valid_i),
    .req_ready_o       (ireq_ready_o),
    .req_vaddr_i       (ireq_vaddr_i),
    .req_kind_i        (mmu_pkg::AccFetch),
    .req_priv_i        (ireq_priv_i),
    .req_id_i          (ireq_id_i),
    .rsp_valid_o       (irsp_valid_o),
    .rsp_id_o          (irsp_id_o),
    .rsp_paddr_o       (irsp_paddr_o),
    .rsp_fault_o       (irsp_fault_o),
    .rsp_cause_o       (irsp_cause_o),
    .kill_i            (ikill_i),
    .flush_i           (flush),
    .flush_use_vpn_i   (sfence_use_vaddr_i),
    .flush_vpn_i       (sfence_vpn),
    .flush_use_asid_i  (sfence_use_asid_i),
    .flush_asid_i      (sfence_asid_i),
    .miss_o            (miss[1]),
    .grant_i           (grant[1]),
    .miss_vpn_o        (imiss_vpn),
    .miss_offset_o     (imiss_offset),
    .miss_kind_o       (imiss_kind),
    .miss_user_o       (imiss_user),
    .miss_id_o         (imiss_id),
    .miss_asid_o       (imiss_asid),
    .miss_satp_ppn_o   (imiss_satp_ppn),
    .miss_root_level_o (imiss_root_level),
    .miss_sum_o        (imiss_sum),
    .miss_mxr_o        (imiss_mxr),
    .miss_ad_hw_o      (imiss_ad_hw),
    .miss_ram_base_o   (imiss_ram_base),
    .miss_ram_size_o   (imiss_ram_size),
    .miss_no_fill_o    (imiss_no_fill),
    .walker_busy_i     (walker_busy[1]),
    .ptw_done_i        (ptw_done && walker_busy[1]),
    .ptw_fault_i       (ptw_fault),
    .ptw_access_i      (ptw_access),
    .ptw_kind_i        (ptw_kind),
    .ptw_id_i          (ptw_id),
    .ptw_paddr_i       (ptw_paddr),
    .fill_i            (fill && walker_busy[1]),
    .fill_vpn_i        (fill_vpn),
    .fill_level_i      (fill_level),
    .fill_asid_i       (fill_asid),
    .fill_ppn_i        (fill_ppn),
    .fill_flags_i      (fill_flags),
    .perf_hits_o       (perf_i_hits_o),
    .perf_misses_o     (perf_i_misses_o)
  );

  // The granted miss starts the walker: its request and CSR snapshot.
  logic start, sel;
  assign start = |grant;
  assign sel   = grant[1];

  // ---------------------------------------------------------------------------------
  // Page-table walker, with the L2 TLB and the walk cache it looks up first
  // ---------------------------------------------------------------------------------
  logic              ptw_walk_start;
  logic [LevelW-1:0] ptw_root_level;

  // Walker context the second-level structures look up with (the walk's snapshot).
  logic [VpnBits-1:0]  ptw_vpn;
  logic [AsidBits-1:0] ptw_asid;
  logic [1:0]          ptw_lkind;
  logic                ptw_user, ptw_sum, ptw_mxr, ptw_ad_hw;

  logic               l2_lookup, l2_hit, l2_fault, l2_rewalk;
  logic [PpnBits-1:0] l2_ppn, l2_entry_ppn;
  logic [LevelW-1:0]  l2_level;
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
  logic [LevelW-1:0]  pwc_level, pwc_fill_level;
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
      .lookup_root_i    (ptw_root_level),
      .hit_o            (pwc_hit),
      .hit_level_o      (pwc_level),
      .hit_ppn_o        (pwc_ppn),
      .hit_g_o          (pwc_g),
      .fill_i           (pwc_fill),
      .fill_vpn_i       (ptw_vpn),
      .fill_level_i     (pwc_fill_level),
      .fill_asid_i      (ptw_asid),
      .fill_g_i         (pwc_fill_g),
      .fill_root_i      (ptw_root_level),
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
    assign unused_pwc = ^{pwc_lookup, pwc_fill, pwc_fill_level, pwc_fill_g, pwc_fill_ppn, ptw_root_level};
  end

  mmu_ptw #(
    .Xlen   (Xlen),
    .IdBits (IdBits)
  ) u_ptw (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .satp_ppn_i       (sel ? imiss_satp_ppn : dmiss_satp_ppn),
    .satp_asid_i      (sel ? imiss_asid : dmiss_asid),
    .root_level_i     (sel ? imiss_root_level : dmiss_root_level),
    .sum_i            (sel ? imiss_sum : dmiss_sum),
    .mxr_i            (sel ? imiss_mxr : dmiss_mxr),
    .ad_hw_i          (sel ? imiss_ad_hw : dmiss_ad_hw),
    .ram_base_i       (sel ? imiss_ram_base : dmiss_ram_base),
    .ram_size_i       (sel ? imiss_ram_size : dmiss_ram_size),
    .start_i          (start),
    .start_vpn_i      (sel ? imiss_vpn : dmiss_vpn),
    .start_offset_i   (sel ? imiss_offset : dmiss_offset),
    .start_kind_i     (sel ? imiss_kind : dmiss_kind),
    .start_user_i     (sel ? imiss_user : dmiss_user),
    .start_id_i       (sel ? imiss_id : dmiss_id),
    .start_no_fill_i  (sel ? imiss_no_fill : dmiss_no_fill),
    .idle_o           (ptw_idle),
    .walk_start_o     (ptw_walk_start),
    .root_level_o     (ptw_root_level),
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
    .kill_i           (owner_q ? ikill_i : kill_i),
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
  // Performance counters (32 bits, wrapping): the L1's in each port, the shared
  // structures' per port whose translation they served
  // ---------------------------------------------------------------------------------
  logic [31:0] walks_q, walk_cycles_q, l2_hits_q, pwc_hits_q;          // the data port's
  logic [31:0] i_walks_q, i_walk_cycles_q, i_l2_hits_q, i_pwc_hits_q;  // the instruction port's
  logic        walk_started, l2_served, pwc_served;

  // Walks started: L2 misses and Svadu dirty re-walks. Lookups the L2 served, faulting
  // ones included. Walks that began at a cached pointer (a restart reads from the root).
  assign walk_started = ptw_walk_start;
  assign l2_served    = l2_lookup && l2_hit && !l2_rewalk;
  assign pwc_served   = pwc_lookup && pwc_hit;

  always_ff @(posedge clk_i) begin : perf_reg
    if (!rst_ni) begin
      walks_q         <= '0;
      walk_cycles_q   <= '0;
      l2_hits_q       <= '0;
      pwc_hits_q      <= '0;
      i_walks_q       <= '0;
      i_walk_cycles_q <= '0;
      i_l2_hits_q     <= '0;
      i_pwc_hits_q    <= '0;
    end else begin
      if (walk_started && !owner_q) walks_q    <= walks_q + 32'd1;
      if (l2_served && !owner_q)    l2_hits_q  <= l2_hits_q + 32'd1;
      if (pwc_served && !owner_q)   pwc_hits_q <= pwc_hits_q + 32'd1;
      if (walk_started && owner_q)  i_walks_q    <= i_walks_q + 32'd1;
      if (l2_served && owner_q)     i_l2_hits_q  <= i_l2_hits_q + 32'd1;
      if (pwc_served && owner_q)    i_pwc_hits_q <= i_pwc_hits_q + 32'd1;
      // Edges at which the walker was busy (walking or draining after a kill).
      if (walker_busy[0]) walk_cycles_q   <= walk_cycles_q + 32'd1;
      if (walker_busy[1]) i_walk_cycles_q <= i_walk_cycles_q + 32'd1;
    end
  end

  assign perf_walks_o             = walks_q;
  assign perf_walk_cycles_o       = walk_cycles_q;
  assign perf_l2_hits_o           = l2_hits_q;
  assign perf_walk_cache_hits_o   = pwc_hits_q;
  assign perf_i_walks_o           = i_walks_q;
  assign perf_i_walk_cycles_o     = i_walk_cycles_q;
  assign perf_i_l2_hits_o         = i_l2_hits_q;
  assign perf_i_walk_cache_hits_o = i_pwc_hits_q;

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions: what must never happen (each port checks its own requests and responses)
  // ---------------------------------------------------------------------------------
  always @(posedge clk_i) begin : mmu_assertions
    if (rst_ni) begin
      // Parameters in range: the builds, power-of-two L1s of 4..128, a 1..16-bit ID.
      assert (Xlen == 32 || Xlen == 64);
      assert (TlbEntries >= 4 && TlbEntries <= 128 && (TlbEntries & (TlbEntries - 1)) == 0);
      assert (ITlbEntries >= 4 && ITlbEntries <= 128 && (ITlbEntries & (ITlbEntries - 1)) == 0);
      assert (IdBits >= 1 && IdBits <= 16);
      // One grant at most, only to a free walker, only to a port that asks.
      assert (!(grant[0] && grant[1]));
      assert (!(|grant) || ptw_idle);
      assert ((grant & ~miss) == '0);
      // A free walker leaves no miss waiting.
      assert (!ptw_idle || !(|miss) || (|grant));
    end
  end
`endif
endmodule
