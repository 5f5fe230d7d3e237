// RISC-V MMU: a fully associative TLB in front of a hardware page-table walker.
//
// Xlen = 32 translates Sv32; Xlen = 64 translates Sv39 or Sv48, chosen at run time by
// satp_mode_i. Hits, TLB faults, untranslated and non-canonical requests answer one
// cycle after acceptance; a miss walks the page table (see DESIGN.md, "Timing contract").
module mmu #(
  parameter  int Xlen       = 64,                      // 32: Sv32; 64: Sv39 and Sv48
  parameter  int TlbEntries = 16,                      // power of two, 4..128
  localparam int PaBits     = (Xlen == 64) ? 56 : 34,  // physical address
  localparam int PteBits    = Xlen,                    // PTE size in bits
  localparam int AsidBits   = (Xlen == 64) ? 16 : 9,   // satp.ASID
  localparam int PpnBits    = PaBits - 12              // satp.PPN, PTE.PPN
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // CSR view, stable from a request's acceptance to its response
  input  logic [3:0]          satp_mode_i,
  input  logic [AsidBits-1:0] satp_asid_i,
  input  logic [PpnBits-1:0]  satp_ppn_i,
  input  logic [1:0]          priv_i,
  input  logic                sum_i,
  input  logic                mxr_i,
  input  logic                ad_hw_i,
  input  logic [PaBits-1:0]   ram_base_i,
  input  logic [PaBits-1:0]   ram_size_i,
  // Translation request
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [Xlen-1:0]     req_vaddr_i,
  input  logic [1:0]          req_kind_i,
  // Translation response
  output logic                rsp_valid_o,
  output logic [PaBits-1:0]   rsp_paddr_o,
  output logic                rsp_fault_o,
  output logic [3:0]          rsp_cause_o,
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
  output logic                mem_req_we_o,
  output logic [PteBits-1:0]  mem_req_wdata_o,
  input  logic                mem_rsp_valid_i,
  input  logic [PteBits-1:0]  mem_rsp_rdata_i,
  input  logic                mem_rsp_err_i,
  // Performance counters
  output logic [31:0]         perf_hits_o,
  output logic [31:0]         perf_misses_o,
  output logic [31:0]         perf_walks_o,
  output logic [31:0]         perf_walk_cycles_o
);
  localparam int VpnBits = (Xlen == 64) ? 36 : 20;  // VPN kept by the TLB

  // ---------------------------------------------------------------------------------
  // Mode decode and address split
  // ---------------------------------------------------------------------------------
  logic               paged_mode;       // satp.MODE selects a paged mode
  logic [1:0]         root_level;       // LEVELS-1 of that mode
  logic               req_canonical;    // request VA is canonical for the mode
  logic               sfence_canonical; // sfence VA is canonical (its own rule)
  logic [VpnBits-1:0] req_vpn, sfence_vpn;
  logic [PaBits-1:0]  bare_paddr;       // untranslated PA

  if (Xlen == 64) begin : g_rv64
    logic sv39, sv48;
    assign sv39 = satp_mode_i == 4'd8;
    assign sv48 = satp_mode_i == 4'd9;

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
    assign bare_paddr = req_vaddr_i[55:0];
  end else begin : g_rv32
    assign paged_mode       = satp_mode_i == 4'd1;
    assign root_level       = 2'd1;
    assign req_canonical    = 1'b1;
    assign sfence_canonical = 1'b1;
    assign req_vpn          = req_vaddr_i[31:12];
    assign sfence_vpn       = sfence_vaddr_i[31:12];
    assign bare_paddr       = {2'b00, req_vaddr_i};
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
  logic req_fire, lookup_commit, walk_start, tlb_serve;
  logic sfence_fire;

  // Only U- and S-mode translate, and only in a paged mode; M-mode, any other privilege
  // and Bare use the VA as the PA.
  assign translate = (priv_i == 2'd0 || priv_i == 2'd1) && paged_mode;
  assign user      = priv_i == 2'd0;

  assign req_ready_o    = ptw_idle && !sfence_valid_i;
  assign sfence_ready_o = ptw_idle;
  assign req_fire       = req_valid_i && req_ready_o;
  assign sfence_fire    = sfence_valid_i && sfence_ready_o;

  // ---------------------------------------------------------------------------------
  // TLB
  // ---------------------------------------------------------------------------------
  logic               tlb_hit, tlb_fault, tlb_rewalk;
  logic [PpnBits-1:0] tlb_ppn;
  logic [PaBits-1:0]  tlb_paddr;

  logic               fill;
  logic [VpnBits-1:0] fill_vpn;
  logic [1:0]         fill_level;
  logic               fill_g;
  logic [PpnBits-1:0] fill_ppn;
  logic               fill_u, fill_r, fill_w, fill_x, fill_a, fill_d;

  assign lookup_commit = req_fire && translate && req_canonical;
  // A lookup is served from the TLB unless it misses or is a Svadu dirty re-walk.
  assign tlb_serve     = lookup_commit && tlb_hit && !tlb_rewalk;
  assign walk_start    = lookup_commit && (!tlb_hit || tlb_rewalk);

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
    .fill_i           (fill),
    .fill_vpn_i       (fill_vpn),
    .fill_level_i     (fill_level),
    .fill_asid_i      (satp_asid_i),
    .fill_g_i         (fill_g),
    .fill_ppn_i       (fill_ppn),
    .fill_u_i         (fill_u),
    .fill_r_i         (fill_r),
    .fill_w_i         (fill_w),
    .fill_x_i         (fill_x),
    .fill_a_i         (fill_a),
    .fill_d_i         (fill_d),
    // A non-canonical VA operand makes the whole sfence a no-op.
    .flush_i          (sfence_fire && (!sfence_use_vaddr_i || sfence_canonical)),
    .flush_use_vpn_i  (sfence_use_vaddr_i),
    .flush_vpn_i      (sfence_vpn),
    .flush_use_asid_i (sfence_use_asid_i),
    .flush_asid_i     (sfence_asid_i)
  );

  // ---------------------------------------------------------------------------------
  // Page-table walker
  // ---------------------------------------------------------------------------------
  logic              ptw_done, ptw_fault, ptw_access;
  logic [1:0]        ptw_kind;
  logic [PaBits-1:0] ptw_paddr;

  mmu_ptw #(.Xlen(Xlen)) u_ptw (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .satp_ppn_i      (satp_ppn_i),
    .root_level_i    (root_level),
    .user_i          (user),
    .sum_i           (sum_i),
    .mxr_i           (mxr_i),
    .ad_hw_i         (ad_hw_i),
    .ram_base_i      (ram_base_i),
    .ram_size_i      (ram_size_i),
    .start_i         (walk_start),
    .start_vpn_i     (req_vpn),
    .start_offset_i  (req_vaddr_i[11:0]),
    .start_kind_i    (req_kind_i),
    .idle_o          (ptw_idle),
    .done_o          (ptw_done),
    .done_fault_o    (ptw_fault),
    .done_access_o   (ptw_access),
    .done_kind_o     (ptw_kind),
    .done_paddr_o    (ptw_paddr),
    .fill_o          (fill),
    .fill_vpn_o      (fill_vpn),
    .fill_level_o    (fill_level),
    .fill_g_o        (fill_g),
    .fill_ppn_o      (fill_ppn),
    .fill_u_o        (fill_u),
    .fill_r_o        (fill_r),
    .fill_w_o        (fill_w),
    .fill_x_o        (fill_x),
    .fill_a_o        (fill_a),
    .fill_d_o        (fill_d),
    .mem_req_valid_o (mem_req_valid_o),
    .mem_req_ready_i (mem_req_ready_i),
    .mem_req_addr_o  (mem_req_addr_o),
    .mem_req_we_o    (mem_req_we_o),
    .mem_req_wdata_o (mem_req_wdata_o),
    .mem_rsp_valid_i (mem_rsp_valid_i),
    .mem_rsp_rdata_i (mem_rsp_rdata_i),
    .mem_rsp_err_i   (mem_rsp_err_i)
  );

  // ---------------------------------------------------------------------------------
  // Response register: one-cycle pulse, zero payload when idle
  // ---------------------------------------------------------------------------------
  logic              rsp_valid_d, rsp_fault_d;
  logic [PaBits-1:0] rsp_paddr_d;
  logic [3:0]        rsp_cause_d;
  logic              rsp_valid_q, rsp_fault_q;
  logic [PaBits-1:0] rsp_paddr_q;
  logic [3:0]        rsp_cause_q;

  // Exception cause: page faults 12/13/15, access faults 1/5/7 for fetch/load/store.
  function automatic logic [3:0] fault_cause(input logic [1:0] kind, input logic access);
    logic [3:0] cause;
    case (kind)
      2'd0:    cause = access ? 4'd1 : 4'd12;
      2'd2:    cause = access ? 4'd7 : 4'd15;
      default: cause = access ? 4'd5 : 4'd13;
    endcase
    fault_cause = cause;
  endfunction

  // At most one source answers at an edge: requests are only accepted while the
  // walker is idle, and the walker only finishes a busy walk while not idle. The one
  // overlap, a walk whose root PTE lies outside RAM, answers through the walker.
  logic       rsp_bare, rsp_noncanonical, rsp_access;
  logic [1:0] rsp_kind;

  assign rsp_bare         = req_fire && !translate;
  assign rsp_noncanonical = req_fire && translate && !req_canonical;

  assign rsp_valid_d = rsp_bare || rsp_noncanonical || tlb_serve || ptw_done;
  assign rsp_fault_d = rsp_noncanonical || (tlb_serve && tlb_fault) || (ptw_done && ptw_fault);
  assign rsp_access  = ptw_done && ptw_access;  // only a walk gives access faults
  assign rsp_kind    = ptw_done ? ptw_kind : req_kind_i;
  assign rsp_cause_d = rsp_fault_d ? fault_cause(rsp_kind, rsp_access) : 4'd0;

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
      rsp_paddr_q <= '0;
      rsp_fault_q <= 1'b0;
      rsp_cause_q <= 4'd0;
    end else begin
      rsp_valid_q <= rsp_valid_d;
      rsp_paddr_q <= rsp_paddr_d;
      rsp_fault_q <= rsp_fault_d;
      rsp_cause_q <= rsp_cause_d;
    end
  end

  assign rsp_valid_o = rsp_valid_q;
  assign rsp_paddr_o = rsp_paddr_q;
  assign rsp_fault_o = rsp_fault_q;
  assign rsp_cause_o = rsp_cause_q;

  // ---------------------------------------------------------------------------------
  // Performance counters (32 bits, wrapping)
  // ---------------------------------------------------------------------------------
  logic [31:0] hits_q, misses_q, walks_q, walk_cycles_q;

  always_ff @(posedge clk_i) begin : perf_reg
    if (!rst_ni) begin
      hits_q        <= '0;
      misses_q      <= '0;
      walks_q       <= '0;
      walk_cycles_q <= '0;
    end else begin
      // Lookups served from the TLB, faulting ones included.
      if (tlb_serve) hits_q <= hits_q + 32'd1;
      // Lookups that found no entry.
      if (lookup_commit && !tlb_hit) misses_q <= misses_q + 32'd1;
      // Walks started: misses and Svadu dirty re-walks.
      if (walk_start) walks_q <= walks_q + 32'd1;
      // Edges at which the walker was busy.
      if (!ptw_idle) walk_cycles_q <= walk_cycles_q + 32'd1;
    end
  end

  assign perf_hits_o        = hits_q;
  assign perf_misses_o      = misses_q;
  assign perf_walks_o       = walks_q;
  assign perf_walk_cycles_o = walk_cycles_q;
endmodule
