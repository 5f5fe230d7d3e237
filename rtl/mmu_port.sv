// One translation port: request acceptance, its own fully associative L1 TLB, the response
// register, and the register that holds an L1 miss while the walker serves the other port.
//
// A request is looked up in the L1 at its acceptance edge t; Bare/M-mode, non-canonical
// VAs and L1 hits answer at t+1. An L1 miss (or a Svadu dirty re-walk) asks the walker for
// it (miss_o) at t: granted at once when the walker is free and the arbiter picks this
// port, otherwise it waits in the pending register, with the CSR view of its acceptance
// edge, until a later grant. The port takes no request while its own translation is past
// the L1 (pending, or the walker's), so it has one at most. kill_i drops a pending miss
// (no response); the walker's translation of this port is killed by the walker.
// See DESIGN.md, "Two ports".
module mmu_port #(
  parameter  int Xlen     = 64,
  parameter  int Entries  = 16,  // L1 TLB entries (power of two, 4..128)
  parameter  int IdBits   = 4,
  localparam int PaBits   = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int AsidBits = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int PpnBits  = PaBits - mmu_pkg::PageShift,
  localparam int VpnW     = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,
  localparam int Levels   = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits  = Levels * VpnW,
  localparam int LevelW   = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // CSR view of this edge (decoded by the top)
  input  logic                paged_mode_i,     // satp.MODE is a paged mode
  input  logic [LevelW-1:0]   root_level_i,     // LEVELS-1 of that mode (rv64: 2 Sv39,
                                                //   3 Sv48, 4 Sv57)
  input  logic [AsidBits-1:0] satp_asid_i,
  input  logic [PpnBits-1:0]  satp_ppn_i,
  input  logic                sum_i,
  input  logic                mxr_i,
  input  logic                ad_hw_i,
  input  logic [PaBits-1:0]   ram_base_i,
  input  logic [PaBits-1:0]   ram_size_i,
  // Translation request and response
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [Xlen-1:0]     req_vaddr_i,
  input  logic [1:0]          req_kind_i,
  input  logic [1:0]          req_priv_i,
  input  logic [IdBits-1:0]   req_id_i,
  output logic                rsp_valid_o,
  output logic [IdBits-1:0]   rsp_id_o,
  output logic [PaBits-1:0]   rsp_paddr_o,
  output logic                rsp_fault_o,
  output logic [3:0]          rsp_cause_o,
  input  logic                kill_i,
  // sfence.vma taking effect at this edge (decoded by the top)
  input  logic                flush_i,
  input  logic                flush_use_vpn_i,
  input  logic [VpnBits-1:0]  flush_vpn_i,
  input  logic                flush_use_asid_i,
  input  logic [AsidBits-1:0] flush_asid_i,
  // To the arbiter and walker: an L1 miss wants the walker (a new one, or the pending one
  // not killed at this edge), with its request and CSR snapshot
  output logic                miss_o,
  input  logic                grant_i,          // the walker takes it at this edge
  output logic [VpnBits-1:0]  miss_vpn_o,
  output logic [11:0]         miss_offset_o,
  output logic [1:0]          miss_kind_o,
  output logic                miss_user_o,
  output logic [IdBits-1:0]   miss_id_o,
  output logic [AsidBits-1:0] miss_asid_o,
  output logic [PpnBits-1:0]  miss_satp_ppn_o,
  output logic [LevelW-1:0]   miss_root_level_o,
  output logic                miss_sum_o,
  output logic                miss_mxr_o,
  output logic                miss_ad_hw_o,
  output logic [PaBits-1:0]   miss_ram_base_o,
  output logic [PaBits-1:0]   miss_ram_size_o,
  output logic                miss_no_fill_o,   // an sfence came while it waited
  // From the walker: busy with this port's translation; its answer; the L1 refill
  input  logic                walker_busy_i,
  input  logic                ptw_done_i,
  input  logic                ptw_fault_i,
  input  logic                ptw_access_i,
  input  logic [1:0]          ptw_kind_i,
  input  logic [IdBits-1:0]   ptw_id_i,
  input  logic [PaBits-1:0]   ptw_paddr_i,
  input  logic                fill_i,
  input  logic [VpnBits-1:0]  fill_vpn_i,
  input  logic [LevelW-1:0]   fill_level_i,
  input  logic [AsidBits-1:0] fill_asid_i,
  input  logic [PpnBits-1:0]  fill_ppn_i,
  input  logic [6:0]          fill_flags_i,     // {G, U, R, W, X, A, D}
  // Counters of this port's L1
  output logic [31:0]         perf_hits_o,
  output logic [31:0]         perf_misses_o
);
  // ---------------------------------------------------------------------------------
  // The request's address: canonical check, TLB tag, untranslated PA
  // ---------------------------------------------------------------------------------
  logic               req_canonical, bare_in_range;
  logic [VpnBits-1:0] req_vpn;
  logic [PaBits-1:0]  bare_paddr;

  if (Xlen == 64) begin : g_rv64
    // A canonical VA has every bit above the VA width equal to its top bit; failing
    // that, the access page-faults without a lookup or a walk.
    // Sv39: bits 63:38 equal; Sv48: 63:47; Sv57: 63:56.
    logic sv39_ok, sv48_ok, sv57_ok;
    assign sv39_ok       = &req_vaddr_i[63:38] || !(|req_vaddr_i[63:38]);
    assign sv48_ok       = &req_vaddr_i[63:47] || !(|req_vaddr_i[63:47]);
    assign sv57_ok       = &req_vaddr_i[63:56] || !(|req_vaddr_i[63:56]);
    assign req_canonical = (root_level_i == 3'd4) ? sv57_ok :
                           (root_level_i == 3'd3) ? sv48_ok : sv39_ok;
    assign req_vpn       = req_vaddr_i[56:12];  // the TLB keeps va[56:12] whatever the mode
    // Untranslated: the VA is the PA; a set bit above the 56-bit PA width is an access
    // fault (no physical address to alias it to).
    assign bare_paddr    = req_vaddr_i[PaBits-1:0];
    assign bare_in_range = !(|req_vaddr_i[63:PaBits]);
  end else begin : g_rv32
    assign req_canonical = 1'b1;
    assign req_vpn       = req_vaddr_i[31:12];
    assign bare_paddr    = {2'b00, req_vaddr_i};  // a 32-bit VA always fits the 34-bit PA
    assign bare_in_range = 1'b1;
  end

  // ---------------------------------------------------------------------------------
  // Acceptance and the L1 lookup
  // ---------------------------------------------------------------------------------
  logic translate, user, req_fire, lookup_commit, tlb_serve, new_miss;
  logic pend_q, pend_d;

  // Only U- and S-mode translate, and only in a paged mode; M-mode, the reserved
  // privilege 2 and Bare use the VA as the PA.
  assign translate = (req_priv_i == mmu_pkg::PrivU || req_priv_i == mmu_pkg::PrivS) && paged_mode_i;
  assign user      = req_priv_i == mmu_pkg::PrivU;

  // One translation past the L1 at most: none pending, none with the walker.
  assign req_ready_o   = !pend_q && !walker_busy_i;
  assign req_fire      = req_valid_i && req_ready_o;
  assign lookup_commit = req_fire && translate && req_canonical;

  logic               tlb_hit, tlb_fault, tlb_rewalk;
  logic [PpnBits-1:0] tlb_ppn;
  logic [LevelW-1:0]  l1_hit_level;
  logic [PpnBits-1:0] l1_hit_ppn;
  logic [6:0]         l1_hit_flags;
  logic               unused_l1_hit;
  assign unused_l1_hit = ^{l1_hit_level, l1_hit_ppn, l1_hit_flags};

  // Served from the L1 unless it misses or is a Svadu dirty re-walk.
  assign tlb_serve = lookup_commit && tlb_hit && !tlb_rewalk;
  assign new_miss  = lookup_commit && (!tlb_hit || tlb_rewalk);

  mmu_tlb #(
    .Xlen    (Xlen),
    .Entries (Entries)
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
    .fill_i           (fill_i),
    .fill_vpn_i       (fill_vpn_i),
    .fill_level_i     (fill_level_i),
    .fill_asid_i      (fill_asid_i),
    .fill_g_i         (fill_flags_i[6]),
    .fill_ppn_i       (fill_ppn_i),
    .fill_u_i         (fill_flags_i[5]),
    .fill_r_i         (fill_flags_i[4]),
    .fill_w_i         (fill_flags_i[3]),
    .fill_x_i         (fill_flags_i[2]),
    .fill_a_i         (fill_flags_i[1]),
    .fill_d_i         (fill_flags_i[0]),
    .flush_i          (flush_i),
    .flush_use_vpn_i  (flush_use_vpn_i),
    .flush_vpn_i      (flush_vpn_i),
    .flush_use_asid_i (flush_use_asid_i),
    .flush_asid_i     (flush_asid_i)
  );

  // ---------------------------------------------------------------------------------
  // The pending L1 miss: the request and the CSR view of its acceptance edge
  // ---------------------------------------------------------------------------------
  logic [VpnBits-1:0]  pend_vpn_q;
  logic [11:0]         pend_offset_q;
  logic [1:0]          pend_kind_q;
  logic [LevelW-1:0]   pend_root_level_q;
  logic                pend_user_q, pend_sum_q, pend_mxr_q, pend_ad_hw_q, pend_no_fill_q;
  logic [IdBits-1:0]   pend_id_q;
  logic [AsidBits-1:0] pend_asid_q;
  logic [PpnBits-1:0]  pend_satp_ppn_q;
  logic [PaBits-1:0]   pend_ram_base_q, pend_ram_size_q;

  // A pending miss killed at this edge no longer asks; a new one cannot be killed by a
  // kill of its own acceptance edge (the kill is for translations already in flight).
  assign miss_o = (pend_q && !kill_i) || new_miss;

  // The walker's start inputs: the pending miss's snapshot, or the new miss and the CSR
  // view of this edge.
  assign miss_vpn_o        = pend_q ? pend_vpn_q        : req_vpn;
  assign miss_offset_o     = pend_q ? pend_offset_q     : req_vaddr_i[11:0];
  assign miss_kind_o       = pend_q ? pend_kind_q       : req_kind_i;
  assign miss_user_o       = pend_q ? pend_user_q       : user;
  assign miss_id_o         = pend_q ? pend_id_q         : req_id_i;
  assign miss_asid_o       = pend_q ? pend_asid_q       : satp_asid_i;
  assign miss_satp_ppn_o   = pend_q ? pend_satp_ppn_q   : satp_ppn_i;
  assign miss_root_level_o = pend_q ? pend_root_level_q : root_level_i;
  assign miss_sum_o        = pend_q ? pend_sum_q        : sum_i;
  assign miss_mxr_o        = pend_q ? pend_mxr_q        : mxr_i;
  assign miss_ad_hw_o      = pend_q ? pend_ad_hw_q      : ad_hw_i;
  assign miss_ram_base_o   = pend_q ? pend_ram_base_q   : ram_base_i;
  assign miss_ram_size_o   = pend_q ? pend_ram_size_q   : ram_size_i;
  // The walker adds an sfence of the grant edge itself.
  assign miss_no_fill_o    = pend_q && pend_no_fill_q;

  always_comb begin : pending_next
    pend_d = pend_q;
    if (pend_q && (kill_i || grant_i)) pend_d = 1'b0;
    if (new_miss && !grant_i)          pend_d = 1'b1;
  end

  always_ff @(posedge clk_i) begin : pending_flag
    if (!rst_ni) begin
      pend_q         <= 1'b0;
      pend_no_fill_q <= 1'b0;
    end else begin
      pend_q <= pend_d;
      // Any sfence from the acceptance edge on cancels the refills (DESIGN.md).
      if (new_miss)    pend_no_fill_q <= flush_i;
      else if (pend_q) pend_no_fill_q <= pend_no_fill_q || flush_i;
    end
  end

  // The snapshot is captured with the new miss (a register without reset: read only while
  // pend_q is set).
  always_ff @(posedge clk_i) begin : pending_snapshot
    if (new_miss) begin
      pend_vpn_q        <= req_vpn;
      pend_offset_q     <= req_vaddr_i[11:0];
      pend_kind_q       <= req_kind_i;
      pend_user_q       <= user;
      pend_id_q         <= req_id_i;
      pend_asid_q       <= satp_asid_i;
      pend_satp_ppn_q   <= satp_ppn_i;
      pend_root_level_q <= root_level_i;
      pend_sum_q        <= sum_i;
      pend_mxr_q        <= mxr_i;
      pend_ad_hw_q      <= ad_hw_i;
      pend_ram_base_q   <= ram_base_i;
      pend_ram_size_q   <= ram_size_i;
    end
  end

  // ---------------------------------------------------------------------------------
  // Response register: one-cycle pulse, zero payload when idle
  // ---------------------------------------------------------------------------------
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

  // At most one source answers at an edge: the port takes a request only when nothing of
  // its own is past the L1, and the walker answers only for a translation past the L1.
  logic              rsp_valid_d, rsp_fault_d, rsp_bare, rsp_bare_fault, rsp_noncanonical, rsp_access;
  logic [1:0]        rsp_kind;
  logic [IdBits-1:0] rsp_id_d;
  logic [PaBits-1:0] rsp_paddr_d, tlb_paddr;
  logic [3:0]        rsp_cause_d;

  assign tlb_paddr        = {tlb_ppn, req_vaddr_i[11:0]};
  assign rsp_bare         = req_fire && !translate;
  assign rsp_bare_fault   = rsp_bare && !bare_in_range;
  assign rsp_noncanonical = req_fire && translate && !req_canonical;

  assign rsp_valid_d = rsp_bare || rsp_noncanonical || tlb_serve || ptw_done_i;
  assign rsp_fault_d = rsp_bare_fault || rsp_noncanonical || (tlb_serve && tlb_fault) ||
                       (ptw_done_i && ptw_fault_i);
  // Access faults: a walk's, and an untranslated VA beyond the PA width.
  assign rsp_access  = (ptw_done_i && ptw_access_i) || rsp_bare_fault;
  assign rsp_kind    = ptw_done_i ? ptw_kind_i : req_kind_i;
  assign rsp_id_d    = ptw_done_i ? ptw_id_i : rsp_valid_d ? req_id_i : '0;
  assign rsp_cause_d = rsp_fault_d ? fault_cause(rsp_kind, rsp_access) : mmu_pkg::CauseNone;

  // The PA of the source that answers; 0 on a fault and when nothing answers.
  always_comb begin : response_paddr
    if (rsp_fault_d)     rsp_paddr_d = '0;
    else if (rsp_bare)   rsp_paddr_d = bare_paddr;
    else if (tlb_serve)  rsp_paddr_d = tlb_paddr;
    else if (ptw_done_i) rsp_paddr_d = ptw_paddr_i;
    else                 rsp_paddr_d = '0;
  end

  always_ff @(posedge clk_i) begin : response_reg
    if (!rst_ni) begin
      rsp_valid_o <= 1'b0;
      rsp_id_o    <= '0;
      rsp_paddr_o <= '0;
      rsp_fault_o <= 1'b0;
      rsp_cause_o <= mmu_pkg::CauseNone;
    end else begin
      rsp_valid_o <= rsp_valid_d;
      rsp_id_o    <= rsp_id_d;
      rsp_paddr_o <= rsp_paddr_d;
      rsp_fault_o <= rsp_fault_d;
      rsp_cause_o <= rsp_cause_d;
    end
  end

  // ---------------------------------------------------------------------------------
  // Counters of the L1 (32 bits, wrapping)
  // ---------------------------------------------------------------------------------
  always_ff @(posedge clk_i) begin : perf_reg
    if (!rst_ni) begin
      perf_hits_o   <= '0;
      perf_misses_o <= '0;
    end else begin
      // Lookups served from the L1, faulting ones included.
      if (tlb_serve) perf_hits_o <= perf_hits_o + 32'd1;
      // Lookups that found no entry.
      if (lookup_commit && !tlb_hit) perf_misses_o <= perf_misses_o + 32'd1;
    end
  end

`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions: what must never happen
  // ---------------------------------------------------------------------------------
  logic past_valid_q = 1'b0, past_rst_n_q = 1'b0;
  always @(posedge clk_i) begin
    past_valid_q <= 1'b1;
    past_rst_n_q <= rst_ni;
  end

  // A response is owed: a request was accepted and neither answered nor killed (a kill
  // drops a pending miss, or the walker's translation of this port).
  logic owed_q = 1'b0;
  always @(posedge clk_i) begin
    if (!rst_ni)                            owed_q <= 1'b0;
    else if (req_fire)                      owed_q <= 1'b1;
    else if (rsp_valid_o)                   owed_q <= 1'b0;
    else if (kill_i && (pend_q || walker_busy_i)) owed_q <= 1'b0;
  end

  always @(posedge clk_i) begin : port_assertions
    if (past_valid_q && rst_ni && past_rst_n_q) begin
      // No response without a request; one request in flight at most.
      assert (!rsp_valid_o || owed_q);
      assert (!req_fire || !owed_q || rsp_valid_o);
      // A cause goes with a fault and only with it; a fault carries no PA.
      assert (rsp_fault_o == (rsp_cause_o != mmu_pkg::CauseNone));
      assert (!rsp_fault_o || rsp_paddr_o == '0);
      // The walker answers and refills only a translation of this port past its L1.
      assert (!ptw_done_i || walker_busy_i);
      assert (!fill_i || walker_busy_i);
      // A pending miss and the walker's translation of this port never coexist.
      assert (!(pend_q && walker_busy_i));
      assert (!grant_i || miss_o);
    end
  end
`endif
endmodule
