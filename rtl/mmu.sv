// RISC-V MMU: two translation ports, each with a fully associative L1 TLB, sharing an L2
// TLB and a page-walk cache in front of one hardware page-table walker.
//
// Xlen = 32 translates Sv32; Xlen = 64 translates Sv39 or Sv48, chosen at run time by
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
  parameter  int Xlen       = 64,  // 32: Sv32; 64: Sv39 and Sv48
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

  // ---------------------------------------------------------------------------------
  // Mode decode and the sfence operand
  // ---------------------------------------------------------------------------------
  logic               paged_mode;       // satp.MODE selects a paged mode
  logic               sv48;             // ... Sv48 (rv64)
  logic [1:0]         root_level;       // LEVELS-1 of that mode
  logic               sfence_canonical; // sfence VA is canonical (its own rule)
  logic [VpnBits-1:0] sfence_vpn;

  if (Xlen == 64) begin : g_rv64
    logic sv39;
    assign sv39 = satp_mode_i == mmu_pkg::ModeSv39;
    assign sv48 = satp_mode_i == mmu_pkg::ModeSv48;

    assign paged_mode = sv39 || sv48;
    assign root_level = sv48 ? 2'd3 : 2'd2;
    // sfence uses the Sv39 rule in Sv39 and the Sv48 rule otherwise (Bare included).
    assign sfence_canonical = sv39 ?
        (&sfence_vaddr_i[63:38] || !(|sfence_vaddr_i[63:38])) :
        (&sfence_vaddr_i[63:47] || !(|sfence_vaddr_i[63:47]));
    assign sfence_vpn = sfence_vaddr_i[47:12];
  end else begin : g_rv32
    assign paged_mode       = satp_mode_i == mmu_pkg::ModeSv32;
    assign sv48             = 1'b0;
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
  // Index 0: the data port; 1: the instruction port.
  localparam int NumPorts = 2;

  logic                ptw_idle, ptw_done, ptw_fault, ptw_access;
  logic [1:0]          ptw_kind;
  logic [IdBits-1:0]   ptw_id;
  logic [PaBits-1:0]   ptw_paddr;
  logic                fill, l2_fill;
  logic [VpnBits-1:0]  fill_vpn;
  logic [1:0]          fill_level;
  logic [AsidBits-1:0] fill_asid;
  logic [PpnBits-1:0]  fill_ppn;
  logic [6:0]          fill_flags;  // {G, U, R, W, X, A, D}

  logic [NumPorts-1:0] miss, grant, walker_busy, port_kill;
  logic                owner_q;     // the port whose translation the walker has
  logic                favour_q;    // the port that goes first when both miss

  logic [VpnBits-1:0]  miss_vpn        [NumPorts];
  logic [11:0]         miss_offset     [NumPorts];
  logic [1:0]          miss_kind       [NumPorts];
  logic                miss_user       [NumPorts];
  logic [IdBits-1:0]   miss_id         [NumPorts];
  logic [AsidBits-1:0] miss_asid       [NumPorts];
  logic [PpnBits-1:0]  miss_satp_ppn   [NumPorts];
  logic [1:0]          miss_root_level [NumPorts];
  logic                miss_sum        [NumPorts];
  logic                miss_mxr        [NumPorts];
  logic                miss_ad_hw      [NumPorts];
  logic [PaBits-1:0]   miss_ram_base   [NumPorts];
  logic [PaBits-1:0]   miss_ram_size   [NumPorts];
  logic                miss_no_fill    [NumPorts];
  logic [31:0]         port_hits       [NumPorts];
  logic [31:0]         port_misses     [NumPorts];
  logic                port_ready      [NumPorts];
  logic                port_rsp_valid  [NumPorts];
  logic [IdBits-1:0]   port_rsp_id     [NumPorts];
  logic [PaBits-1:0]   port_rsp_paddr  [NumPorts];
  logic                port_rsp_fault  [NumPorts];
  logic [3:0]          port_rsp_cause  [NumPorts];

  assign port_kill = {ikill_i, kill_i};

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

  for (genvar p = 0; p < NumPorts; p++) begin : g_port
    // The walker is busy with this port's translation (walking, or draining its kill).
    assign walker_busy[p] = !ptw_idle && (owner_q == (p == 1));

    mmu_port #(
      .Xlen    (Xlen),
      .Entries ((p == 1) ? ITlbEntries : TlbEntries),
      .IdBits  (IdBits)
    ) u_port (
      .clk_i             (clk_i),
      .rst_ni            (rst_ni),
      .paged_mode_i      (paged_mode),
      .sv48_i            (sv48),
      .root_level_i      (root_level),
      .satp_asid_i       (satp_asid_i),
      .satp_ppn_i        (satp_ppn_i),
      .sum_i             (sum_i),
      .mxr_i             (mxr_i),
      .ad_hw_i           (ad_hw_i),
      .ram_base_i        (ram_base_i),
      .ram_size_i        (ram_size_i),
      .req_valid_i       ((p == 1) ? ireq_valid_i : req_valid_i),
      .req_ready_o       (port_ready[p]),
      .req_vaddr_i       ((p == 1) ? ireq_vaddr_i : req_vaddr_i),
      .req_kind_i        ((p == 1) ? mmu_pkg::AccFetch : req_kind_i),
      .req_priv_i        ((p == 1) ? ireq_priv_i : req_priv_i),
      .req_id_i          ((p == 1) ? ireq_id_i : req_id_i),
      .rsp_valid_o       (port_rsp_valid[p]),
      .rsp_id_o          (port_rsp_id[p]),
      .rsp_paddr_o       (port_rsp_paddr[p]),
      .rsp_fault_o       (port_rsp_fault[p]),
      .rsp_cause_o       (port_rsp_cause[p]),
      .kill_i            (port_kill[p]),
      .flush_i           (flush),
      .flush_use_vpn_i   (sfence_use_vaddr_i),
      .flush_vpn_i       (sfence_vpn),
      .flush_use_asid_i  (sfence_use_asid_i),
      .flush_asid_i      (sfence_asid_i),
      .miss_o            (miss[p]),
      .grant_i           (grant[p]),
      .miss_vpn_o        (miss_vpn[p]),
      .miss_offset_o     (miss_offset[p]),
      .miss_kind_o       (miss_kind[p]),
      .miss_user_o       (miss_user[p]),
      .miss_id_o         (miss_id[p]),
      .miss_asid_o       (miss_asid[p]),
      .miss_satp_ppn_o   (miss_satp_ppn[p]),
      .miss_root_level_o (miss_root_level[p]),
      .miss_sum_o        (miss_sum[p]),
      .miss_mxr_o        (miss_mxr[p]),
      .miss_ad_hw_o      (miss_ad_hw[p]),
      .miss_ram_base_o   (miss_ram_base[p]),
      .miss_ram_size_o   (miss_ram_size[p]),
      .miss_no_fill_o    (miss_no_fill[p]),
      .walker_busy_i     (walker_busy[p]),
      .ptw_done_i        (ptw_done && walker_busy[p]),
      .ptw_fault_i       (ptw_fault),
      .ptw_access_i      (ptw_access),
      .ptw_kind_i        (ptw_kind),
      .ptw_id_i          (ptw_id),
      .ptw_paddr_i       (ptw_paddr),
      .fill_i            (fill && walker_busy[p]),
      .fill_vpn_i        (fill_vpn),
      .fill_level_i      (fill_level),
      .fill_asid_i       (fill_asid),
      .fill_ppn_i        (fill_ppn),
      .fill_flags_i      (fill_flags),
      .perf_hits_o       (port_hits[p]),
      .perf_misses_o     (port_misses[p])
    );
  end

  assign req_ready_o  = port_ready[0];
  assign rsp_valid_o  = port_rsp_valid[0];
  assign rsp_id_o     = port_rsp_id[0];
  assign rsp_paddr_o  = port_rsp_paddr[0];
  assign rsp_fault_o  = port_rsp_fault[0];
  assign rsp_cause_o  = port_rsp_cause[0];
  assign ireq_ready_o = port_ready[1];
  assign irsp_valid_o = port_rsp_valid[1];
  assign irsp_id_o    = port_rsp_id[1];
  assign irsp_paddr_o = port_rsp_paddr[1];
  assign irsp_fault_o = port_rsp_fault[1];
  assign irsp_cause_o = port_rsp_cause[1];

  // The granted miss starts the walker: its request and CSR snapshot.
  logic start, sel;
  assign start = |grant;
  assign sel   = grant[1];

  // ---------------------------------------------------------------------------------
  // Page-table walker, with the L2 TLB and the walk cache it looks up first
  // ---------------------------------------------------------------------------------
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
    .satp_ppn_i       (miss_satp_ppn[sel]),
    .satp_asid_i      (miss_asid[sel]),
    .root_level_i     (miss_root_level[sel]),
    .sum_i            (miss_sum[sel]),
    .mxr_i            (miss_mxr[sel]),
    .ad_hw_i          (miss_ad_hw[sel]),
    .ram_base_i       (miss_ram_base[sel]),
    .ram_size_i       (miss_ram_size[sel]),
    .start_i          (start),
    .start_vpn_i      (miss_vpn[sel]),
    .start_offset_i   (miss_offset[sel]),
    .start_kind_i     (miss_kind[sel]),
    .start_user_i     (miss_user[sel]),
    .start_id_i       (miss_id[sel]),
    .start_no_fill_i  (miss_no_fill[sel]),
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
    .kill_i           (port_kill[owner_q]),
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
  logic [31:0] walks_q [NumPorts], walk_cycles_q [NumPorts], l2_hits_q [NumPorts], pwc_hits_q [NumPorts];

  for (genvar p = 0; p < NumPorts; p++) begin : g_perf
    logic mine;
    assign mine = owner_q == (p == 1);
    always_ff @(posedge clk_i) begin : perf_reg
      if (!rst_ni) begin
        walks_q[p]       <= '0;
        walk_cycles_q[p] <= '0;
        l2_hits_q[p]     <= '0;
        pwc_hits_q[p]    <= '0;
      end else begin
        // Walks started: L2 misses and Svadu dirty re-walks.
        if (mine && ptw_walk_start) walks_q[p] <= walks_q[p] + 32'd1;
        // Lookups the L2 served, faulting ones included.
        if (mine && l2_lookup && l2_hit && !l2_rewalk) l2_hits_q[p] <= l2_hits_q[p] + 32'd1;
        // Walks that began at a cached pointer (a restart reads from the root).
        if (mine && pwc_lookup && pwc_hit) pwc_hits_q[p] <= pwc_hits_q[p] + 32'd1;
        // Edges at which the walker was busy (walking or draining after a kill).
        if (walker_busy[p]) walk_cycles_q[p] <= walk_cycles_q[p] + 32'd1;
      end
    end
  end

  assign perf_hits_o              = port_hits[0];
  assign perf_misses_o            = port_misses[0];
  assign perf_walks_o             = walks_q[0];
  assign perf_walk_cycles_o       = walk_cycles_q[0];
  assign perf_l2_hits_o           = l2_hits_q[0];
  assign perf_walk_cache_hits_o   = pwc_hits_q[0];
  assign perf_i_hits_o            = port_hits[1];
  assign perf_i_misses_o          = port_misses[1];
  assign perf_i_walks_o           = walks_q[1];
  assign perf_i_walk_cycles_o     = walk_cycles_q[1];
  assign perf_i_l2_hits_o         = l2_hits_q[1];
  assign perf_i_walk_cache_hits_o = pwc_hits_q[1];

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
