// Formal harness for the MMU: the environment (assumptions) and the properties
// (assertions and covers) of issue 13, item 2, around an unmodified `mmu`.
//
// Read by Yosys 0.23 with `read_verilog -formal` only (formal/prove.py builds the
// commands; Icarus 11 rejects the labels on immediate assertions). The properties are
// stated at the ports where the contract is (DESIGN.md): a shadow of the port traffic
// (which lookups were served at latency 1, which walks ended successfully, what PTEs
// they read, which sfences came) decides what the RTL may do. A few properties are
// about an internal event (a refill, the hit entry, the walker's state): those read
// internal signals through probes, wires marked `// probe: PATH` that prove.py connects
// after `flatten` to the flattened RTL signal PATH (Yosys 0.23 has no hierarchical
// references; `connect -set` does the same after flattening); `// probe(DEFINE): PATH`
// only in the build with that define.
//
// Every assertion and cover is labelled with its group (`sfence_port: assert ...`; the
// label names the cell) and sits in an `ifdef CHECK_<GROUP>` block; prove.py keeps one
// group per netlist, so a failure names its property and each group gets its own bounds:
//   asid    P1 a TLB hit (L1 or L2) comes from an entry that is global or of the current
//           ASID; a walk starts at a cached pointer only if one may be cached for it
//   sfence  P2 after an sfence covering (VA, ASID) no request for them hits until a refill
//           (L1 or L2), and no walk for them starts at a pointer an sfence removed
//   refill  P3 a refill happens only at the end of a successful walk (and is its leaf)
//   ad      P4 the A/D update is the walk's last memory access, only when no other fault applies
//   priv    P5 a U-mode hit never grants a supervisor page, an S-mode fetch never a user page
//   rsp     P6 no response without a request (and with its ID; one request in flight)
//   bound   P7 every walk ends within its bound (reads per pass, own edges per pass)
//   held    P8 the memory request is held, payload stable, until accepted
//   walk    P9 a walk starts after the L2 lookup, at the root PTE of its snapshot unless
//           it starts at a cached pointer; a restart goes back to the root PTE
//   arb     (both ports free: DRIVE_IPORT) the arbiter: one grant, to an asking port and an
//           idle walker, a waiting miss passed over once at most, the answer to the owner
//   pmp     (PMP_ON: two PMP entries, their pins free) every PTE access the walker presents
//           and every PA it answers with is allowed by the previous edge's PMP view; a
//           Bare/M-mode or L1-hit answer faults exactly when that view denies its PA
//   cover   every walker state transition of rtl/README.md is reachable
// The RTL's own assertions are the group `rtl` (prove.py keeps them only there).
//
// The second level is as small as the RTL allows, so that the proofs stay tractable: an
// L2 TLB of 2 sets x 2 ways and 4 superpage entries, a walk cache of 2 entries.
module mmu_formal #(
  parameter  int Xlen       = 64,
  localparam int TlbEntries = 4,   // the smallest legal TLBs (data and instruction port)
  localparam int ITlbEntries = 4,
  localparam int IdBits     = 1,
  localparam int L2Sets     = 2,   // the smallest legal L2 TLB and walk cache
  localparam int L2Ways     = 2,
  localparam int L2SuperEntries   = 4,
  localparam int WalkCacheEntries = 2,
  localparam int PaBits     = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PteBits    = Xlen,
  localparam int AsidBits   = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int PpnBits    = PaBits - mmu_pkg::PageShift,
  localparam int VpnW       = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,
  localparam int Levels     = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits    = Levels * VpnW,
  localparam int LevelW     = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32, // a level
  localparam int PmpEntries = 2,   // the PMP pins' entries (the MMU gets them with PMP_ON only)
  localparam int PmpAw      = PaBits - 2  // one pmpaddr: PA bits PaBits-1:2
) (
  input logic                clk_i,
  input logic                rst_ni,
  input logic [3:0]          satp_mode_i,
  input logic [AsidBits-1:0] satp_asid_i,
  input logic [PpnBits-1:0]  satp_ppn_i,
  input logic                sum_i,
  input logic                mxr_i,
  input logic                ad_hw_i,
  input logic [PaBits-1:0]   ram_base_i,
  input logic [PaBits-1:0]   ram_size_i,
  input logic                req_valid_i,
  input logic [Xlen-1:0]     req_vaddr_i,
  input logic [1:0]          req_kind_i,
  input logic [1:0]          req_priv_i,
  input logic [IdBits-1:0]   req_id_i,
  input logic                kill_i,
  // Instruction port: driven only in the build with DRIVE_IPORT (group `arb`), tied off
  // otherwise (see below)
  input logic                ireq_valid_i,
  input logic [Xlen-1:0]     ireq_vaddr_i,
  input logic [1:0]          ireq_priv_i,
  input logic [IdBits-1:0]   ireq_id_i,
  input logic                ikill_i,
  input logic                sfence_valid_i,
  input logic [Xlen-1:0]     sfence_vaddr_i,
  input logic                sfence_use_vaddr_i,
  input logic [AsidBits-1:0] sfence_asid_i,
  input logic                sfence_use_asid_i,
  input logic                mem_req_ready_i,
  input logic                mem_rsp_valid_i,
  input logic [PteBits-1:0]  mem_rsp_rdata_i,
  input logic                mem_rsp_err_i,
  input logic                mem_rsp_cas_ok_i,
  // Free inputs of the harness: the translation the shadow tracks (taken at reset)
  input logic [VpnBits-1:0]  track_vpn_i,
  input logic [AsidBits-1:0] track_asid_i,
`ifdef PMP_ON
  // PMP pins (free at every edge) and the PMP covers: only in the build with PMP_ON
  // (group `pmp`), so that the other builds' netlists are the ones without PMP
  input logic [PmpEntries*8-1:0]     pmpcfg_i,
  input logic [PmpEntries*PmpAw-1:0] pmpaddr_i,
  output logic [6:1]         pmp_cover_o,
`endif
  // The cover conditions (group `cover` only; prove.py drops the port elsewhere)
  output logic [45:1]        cover_o
);
  logic                req_ready_o, rsp_valid_o, rsp_fault_o, sfence_ready_o;
  logic [IdBits-1:0]   rsp_id_o;
  logic [PaBits-1:0]   rsp_paddr_o;
  logic [3:0]          rsp_cause_o;
  logic                mem_req_valid_o, mem_req_we_o;
  logic [PaBits-1:0]   mem_req_addr_o;
  logic [PteBits-1:0]  mem_req_cmp_o, mem_req_wdata_o;
  logic [31:0]         perf_hits_o, perf_misses_o, perf_walks_o, perf_walk_cycles_o;
  logic [31:0]         perf_l2_hits_o, perf_walk_cache_hits_o;
  // The instruction port is tied off (no fetch requests, no kills) except in the build
  // with DRIVE_IPORT: the shadow and the properties P1..P9 are about the data port, whose
  // traffic alone then reaches the walker, with DESIGN.md's single-port timing. The
  // arbiter's group `arb` gets both ports free, with the same environment.
  logic                iv, ik;
  logic [Xlen-1:0]     iva;
  logic [1:0]          ipriv;
  logic [IdBits-1:0]   iid;
`ifdef DRIVE_IPORT
  assign {iv, ik, iva, ipriv, iid} = {ireq_valid_i, ikill_i, ireq_vaddr_i, ireq_priv_i, ireq_id_i};
`else
  assign {iv, ik, iva, ipriv, iid} = '0;
  logic unused_iport;
  assign unused_iport = ^{ireq_valid_i, ikill_i, ireq_vaddr_i, ireq_priv_i, ireq_id_i};
`endif
  logic                ireq_ready_o, irsp_valid_o, irsp_fault_o;
  logic [IdBits-1:0]   irsp_id_o;
  logic [PaBits-1:0]   irsp_paddr_o;
  logic [3:0]          irsp_cause_o;
  logic [31:0]         perf_i_hits_o, perf_i_misses_o, perf_i_walks_o, perf_i_walk_cycles_o;
  logic [31:0]         perf_i_l2_hits_o, perf_i_walk_cache_hits_o;
  // Svpbmt and Svnapot are off here (PBMTE tied to 0, Svnapot = 0): the shadow and the
  // properties keep PTE bits 63:54 reserved, as they were written. The bench checks both
  // extensions against the model.
  logic [1:0]          rsp_pbmt_o, irsp_pbmt_o;
  logic                unused_pbmt;
  assign unused_pbmt = ^{rsp_pbmt_o, irsp_pbmt_o};

  // PMP: two entries with free pins in the build with PMP_ON (group `pmp`, its own Yosys
  // run); none elsewhere, so that every other group's netlist is the one without PMP.
`ifdef PMP_ON
  localparam int MmuPmpEntries = PmpEntries;
  logic [PmpEntries*8-1:0]     mmu_pmpcfg;
  logic [PmpEntries*PmpAw-1:0] mmu_pmpaddr;
  assign mmu_pmpcfg  = pmpcfg_i;
  assign mmu_pmpaddr = pmpaddr_i;
`else
  localparam int MmuPmpEntries = 0;
  logic mmu_pmpcfg, mmu_pmpaddr;
  assign mmu_pmpcfg  = 1'b0;
  assign mmu_pmpaddr = 1'b0;
`endif

  mmu #(
    .Xlen             (Xlen),
    .TlbEntries       (TlbEntries),
    .ITlbEntries      (ITlbEntries),
    .IdBits           (IdBits),
    .L2Sets           (L2Sets),
    .L2Ways           (L2Ways),
    .L2SuperEntries   (L2SuperEntries),
    .WalkCacheEntries (WalkCacheEntries),
    .Svnapot          (1'b0),
    .PmpEntries       (MmuPmpEntries)  // G = 0 (the default granularity)
  ) u_mmu (
    .clk_i, .rst_ni, .satp_mode_i, .satp_asid_i, .satp_ppn_i, .sum_i, .mxr_i, .ad_hw_i,
    .pbmte_i (1'b0), .rsp_pbmt_o, .irsp_pbmt_o,
    .ram_base_i, .ram_size_i, .pmpcfg_i (mmu_pmpcfg), .pmpaddr_i (mmu_pmpaddr), .req_valid_i, .req_ready_o, .req_vaddr_i, .req_kind_i,
    .req_priv_i, .req_id_i, .rsp_valid_o, .rsp_id_o, .rsp_paddr_o, .rsp_fault_o, .rsp_cause_o,
    .kill_i, .sfence_valid_i, .sfence_ready_o, .sfence_vaddr_i, .sfence_use_vaddr_i,
    .sfence_asid_i, .sfence_use_asid_i, .mem_req_valid_o, .mem_req_ready_i, .mem_req_addr_o,
    .mem_req_we_o, .mem_req_cmp_o, .mem_req_wdata_o, .mem_rsp_valid_i, .mem_rsp_rdata_i,
    .mem_rsp_err_i, .mem_rsp_cas_ok_i, .perf_hits_o, .perf_misses_o, .perf_walks_o,
    .perf_walk_cycles_o, .perf_l2_hits_o, .perf_walk_cache_hits_o,
    .ireq_valid_i (iv), .ireq_ready_o, .ireq_vaddr_i (iva), .ireq_priv_i (ipriv),
    .ireq_id_i (iid), .irsp_valid_o, .irsp_id_o, .irsp_paddr_o, .irsp_fault_o, .irsp_cause_o,
    .ikill_i (ik), .perf_i_hits_o, .perf_i_misses_o, .perf_i_walks_o,
    .perf_i_walk_cycles_o, .perf_i_l2_hits_o, .perf_i_walk_cache_hits_o
  );

  // ---------------------------------------------------------------------------------
  // Probes: connected by prove.py after flatten (`connect -set NAME PATH`)
  // ---------------------------------------------------------------------------------
  (* keep *) logic [2:0]          p_state;       // probe: u_mmu.u_ptw.state_q
  (* keep *) logic                p_fill;        // probe: u_mmu.fill
  (* keep *) logic                p_l2_fill;     // probe: u_mmu.l2_fill
  (* keep *) logic [VpnBits-1:0]  p_fill_vpn;    // probe: u_mmu.fill_vpn
  (* keep *) logic [LevelW-1:0]   p_fill_level;  // probe: u_mmu.fill_level
  (* keep *) logic [AsidBits-1:0] p_fill_asid;   // probe: u_mmu.fill_asid
  (* keep *) logic [6:0]          p_fill_flags;  // probe: u_mmu.fill_flags
  (* keep *) logic                p_lookup;      // probe: u_mmu.u_dport.lookup_commit
  (* keep *) logic                p_tlb_hit;     // probe: u_mmu.u_dport.tlb_hit
  (* keep *) logic [3:0]          p_hit_oh;      // probe: u_mmu.u_dport.u_tlb.hit_oh
  (* keep *) logic [3:0]          p_tlb_g;       // probe: u_mmu.u_dport.u_tlb.g_q
  (* keep *) logic [3:0]          p_tlb_u;       // probe: u_mmu.u_dport.u_tlb.u_q
  (* keep *) logic [AsidBits-1:0] p_tlb_asid0;   // probe: u_mmu.u_dport.u_tlb.asid_q[0]
  (* keep *) logic [AsidBits-1:0] p_tlb_asid1;   // probe: u_mmu.u_dport.u_tlb.asid_q[1]
  (* keep *) logic [AsidBits-1:0] p_tlb_asid2;   // probe: u_mmu.u_dport.u_tlb.asid_q[2]
  (* keep *) logic [AsidBits-1:0] p_tlb_asid3;   // probe: u_mmu.u_dport.u_tlb.asid_q[3]
  (* keep *) logic                p_tlb_serve;   // probe: u_mmu.u_dport.tlb_serve
  (* keep *) logic                p_tlb_fault;   // probe: u_mmu.u_dport.tlb_fault
  (* keep *) logic                p_miss_start;  // probe: u_mmu.start
  (* keep *) logic                p_l2_lookup;   // probe: u_mmu.l2_lookup
  (* keep *) logic                p_l2_hit;      // probe: u_mmu.l2_hit
  (* keep *) logic                p_l2_fault;    // probe: u_mmu.l2_fault
  (* keep *) logic                p_l2_rewalk;   // probe: u_mmu.l2_rewalk
  (* keep *) logic [6:0]          p_l2_flags;    // probe: u_mmu.l2_flags
  (* keep *) logic                p_ptw_user;    // probe: u_mmu.ptw_user
  (* keep *) logic [1:0]          p_ptw_kind;    // probe: u_mmu.ptw_lkind
  (* keep *) logic [AsidBits-1:0] p_ptw_asid;    // probe: u_mmu.ptw_asid
  (* keep *) logic [1:0]          p_l2w_hit_oh;  // probe: u_mmu.g_l2.u_l2_tlb.hit_oh
  (* keep *) logic                p_l2w_set;     // probe: u_mmu.g_l2.u_l2_tlb.set
  (* keep *) logic [3:0]          p_l2w_g;       // probe: u_mmu.g_l2.u_l2_tlb.g_q
  (* keep *) logic [AsidBits-1:0] p_l2w_asid0;   // probe: u_mmu.g_l2.u_l2_tlb.asid_q[0]
  (* keep *) logic [AsidBits-1:0] p_l2w_asid1;   // probe: u_mmu.g_l2.u_l2_tlb.asid_q[1]
  (* keep *) logic [AsidBits-1:0] p_l2w_asid2;   // probe: u_mmu.g_l2.u_l2_tlb.asid_q[2]
  (* keep *) logic [AsidBits-1:0] p_l2w_asid3;   // probe: u_mmu.g_l2.u_l2_tlb.asid_q[3]
  (* keep *) logic [3:0]          p_l2s_hit_oh;  // probe: u_mmu.g_l2.u_l2_tlb.u_super.hit_oh
  (* keep *) logic [3:0]          p_l2s_g;       // probe: u_mmu.g_l2.u_l2_tlb.u_super.g_q
  (* keep *) logic [AsidBits-1:0] p_l2s_asid0;   // probe: u_mmu.g_l2.u_l2_tlb.u_super.asid_q[0]
  (* keep *) logic [AsidBits-1:0] p_l2s_asid1;   // probe: u_mmu.g_l2.u_l2_tlb.u_super.asid_q[1]
  (* keep *) logic [AsidBits-1:0] p_l2s_asid2;   // probe: u_mmu.g_l2.u_l2_tlb.u_super.asid_q[2]
  (* keep *) logic [AsidBits-1:0] p_l2s_asid3;   // probe: u_mmu.g_l2.u_l2_tlb.u_super.asid_q[3]
  (* keep *) logic                p_pwc_lookup;  // probe: u_mmu.pwc_lookup
  (* keep *) logic                p_pwc_hit;     // probe: u_mmu.pwc_hit
  (* keep *) logic [LevelW-1:0]   p_pwc_level;   // probe: u_mmu.pwc_level
  (* keep *) logic                p_pwc_g;       // probe: u_mmu.pwc_g
  (* keep *) logic                p_pte_invalid; // probe: u_mmu.u_ptw.pte_invalid
  (* keep *) logic                p_pointer_bad; // probe: u_mmu.u_ptw.pointer_bad
  (* keep *) logic                p_pte_leaf;    // probe: u_mmu.u_ptw.pte_leaf
  (* keep *) logic                p_next_ok;     // probe: u_mmu.u_ptw.pma_ok (the start's or the next level's check)
  (* keep *) logic                p_done;        // probe: u_mmu.u_ptw.done_o
  (* keep *) logic [1:0]          p_miss;        // probe: u_mmu.miss
  (* keep *) logic [1:0]          p_grant;       // probe: u_mmu.grant
  (* keep *) logic                p_ptw_idle;    // probe: u_mmu.ptw_idle
  (* keep *) logic                p_done0;       // probe: u_mmu.u_dport.ptw_done_i
  (* keep *) logic                p_done1;       // probe: u_mmu.u_iport.ptw_done_i
  (* keep *) logic                p_fill0;       // probe: u_mmu.u_dport.fill_i
  (* keep *) logic                p_fill1;       // probe: u_mmu.u_iport.fill_i
  (* keep *) logic [IdBits-1:0]   p_miss_id0;    // probe: u_mmu.u_dport.miss_id_o
  (* keep *) logic [IdBits-1:0]   p_miss_id1;    // probe: u_mmu.u_iport.miss_id_o
  (* keep *) logic [PaBits-1:0]   p_tlb_paddr;   // probe(PMP_ON): u_mmu.u_dport.tlb_paddr
  (* keep *) logic                p_pmp_ok;      // probe(PMP_ON): u_mmu.u_ptw.pmp_ok
  (* keep *) logic                p_pmp_final;   // probe(PMP_ON): u_mmu.u_ptw.pmp_final
  (* keep *) logic                p_done_access; // probe(PMP_ON): u_mmu.u_ptw.done_access_o
  (* keep *) logic                p_owner;       // probe(PMP_ON): u_mmu.owner_q
  (* keep *) logic [PaBits-1:0]   p_ptw_addr;    // probe(PMP_ON): u_mmu.u_ptw.addr_q
  (* keep *) logic [PaBits-1:0]   p_ptw_root;    // probe(PMP_ON): u_mmu.u_ptw.root_addr_q
  (* keep *) logic                p_pend;        // probe(PMP_ON): u_mmu.u_dport.pend_q
  (* keep *) logic [1:0]          p_pend_kind;   // probe(PMP_ON): u_mmu.u_dport.pend_kind_q
  (* keep *) logic                p_pend_user;   // probe(PMP_ON): u_mmu.u_dport.pend_user_q

  // Walker states (mmu_ptw's state_e).
  localparam logic [2:0] SIdle = 3'd0, SL2Lookup = 3'd1, SReadPte = 3'd2, SWaitPte = 3'd3,
                         SWriteAd = 3'd4, SWaitAd = 3'd5, SDrain = 3'd6;

  // ---------------------------------------------------------------------------------
  // Environment
  // ---------------------------------------------------------------------------------
  logic init_q = 1'b1;  // before the first edge
  always_ff @(posedge clk_i) init_q <= 1'b0;

  // The memory answers only a request it accepted at an earlier edge and has not
  // answered yet (DESIGN.md: "The memory must not answer when no request is
  // outstanding"); it resets with the MMU. Acceptance and latency are free.
  logic mem_out_q, mem_out_we_q;
  logic mem_acc, mem_rsp;
  assign mem_acc = mem_req_valid_o && mem_req_ready_i;
  assign mem_rsp = mem_rsp_valid_i && mem_out_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      mem_out_q    <= 1'b0;
      mem_out_we_q <= 1'b0;
    end else if (mem_acc) begin
      mem_out_q    <= 1'b1;
      mem_out_we_q <= mem_req_we_o;
    end else if (mem_rsp) begin
      mem_out_q    <= 1'b0;
    end
  end

  always @(posedge clk_i) begin : environment
    // The run starts with a reset; later resets are free.
    if (init_q) assume (!rst_ni);
    if (rst_ni) assume (!mem_rsp_valid_i || mem_out_q);
  end

  // ---------------------------------------------------------------------------------
  // The contract's decode of a request and an sfence (DESIGN.md), written from the spec
  // ---------------------------------------------------------------------------------
  logic               paged, translate, canonical, s_canonical, flush_now;
  logic [LevelW-1:0]  root_lvl;
  logic [VpnBits-1:0] req_vpn, s_vpn;
  if (Xlen == 64) begin : g_rv64
    // Sv39 (8), Sv48 (9) and Sv57 (10); a VA is canonical when it is its own sign
    // extension. An sfence VA takes the current mode's rule, Sv57's in Bare.
    assign paged     = satp_mode_i == 4'd8 || satp_mode_i == 4'd9 || satp_mode_i == 4'd10;
    assign root_lvl  = (satp_mode_i == 4'd10) ? 3'd4 : (satp_mode_i == 4'd9) ? 3'd3 : 3'd2;
    assign canonical = (satp_mode_i == 4'd10) ?
        req_vaddr_i == {{7{req_vaddr_i[56]}}, req_vaddr_i[56:0]} : (satp_mode_i == 4'd9) ?
        req_vaddr_i == {{16{req_vaddr_i[47]}}, req_vaddr_i[47:0]} :
        req_vaddr_i == {{25{req_vaddr_i[38]}}, req_vaddr_i[38:0]};
    assign s_canonical = (satp_mode_i == 4'd8) ?
        sfence_vaddr_i == {{25{sfence_vaddr_i[38]}}, sfence_vaddr_i[38:0]} : (satp_mode_i == 4'd9) ?
        sfence_vaddr_i == {{16{sfence_vaddr_i[47]}}, sfence_vaddr_i[47:0]} :
        sfence_vaddr_i == {{7{sfence_vaddr_i[56]}}, sfence_vaddr_i[56:0]};
    assign req_vpn = req_vaddr_i[56:12];
    assign s_vpn   = sfence_vaddr_i[56:12];
  end else begin : g_rv32
    assign paged       = satp_mode_i == 4'd1;
    assign root_lvl    = 2'd1;
    assign canonical   = 1'b1;
    assign s_canonical = 1'b1;
    assign req_vpn     = req_vaddr_i[31:12];
    assign s_vpn       = sfence_vaddr_i[31:12];
  end
  assign translate = (req_priv_i == 2'd0 || req_priv_i == 2'd1) && paged;
  // An sfence that is not a no-op (a non-canonical VA operand makes it one).
  assign flush_now = sfence_valid_i && (!sfence_use_vaddr_i || s_canonical);

  // A page (VPN, leaf level) covers a VPN: the VPN fields at and above the level agree.
  function automatic logic page_covers(input logic [VpnBits-1:0] page_vpn,
                                       input logic [LevelW-1:0]  level,
                                       input logic [VpnBits-1:0] vpn);
    logic ok;
    ok = 1'b1;
    for (int j = 0; j < Levels; j++) begin
      if (LevelW'(j) >= level && page_vpn[j*VpnW +: VpnW] != vpn[j*VpnW +: VpnW]) ok = 1'b0;
    end
    page_covers = ok;
  endfunction

  // The leaf checks of the translation process, other than A/D: a valid leaf whose
  // permissions allow the access and which is aligned for its level.
  function automatic logic leaf_allows(input logic [PteBits-1:0] pte,
                                       input logic [LevelW-1:0]  level,
                                       input logic [1:0]         kind,
                                       input logic               user,
                                       input logic               sum,
                                       input logic               mxr);
    logic v, r, w, x, u, rsvd, rwx, uok, aligned;
    v = pte[0]; r = pte[1]; w = pte[2]; x = pte[3]; u = pte[4];
    rsvd = (Xlen == 64) ? (pte[PteBits-1:54] != '0) : 1'b0;
    case (kind)
      2'd0:    rwx = x;              // fetch
      2'd1:    rwx = r || (mxr && x); // load
      default: rwx = w;              // store, AMO
    endcase
    if (user) uok = u;
    else      uok = !u || (sum && kind != 2'd0);
    aligned = 1'b1;
    for (int j = 0; j < Levels - 1; j++) begin
      if (LevelW'(j) < level && pte[10 + j*VpnW +: VpnW] != '0) aligned = 1'b0;
    end
    leaf_allows = v && !(w && !r) && !rsvd && (r || x) && rwx && uok && aligned;
  endfunction

  // A pointer PTE a walk follows (checks 2 and 3): valid, not a leaf, no reserved bits,
  // A, D and U clear, above level 0.
  function automatic logic pointer_ok(input logic [PteBits-1:0] pte, input logic [LevelW-1:0] level);
    logic rsvd;
    rsvd = (Xlen == 64) ? (pte[PteBits-1:54] != '0) : 1'b0;
    pointer_ok = pte[0] && !pte[1] && !pte[2] && !pte[3] && !pte[4] && !pte[6] && !pte[7] &&
                 !rsvd && level != '0;
  endfunction

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

  // The root PTE address of a walk: satp.PPN, then VPN[LEVELS-1] times the PTE size.
  logic [PaBits-1:0] root_addr;
  localparam int PteShift = (Xlen == 64) ? 3 : 2;  // log2(PTE bytes)
  assign root_addr = {satp_ppn_i, vpn_field(req_vpn, root_lvl), PteShift'(0)};
  // ... and the RAM window: [base, base + size).
  function automatic logic in_window(input logic [PaBits-1:0] addr,
                                     input logic [PaBits-1:0] base,
                                     input logic [PaBits-1:0] size);
    in_window = addr >= base && (addr - base) < size;
  endfunction

  // ---------------------------------------------------------------------------------
  // Shadow of the port traffic
  // ---------------------------------------------------------------------------------
  // The tracked translation: an arbitrary VPN and ASID, chosen at a reset (from free
  // inputs) and held until the next one. (A register rather than $anyconst, which
  // the AIGER back end cannot write.)
  logic [VpnBits-1:0]  t_vpn;
  logic [AsidBits-1:0] t_asid;
  always_ff @(posedge clk_i) begin : tracked
    if (!rst_ni) begin
      t_vpn  <= track_vpn_i;
      t_asid <= track_asid_i;
    end
  end

  logic acc, lk, lk_t;
  assign acc  = req_valid_i && req_ready_o;
  assign lk   = rst_ni && acc && translate && canonical;  // an L1 TLB lookup
  assign lk_t = lk && req_vpn == t_vpn && satp_asid_i == t_asid;

  // The last lookup: the context of the L2 lookup and the walk it may start.
  logic                lk_q;
  logic                c_t_q;        // ... it was for the tracked translation
  logic [VpnBits-1:0]  c_vpn_q;
  logic [AsidBits-1:0] c_asid_q;
  logic [LevelW-1:0]   c_root_q;
  logic [1:0]          c_kind_q;
  logic                c_user_q, c_sum_q, c_mxr_q, c_adhw_q;
  logic [PaBits-1:0]   c_root_addr_q, c_ram_base_q, c_ram_size_q;
  logic [1:0]          c_mode;   // the mode as a walk-cache index: root level - 1
  assign c_mode = 2'(c_root_q - LevelW'(1));

  // A request accepted at edge t past the L1 (DESIGN.md, "Timing contract"):
  //   t+1  the L1 answered (a hit, faulting or not), or the L2 lookup edge (l2_live),
  //        where a kill ends the request;
  //   t+2  the L2 answered (a hit; or an access fault: the first PTE is outside RAM, a
  //        walk of no reads), or the walk's first read is presented (wstart);
  //   then the walk is in flight until it answers or is killed.
  logic access_rsp;   // the response is an access fault
  assign access_rsp = rsp_valid_o && rsp_fault_o &&
                      (rsp_cause_o == 4'd1 || rsp_cause_o == 4'd5 || rsp_cause_o == 4'd7);
  logic l2_live, l2_q, hit1, hit2, hit, wstart;
  logic w_q, w_now, w_end, w_live, x_live, k_now;
  assign hit1    = lk_q && rsp_valid_o;                    // the L1 served the lookup
  assign l2_live = rst_ni && lk_q && !rsp_valid_o;         // the L2 lookup edge
  assign hit2    = l2_q && rsp_valid_o && !access_rsp;     // the L2 served it
  assign hit     = hit1 || hit2;
  assign wstart  = l2_q && !rsp_valid_o;                   // a walk's first read is out
  assign w_now   = w_q || wstart;                // a walk was in flight before this edge
  assign w_end   = w_q && rsp_valid_o;           // ... and ended at the previous edge
  assign w_live  = rst_ni && w_now && !w_end;    // ... and is walking at this edge
  assign x_live  = l2_live || w_live;            // the request past the L1 is in flight
  assign k_now   = x_live && kill_i;             // killed at this edge

  // The walk's current pass (since its start or its last restart).
  logic [2:0]         rd_n_q;       // PTE reads answered
  logic [LevelW-1:0]  st_lvl_q;     // level of the pass's first PTE
  logic               cached_q;     // the pass started at a cached pointer
  logic               g_acc_q;      // G of the cached pointer (as the walk cache gave it) or of any PTE read
  logic               gt_acc_q;     // the same, with the cached pointer's G as the shadow knows it
  logic [PteBits-1:0] last_rd_q;    // the last PTE read
  logic [PaBits-1:0]  last_addr_q;  // ... and its address
  logic [PaBits-1:0]  out_addr_q;   // address of the request outstanding
  logic               cancel_q;     // an sfence cancelled the request's refills
  logic               ad_allowed_q; // the last PTE read is a leaf that needs only A/D
  logic [3:0]         own_q;        // edges of the pass not spent waiting on memory
  logic [LevelW-1:0]  lvl_now;      // level of the PTE answered now
  assign lvl_now = st_lvl_q - LevelW'(rd_n_q);

  logic rd_rsp, ad_rsp;             // a live walk's read / A/D update answered now
  assign rd_rsp = w_live && !kill_i && mem_rsp && !mem_out_we_q;
  assign ad_rsp = w_live && !kill_i && mem_rsp && mem_out_we_q;

  // The refill a successful walk made at its last response edge, seen at the next edge
  // (when its response is out): it matches the tracked translation when its page covers
  // the VPN and it is global or of the ASID. The L2 TLB is refilled with the L1 by a
  // walk, and an L2 hit refills the L1 with a copy of the L2 entry: the shadow tracks
  // what the two TLBs together may hold.
  logic       w_ok, fill_t, leaf_u;
  logic [LevelW-1:0] leaf_lvl;
  assign leaf_lvl = st_lvl_q - LevelW'(rd_n_q) + LevelW'(1);
  assign leaf_u   = last_rd_q[4];
  assign w_ok     = w_end && !rsp_fault_o;

  // The level of the leaf a refill at this edge writes: the PTE answered now, or the one
  // the A/D update answered now swapped. (A LevelW-bit wire: the level arithmetic is
  // modulo 2^LevelW.)
  logic [LevelW-1:0] fill_lvl;
  assign fill_lvl = st_lvl_q - LevelW'(rd_n_q) + (mem_out_we_q ? LevelW'(1) : LevelW'(0));
  assign fill_t   = w_ok && !cancel_q && page_covers(c_vpn_q, leaf_lvl, t_vpn) &&
                    (gt_acc_q || c_asid_q == t_asid);

  // What the L1 and L2 TLBs may hold for the tracked translation: "may1" ever since
  // reset (never cleared by an sfence); "may_*": since the last sfence that covers it,
  // split by G and by the leaf's U bit. A global entry survives an sfence with an ASID
  // operand.
  logic may1_q;
  logic mg_q, mn_q, mg_u1_q, mn_u1_q, mg_u0_q, mn_u0_q;   // g: global, n: ASID t_asid
  logic may1, mg, mn, mg_u1, mn_u1, mg_u0, mn_u0;
  assign may1  = may1_q  || fill_t;
  assign mg    = mg_q    || (fill_t && gt_acc_q);
  assign mn    = mn_q    || (fill_t && !gt_acc_q);
  assign mg_u1 = mg_u1_q || (fill_t && gt_acc_q && leaf_u);
  assign mn_u1 = mn_u1_q || (fill_t && !gt_acc_q && leaf_u);
  assign mg_u0 = mg_u0_q || (fill_t && gt_acc_q && !leaf_u);
  assign mn_u0 = mn_u0_q || (fill_t && !gt_acc_q && !leaf_u);

  // An sfence at this edge removes every TLB entry that could match the tracked
  // translation.
  logic s_all, s_asid;
  assign s_all  = flush_now && (!sfence_use_vaddr_i || s_vpn == t_vpn) && !sfence_use_asid_i;
  assign s_asid = flush_now && (!sfence_use_vaddr_i || s_vpn == t_vpn) && sfence_use_asid_i &&
                  sfence_asid_i == t_asid;

  // What the walk cache may hold for the tracked translation, per mode and level
  // (bit {root level - 1, level}): a pointer at that level that a walk followed, whose VPN fields
  // at and above the level are the tracked VPN's, global or walked under its ASID, with
  // the walk's refills not cancelled (no sfence since its start, no kill at that edge).
  // (Whether the next PTE is in RAM is not checked: "may" is a superset.) "pw1" ever
  // since reset; "pwg"/"pwn" (global / ASID t_asid) since the last sfence that removes
  // it: only an sfence without a VA operand does (DESIGN.md, "Page-walk cache").
  localparam int PwBits = 1 << (2 + LevelW);
  logic [PwBits-1:0] pw1_q, pwg_q, pwn_q;
  logic              ptr_t, ptr_g;
  logic [LevelW+1:0] ptr_idx;
  assign ptr_g   = gt_acc_q || mem_rsp_rdata_i[5];
  assign ptr_idx = {c_mode, lvl_now};
  assign ptr_t   = rd_rsp && !mem_rsp_err_i && pointer_ok(mem_rsp_rdata_i, lvl_now) &&
                   !cancel_q && !flush_now && page_covers(c_vpn_q, lvl_now, t_vpn) &&
                   (ptr_g || c_asid_q == t_asid);
  logic pws_all, pws_asid;
  assign pws_all  = flush_now && !sfence_use_vaddr_i && !sfence_use_asid_i;
  assign pws_asid = flush_now && !sfence_use_vaddr_i && sfence_use_asid_i &&
                    sfence_asid_i == t_asid;

  // The walk-cache lookup of the L2 lookup edge (a kill there commits none).
  logic       pwc_start;
  logic [LevelW+1:0] pwc_idx;
  assign pwc_start = l2_live && !kill_i && p_pwc_lookup && p_pwc_hit;
  assign pwc_idx   = {c_mode, p_pwc_level};

  // What the lookup of the previous edge could see (the L1's at t+1; the L2's at t+2).
  logic lk_may1_q, lk_may_q, lk_may_u1_q, lk_may_u0_q;

  // A/D update expected after the leaf read: the CAS values.
  logic [PteBits-1:0] ad_wdata;
  assign ad_wdata = last_rd_q | (PteBits'(1) << 6) | (PteBits'(c_kind_q[1]) << 7);

  // The A/D update's answer at the previous edge.
  logic ad_rsp_q, ad_err_q, ad_cas_ok_q;

  // Requests owed a response (accepted, not answered, not killed).
  logic             owed_q;
  logic [IdBits-1:0] owed_id_q;

  // The memory request of the previous edge was presented and not taken.
  logic               held_q;
  logic [PaBits-1:0]  held_addr_q;
  logic               held_we_q;
  logic [PteBits-1:0] held_cmp_q, held_wdata_q;

  // Refill seen at the previous edge.
  logic p_fill_q;

  always_ff @(posedge clk_i) begin : shadow
    if (!rst_ni) begin
      lk_q <= 1'b0; l2_q <= 1'b0;
      w_q <= 1'b0;
      rd_n_q <= '0; g_acc_q <= 1'b0; gt_acc_q <= 1'b0; cancel_q <= 1'b0; ad_allowed_q <= 1'b0;
      own_q <= '0; cached_q <= 1'b0;
      may1_q <= 1'b0;
      mg_q <= 1'b0; mn_q <= 1'b0; mg_u1_q <= 1'b0; mn_u1_q <= 1'b0; mg_u0_q <= 1'b0;
      mn_u0_q <= 1'b0;
      pw1_q <= '0; pwg_q <= '0; pwn_q <= '0;
      lk_may1_q <= 1'b0; lk_may_q <= 1'b0; lk_may_u1_q <= 1'b0; lk_may_u0_q <= 1'b0;
      ad_rsp_q <= 1'b0;
      owed_q <= 1'b0;
      held_q <= 1'b0;
      p_fill_q <= 1'b0;
    end else begin
      // Lookups, and what each could see.
      lk_q <= lk;
      l2_q <= l2_live && !kill_i;
      if (lk) begin
        c_t_q         <= lk_t;
        c_vpn_q       <= req_vpn;
        c_asid_q      <= satp_asid_i;
        c_root_q      <= root_lvl;
        c_kind_q      <= req_kind_i;
        c_user_q      <= req_priv_i == 2'd0;
        c_sum_q       <= sum_i;
        c_mxr_q       <= mxr_i;
        c_adhw_q      <= ad_hw_i;
        c_root_addr_q <= root_addr;
        c_ram_base_q  <= ram_base_i;
        c_ram_size_q  <= ram_size_i;
      end
      lk_may1_q   <= may1;
      lk_may_q    <= mg || mn;
      lk_may_u1_q <= mg_u1 || mn_u1;
      lk_may_u0_q <= mg_u0 || mn_u0;

      // Walks: in flight from the edge after the L2 lookup until they answer or are killed.
      w_q <= w_live && !kill_i;
      if (lk) begin
        rd_n_q <= '0; g_acc_q <= 1'b0; gt_acc_q <= 1'b0; ad_allowed_q <= 1'b0; own_q <= '0;
        cancel_q <= flush_now;  // an sfence at the acceptance edge cancels the refills too
      end else if (x_live) begin
        if (flush_now) cancel_q <= 1'b1;
        if (l2_live) begin
          // The pass starts at the deepest cached pointer, else at the root.
          st_lvl_q <= pwc_start ? p_pwc_level - LevelW'(1) : c_root_q;
          cached_q <= pwc_start;
          g_acc_q  <= pwc_start && p_pwc_g;
          gt_acc_q <= pwc_start && pwg_q[pwc_idx];
        end
        if (rd_rsp) begin
          rd_n_q       <= rd_n_q + 3'd1;
          g_acc_q      <= g_acc_q || mem_rsp_rdata_i[5];
          gt_acc_q     <= gt_acc_q || mem_rsp_rdata_i[5];
          last_rd_q    <= mem_rsp_rdata_i;
          last_addr_q  <= out_addr_q;
          ad_allowed_q <= !mem_rsp_err_i && c_adhw_q &&
                          leaf_allows(mem_rsp_rdata_i, lvl_now, c_kind_q, c_user_q, c_sum_q,
                                      c_mxr_q) &&
                          (!mem_rsp_rdata_i[6] || (c_kind_q[1] && !mem_rsp_rdata_i[7]));
        end
        if (ad_rsp) ad_allowed_q <= 1'b0;
        if (ad_rsp && !mem_rsp_err_i && !mem_rsp_cas_ok_i) begin
          // A restart goes back to the root, whatever the walk cache holds.
          rd_n_q <= '0; g_acc_q <= 1'b0; gt_acc_q <= 1'b0; own_q <= '0;
          st_lvl_q <= c_root_q; cached_q <= 1'b0;
        end else if ((mem_req_valid_o && mem_req_ready_i) || (mem_out_q && mem_rsp_valid_i) ||
                     (!(mem_req_valid_o && !mem_req_ready_i) && !mem_out_q)) begin
          own_q <= (own_q == 4'hf) ? own_q : own_q + 4'd1;
        end
      end
      if (mem_acc) out_addr_q <= mem_req_addr_o;
      ad_rsp_q    <= ad_rsp;
      ad_err_q    <= mem_rsp_err_i;
      ad_cas_ok_q <= mem_rsp_cas_ok_i;

      // The tracked translation in the TLBs.
      may1_q  <= may1;
      mg_q    <= mg    && !s_all;
      mn_q    <= mn    && !s_all && !s_asid;
      mg_u1_q <= mg_u1 && !s_all;
      mn_u1_q <= mn_u1 && !s_all && !s_asid;
      mg_u0_q <= mg_u0 && !s_all;
      mn_u0_q <= mn_u0 && !s_all && !s_asid;

      // ... and its pointers in the walk cache.
      if (ptr_t) begin
        pw1_q[ptr_idx] <= 1'b1;
        if (ptr_g) pwg_q[ptr_idx] <= 1'b1;
        else       pwn_q[ptr_idx] <= 1'b1;
      end
      if (pws_all) pwg_q <= '0;
      if (pws_all || pws_asid) pwn_q <= '0;

      // Responses owed.
      if (acc) begin
        owed_q    <= 1'b1;
        owed_id_q <= req_id_i;
      end else if (rsp_valid_o || k_now) begin
        owed_q <= 1'b0;
      end

      held_q       <= mem_req_valid_o && !mem_req_ready_i && !kill_i;
      held_addr_q  <= mem_req_addr_o;
      held_we_q    <= mem_req_we_o;
      held_cmp_q   <= mem_req_cmp_o;
      held_wdata_q <= mem_req_wdata_o;

      p_fill_q <= p_fill;
    end
  end

  // ---------------------------------------------------------------------------------
  // Properties (one group per run)
  // ---------------------------------------------------------------------------------
  logic past_q = 1'b0;  // an edge has passed since the start (the first one resets)
  always_ff @(posedge clk_i) past_q <= 1'b1;

  // The L2 serves its lookup now (a hit that needs no A/D update).
  logic l2_serves;
  assign l2_serves = p_l2_lookup && p_l2_hit && !p_l2_rewalk;

  always @(posedge clk_i) begin : properties
    if (past_q && rst_ni) begin
`ifdef CHECK_ASID
      // P1 (ports): a hit (L1 or L2) for (VA, ASID) only after a successful walk whose
      // page covers VA and which was global or walked under ASID.
      if (c_t_q && hit) asid_port: assert (lk_may1_q);
      // ... and a walk for them starts at a cached pointer only after a walk followed a
      // pointer of that mode and level for them (global or under ASID).
      if (c_t_q && pwc_start) asid_walk_cache: assert (pw1_q[pwc_idx]);
      // P1 (inside): the entry an L1 hit uses is global or of the current ASID; the one
      // an L2 hit uses is global or of the walk's ASID.
      if (p_lookup && p_tlb_hit) begin
        asid_entry0: assert (!p_hit_oh[0] || p_tlb_g[0] || p_tlb_asid0 == satp_asid_i);
        asid_entry1: assert (!p_hit_oh[1] || p_tlb_g[1] || p_tlb_asid1 == satp_asid_i);
        asid_entry2: assert (!p_hit_oh[2] || p_tlb_g[2] || p_tlb_asid2 == satp_asid_i);
        asid_entry3: assert (!p_hit_oh[3] || p_tlb_g[3] || p_tlb_asid3 == satp_asid_i);
      end
      if (p_l2_lookup && p_l2_hit) begin
        asid_l2_way0: assert (!p_l2w_hit_oh[0] || p_l2w_g[{p_l2w_set, 1'b0}] ||
                              (p_l2w_set ? p_l2w_asid2 : p_l2w_asid0) == p_ptw_asid);
        asid_l2_way1: assert (!p_l2w_hit_oh[1] || p_l2w_g[{p_l2w_set, 1'b1}] ||
                              (p_l2w_set ? p_l2w_asid3 : p_l2w_asid1) == p_ptw_asid);
        asid_l2_super0: assert (!p_l2s_hit_oh[0] || p_l2s_g[0] || p_l2s_asid0 == p_ptw_asid);
        asid_l2_super1: assert (!p_l2s_hit_oh[1] || p_l2s_g[1] || p_l2s_asid1 == p_ptw_asid);
        asid_l2_super2: assert (!p_l2s_hit_oh[2] || p_l2s_g[2] || p_l2s_asid2 == p_ptw_asid);
        asid_l2_super3: assert (!p_l2s_hit_oh[3] || p_l2s_g[3] || p_l2s_asid3 == p_ptw_asid);
      end
`endif
`ifdef CHECK_SFENCE
      // P2: after an sfence covering (VA, ASID), a hit (L1 or L2) for them only after a
      // refill that matches them (a successful walk with no sfence from its start to
      // its end).
      if (c_t_q && hit) sfence_port: assert (lk_may_q);
      // ... and a walk for them starts at a cached pointer only if no sfence without a
      // VA operand removed it since a walk followed it (a fence with a VA keeps it).
      if (c_t_q && pwc_start) sfence_walk_cache: assert (pwg_q[pwc_idx] || pwn_q[pwc_idx]);
`endif
`ifdef CHECK_REFILL
      // P3: an L1 refill happens at a memory response edge of a walk in flight, the walk
      // then answers without a fault, or at the L2 lookup edge, the L2 then answers
      // without a fault; never with an sfence. A walk's refill is its leaf (VPN, ASID of
      // its start, level, G of the pass, U of the leaf); an L2 hit's refill has the
      // request's VPN and ASID. The L2 is refilled exactly with the L1 by a walk.
      if (p_fill) refill_at_walk_edge: assert (((w_live && mem_rsp) || (l2_live && !kill_i)) &&
                                               !flush_now);
      if (p_fill_q) refill_walk_succeeds: assert (w_ok || (hit2 && !rsp_fault_o));
      if (p_fill && w_live) refill_is_leaf: assert (p_fill_vpn == c_vpn_q && p_fill_asid == c_asid_q &&
                          p_fill_level == fill_lvl &&
                          p_fill_flags[6] == (g_acc_q || (!mem_out_we_q && mem_rsp_rdata_i[5])) &&
                          p_fill_flags[5] == (mem_out_we_q ? last_rd_q[4] : mem_rsp_rdata_i[4]));
      if (p_fill && l2_live) refill_l2_copy: assert (p_fill_vpn == c_vpn_q && p_fill_asid == c_asid_q);
      refill_l2_with_walk: assert (p_l2_fill == (p_fill && w_live));
      // ... and every successful walk and L2 translation that no sfence cancelled refills.
      if (w_ok && !cancel_q) refill_every_success: assert (p_fill_q);
      if (hit2 && !rsp_fault_o && !cancel_q) refill_every_l2_hit: assert (p_fill_q);
`endif
`ifdef CHECK_AD
      // P4: an A/D update is presented only inside a walk, right after the read of a
      // leaf that passes every other check and needs A (or D), under Svadu; it swaps
      // that leaf, read value against read value with A (and D for a write) set.
      if (mem_req_valid_o && mem_req_we_o) begin
        ad_in_walk: assert (w_live);
        ad_only_needed: assert (ad_allowed_q);
        ad_leaf_address: assert (mem_req_addr_o == last_addr_q);
        ad_leaf_values: assert (mem_req_cmp_o == last_rd_q && mem_req_wdata_o == ad_wdata);
      end
      // ... and it is the walk's last memory access: after its answer the walk answers
      // (or, when the PTE changed, starts again with a read, or ends with an access fault
      // when the root PTE is outside RAM, possible when the walk started at a cached
      // pointer; P9 checks that the read is the root PTE's).
      if (ad_rsp_q) begin
        if (ad_err_q) begin
          ad_err_ends: assert (rsp_valid_o && rsp_fault_o && !mem_req_valid_o);
        end else if (ad_cas_ok_q) begin
          ad_ok_ends: assert (rsp_valid_o && !rsp_fault_o && !mem_req_valid_o);
        end else begin
          ad_changed_restarts: assert ((!rsp_valid_o && mem_req_valid_o && !mem_req_we_o) ||
                                       (access_rsp && !mem_req_valid_o));
        end
      end
`endif
`ifdef CHECK_PRIV
      // P5: a U-mode hit (L1 or L2) that grants had a user page to come from; an S-mode
      // fetch hit that grants had a supervisor page; a walk grants only by those rules too.
      if (c_t_q && hit && !rsp_fault_o && c_user_q) priv_user_hit: assert (lk_may_u1_q);
      if (c_t_q && hit && !rsp_fault_o && !c_user_q && c_kind_q == 2'd0) priv_sfetch_hit: assert (lk_may_u0_q);
      if (w_ok && c_user_q) priv_user_walk: assert (leaf_u);
      if (w_ok && !c_user_q && c_kind_q == 2'd0) priv_sfetch_walk: assert (!leaf_u);
      // (inside) the entry a granting U-mode hit uses is a user page, and a granting
      // S-mode fetch hit's a supervisor page: the L1's, and the L2's.
      if (p_tlb_serve && !p_tlb_fault && req_priv_i == 2'd0) priv_user_entry: assert ((p_hit_oh & ~p_tlb_u) == '0);
      if (p_tlb_serve && !p_tlb_fault && req_priv_i == 2'd1 && req_kind_i == 2'd0)
        priv_sfetch_entry: assert ((p_hit_oh & p_tlb_u) == '0);
      if (l2_serves && !p_l2_fault && p_ptw_user) priv_user_l2: assert (p_l2_flags[5]);
      if (l2_serves && !p_l2_fault && !p_ptw_user && p_ptw_kind == 2'd0) priv_sfetch_l2: assert (!p_l2_flags[5]);
`endif
`ifdef CHECK_RSP
      // P6: a response only for a request accepted and neither answered nor killed, with
      // its ID; a new request only when none is owed (or answered now).
      if (rsp_valid_o) rsp_owed: assert (owed_q && rsp_id_o == owed_id_q);
      if (acc) rsp_one_in_flight: assert (!owed_q || rsp_valid_o);
      // Nothing on the response port without a response.
      if (!rsp_valid_o) rsp_idle_zero: assert (rsp_id_o == '0 && rsp_paddr_o == '0 && !rsp_fault_o);
`endif
`ifdef CHECK_BOUND
      // P7: a pass of a walk reads at most one PTE per level of its mode, and spends at
      // most one edge for the L2 lookup and two per memory access (presented-and-taken,
      // answered) not waiting on memory: it answers, restarts or is killed within that
      // bound.
      if (w_live && mem_req_valid_o && !mem_req_we_o) bound_reads: assert (rd_n_q <= 3'(c_root_q));
      if (x_live) bound_own_edges: assert (own_q <= 4'(2 * c_root_q + 4));
      // The memory never has two requests from the walker at once.
      if (mem_acc) bound_one_outstanding: assert (!mem_out_q);
`endif
`ifdef CHECK_HELD
      // P8: a request presented and not taken is presented again, unchanged, unless a
      // kill withdrew it.
      if (held_q) begin
        held_valid: assert (mem_req_valid_o);
        held_payload: assert (mem_req_addr_o == held_addr_q && mem_req_we_o == held_we_q &&
                mem_req_cmp_o == held_cmp_q && mem_req_wdata_o == held_wdata_q);
      end
`endif
`ifdef CHECK_WALK
      // P9: nothing is asked of memory in the L2 lookup cycle; the edge after it, a walk
      // that did not start at a cached pointer presents the root PTE of its snapshot
      // (satp.PPN and VPN of the acceptance edge), or, when that lies outside the RAM
      // window of its snapshot, answers with an access fault instead.
      if (l2_live) walk_no_request_in_l2_lookup: assert (!mem_req_valid_o && !mem_out_q);
      if (l2_q && !cached_q) begin
        if (in_window(c_root_addr_q, c_ram_base_q, c_ram_size_q)) begin
          walk_starts_at_root: assert (hit2 || (!rsp_valid_o && mem_req_valid_o && !mem_req_we_o &&
                                               mem_req_addr_o == c_root_addr_q));
        end else begin
          walk_root_outside: assert (hit2 || (access_rsp && !mem_req_valid_o));
        end
      end
      // A restart after a failed A/D update goes back to the root PTE of the snapshot,
      // whatever the walk cache holds (or ends with an access fault outside RAM).
      if (ad_rsp_q && !ad_err_q && !ad_cas_ok_q) begin
        if (in_window(c_root_addr_q, c_ram_base_q, c_ram_size_q)) begin
          walk_restarts_at_root: assert (!rsp_valid_o && mem_req_valid_o && !mem_req_we_o &&
                                         mem_req_addr_o == c_root_addr_q);
        end else begin
          walk_restart_root_outside: assert (access_rsp && !mem_req_valid_o);
        end
      end
      // A walk that started at a cached pointer presents a read at once or answers with
      // an access fault (its first PTE outside RAM).
      if (l2_q && cached_q) walk_cached_start: assert (access_rsp || (!rsp_valid_o &&
                                                       mem_req_valid_o && !mem_req_we_o));
`endif
    end
  end

`ifdef CHECK_ARB
  // ---------------------------------------------------------------------------------
  // The arbiter (group `arb`, both ports free): one grant at most, only to a port that
  // asks and only when the walker is idle, no asking port left waiting by an idle
  // walker; a waiting L1 miss lets the other port's translation go first once at most
  // (round-robin, DESIGN.md "Two ports"); the walker's answer and refill go to the port
  // it was granted to, the answer with that request's ID.
  // ---------------------------------------------------------------------------------
  logic              a_own_q;        // the port of the last grant (the walker's owner)
  logic [IdBits-1:0] a_id_q;         // ... the ID of its request
  logic              a_done_q;       // the walker answered at the previous edge
  logic [1:0]        a_waits_q [2];  // grants to the other port while this one waited
  logic [1:0]        a_wait_next [2];
  for (genvar p = 0; p < 2; p++) begin : g_arb_wait
    // Port p asks and is not granted at this edge: it waits on; a grant to the other
    // port now counts. Otherwise (granted, or no longer asking: answered or killed) the
    // count starts again.
    assign a_wait_next[p] = (p_miss[p] && !p_grant[p]) ?
        ((a_waits_q[p] == 2'd3) ? 2'd3 : a_waits_q[p] + 2'(p_grant[1 - p])) : 2'd0;
  end
  always_ff @(posedge clk_i) begin : arbiter_shadow
    if (!rst_ni) begin
      a_own_q <= 1'b0; a_done_q <= 1'b0; a_waits_q[0] <= '0; a_waits_q[1] <= '0;
    end else begin
      if (|p_grant) begin
        a_own_q <= p_grant[1];
        a_id_q  <= p_grant[1] ? p_miss_id1 : p_miss_id0;
      end
      a_done_q     <= p_done;
      a_waits_q[0] <= a_wait_next[0];
      a_waits_q[1] <= a_wait_next[1];
    end
  end
  always @(posedge clk_i) begin : arbiter_properties
    if (past_q && rst_ni) begin
      arb_one_grant: assert (!(p_grant[0] && p_grant[1]));
      arb_grant_asks: assert ((p_grant & ~p_miss) == 2'b00);
      arb_grant_idle: assert (!(|p_grant) || p_ptw_idle);
      arb_no_idle_wait: assert (!(p_ptw_idle && |p_miss) || |p_grant);
      // The bound: one translation of the other port at most while a miss waits.
      arb_wait_data: assert (a_waits_q[0] <= 2'd1);
      arb_wait_fetch: assert (a_waits_q[1] <= 2'd1);
      // The walker's answer and refill reach the owner port only ...
      arb_done_owner: assert (p_done0 == (p_done && !a_own_q) && p_done1 == (p_done && a_own_q));
      arb_fill_owner: assert (p_fill0 == (p_fill && !a_own_q) && p_fill1 == (p_fill && a_own_q));
      // ... and (ports) the owner's response port answers at the next edge with the ID of
      // the request granted.
      if (a_done_q) begin
        if (a_own_q) arb_rsp_fetch: assert (irsp_valid_o && irsp_id_o == a_id_q);
        else         arb_rsp_data:  assert (rsp_valid_o && rsp_id_o == a_id_q);
      end
    end
  end
`endif

`ifdef PMP_ON
`ifndef CHECK_PMP
  assign pmp_cover_o = '0;
`else
  // ---------------------------------------------------------------------------------
  // PMP (group `pmp`, built with PMP_ON: two entries, G = 0, pins free at every edge).
  // DESIGN.md "Which edge's view decides": a check uses the view of the edge at which
  // its result is registered, so every property below reads the pins of the previous
  // edge (registered copies) against what the MMU presents or answers now.
  // ---------------------------------------------------------------------------------
  // The reference rule, written from the privileged spec rather than from mmu_pmp.sv: an
  // access of one word (or two: an rv64 PTE) starting at byte PA `pa`; per entry the
  // region as a byte range (TOR: [pmpaddr[i-1], pmpaddr[i]) from 0 for entry 0, empty
  // when bottom >= top; NA4 the word; NAPOT: with k trailing ones in pmpaddr, the bytes
  // whose PA >> (k+3) is pmpaddr's, all ones the whole space); the first entry, counting
  // up, that holds any byte decides, and must hold them all. Result: {allowed, an entry
  // matched, it holds every byte, its L, its A field, its index}.
  localparam int PmpRefW = 10;
  function automatic logic [PmpRefW-1:0] pmp_ref(input logic [PmpEntries*8-1:0]     cfg,
                                                 input logic [PmpEntries*PmpAw-1:0] addr,
                                                 input logic [PaBits-1:0]           pa,
                                                 input logic                        two_words,
                                                 input logic [1:0]                  priv,
                                                 input logic [2:0]                  need);
    logic [PaBits-1:0] first, last, bot, top, base;
    logic [PmpAw-1:0]  y;
    logic [7:0]        c;
    logic              decided, whole, lock, in_first, in_last, any, all, seen, machine;
    logic              r, w, x, perm_ok, allowed;
    logic [1:0]        mode;
    logic [3:0]        idx;
    first   = {pa[PaBits-1:2], 2'b00};
    last    = first + (two_words ? PaBits'(7) : PaBits'(3));  // the access's last byte
    decided = 1'b0; whole = 1'b0; lock = 1'b0; mode = 2'd0; idx = '0; perm_ok = 1'b0;
    machine = priv != 2'd0 && priv != 2'd1;
    for (int i = 0; i < PmpEntries; i++) begin
      c  = cfg[8*i +: 8];
      y  = addr[PmpAw*i +: PmpAw];
      in_first = 1'b0; in_last = 1'b0;
      if (c[4:3] == 2'd1) begin                      // TOR
        bot = (i == 0) ? '0 : {addr[PmpAw*(i-1) +: PmpAw], 2'b00};
        top = {y, 2'b00};
        in_first = bot < top && first >= bot && first < top;
        in_last  = bot < top && last >= bot && last < top;
      end else if (c[4:3] == 2'd2) begin             // NA4
        in_first = first[PaBits-1:2] == y;
        in_last  = last[PaBits-1:2] == y;
      end else if (c[4:3] == 2'd3) begin             // NAPOT
        base = {y, 2'b00};
        in_first = 1'b1;  // all ones: every byte
        in_last  = 1'b1;
        seen = 1'b0;
        for (int k = 0; k < PmpAw; k++) begin
          if (!seen && !y[k]) begin                  // k trailing ones: 2^(k+3) bytes
            seen     = 1'b1;
            in_first = (first >> (k + 3)) == (base >> (k + 3));
            in_last  = (last >> (k + 3)) == (base >> (k + 3));
          end
        end
      end
      any = in_first || in_last;
      all = in_first && in_last;
      if (!decided && any) begin
        decided = 1'b1;
        whole   = all;
        lock    = c[7];
        mode    = c[4:3];
        idx     = 4'(i);
        r = c[0]; w = c[1] && c[0]; x = c[2];         // R=0 W=1 grants no W
        perm_ok = (!need[0] || r) && (!need[1] || w) && (!need[2] || x);
      end
    end
    if (!decided)               allowed = machine;   // no match: M only
    else if (!whole)            allowed = 1'b0;      // a partial match fails
    else if (machine && !lock)  allowed = 1'b1;
    else                        allowed = perm_ok;
    pmp_ref = {allowed, decided, whole, lock, mode, idx};
  endfunction

  // The permissions an access kind needs, {X, W, R}: fetch X, load R, store W, AMO R+W.
  function automatic logic [2:0] kind_need(input logic [1:0] kind);
    case (kind)
      2'd0:    kind_need = 3'b100;
      2'd1:    kind_need = 3'b001;
      2'd2:    kind_need = 3'b010;
      default: kind_need = 3'b011;
    endcase
  endfunction

  // The view of the previous edge, and the request in flight (one at most, P6): its
  // privilege and kind, whether it is translated, and, when the PMP decision is made at
  // its acceptance edge (Bare/M-mode within the PA width, or an L1 hit that grants), the
  // PA it answers with unless the PMP denies it.
  logic [PmpEntries*8-1:0]     v_cfg_q;
  logic [PmpEntries*PmpAw-1:0] v_addr_q;
  logic [1:0]                  a_priv_q, a_kind_q;
  logic                        a_tr_q, x_now_q;
  logic [PaBits-1:0]           x_pa_q;
  logic                        bare_now;
  logic [PaBits-1:0]           bare_pa;
  if (Xlen == 64) begin : g_bare64
    assign bare_now = !(|req_vaddr_i[63:PaBits]);
    assign bare_pa  = req_vaddr_i[PaBits-1:0];
  end else begin : g_bare32
    assign bare_now = 1'b1;
    assign bare_pa  = {2'b00, req_vaddr_i};
  end
  always_ff @(posedge clk_i) begin : pmp_shadow
    v_cfg_q  <= pmpcfg_i;
    v_addr_q <= pmpaddr_i;
    if (!rst_ni) begin
      x_now_q <= 1'b0;
      a_tr_q  <= 1'b0;
    end else begin
      if (acc) begin
        a_priv_q <= req_priv_i;
        a_kind_q <= req_kind_i;
        a_tr_q   <= translate;
      end
      // Decided at this edge: a Bare/M-mode answer, or an L1 hit (probes) that grants.
      x_now_q <= acc && ((!translate && bare_now) || (p_tlb_serve && !p_tlb_fault));
      x_pa_q  <= translate ? p_tlb_paddr : bare_pa;
    end
  end

  // The two checks: the PTE access presented now (an S-mode access of PTE size, read or
  // A/D write), and the PA answered now (for the request's privilege and kind, one byte;
  // for an answer decided at its acceptance edge, the PA it carries unless denied).
  logic [PmpRefW-1:0] ref_pte, ref_pa;
  logic [PaBits-1:0]  pa_now;
  logic [3:0]         access_cause;
  assign ref_pte = pmp_ref(v_cfg_q, v_addr_q, mem_req_addr_o, Xlen == 64, 2'd1,
                           mem_req_we_o ? 3'b010 : 3'b001);
  assign pa_now  = x_now_q ? x_pa_q : rsp_paddr_o;
  assign ref_pa  = pmp_ref(v_cfg_q, v_addr_q, pa_now, 1'b0, a_priv_q, kind_need(a_kind_q));
  assign access_cause = (a_kind_q == 2'd0) ? 4'd1 : (a_kind_q == 2'd1) ? 4'd5 : 4'd7;

  always @(posedge clk_i) begin : pmp_properties
    if (past_q && rst_ni) begin
      // A memory request presented for the first time (a held one is P8's) is a PTE
      // access the previous edge's view allows: a denied one is never asked for.
      if (mem_req_valid_o && !held_q) pmp_pte: assert (ref_pte[9]);
      // A translation answered (L1 hit, L2 hit, walk, Bare/M-mode) has a PA the previous
      // edge's view allows for the request's privilege and kind.
      if (rsp_valid_o && !rsp_fault_o) pmp_pa: assert (ref_pa[9]);
      // The converse where the harness knows the PA without the RTL's PMP (Bare/M-mode
      // within the PA width; an L1 hit that grants, its PA read through a probe): the
      // answer is that PA when the view allows it, else an access fault of the kind,
      // PA 0.
      // Strengthening (inside, probes): the data port's pending miss and the walker
      // working for it carry the kind and privilege of the request in flight, which the
      // walker's PMP check of the PA uses. (True anyway; stated so that k-induction
      // closes: without them an unreachable start state breaks pmp_pa.)
      if (p_pend) pmp_inv_pend: assert (p_pend_kind == a_kind_q && p_pend_user == (a_priv_q == 2'd0));
      if (!p_ptw_idle && !p_owner) pmp_inv_walk: assert (p_ptw_kind == a_kind_q &&
                                                         p_ptw_user == (a_priv_q == 2'd0));
      // ... and the walker's PTE addresses (the current one, the root for a restart) are
      // aligned to the PTE size while it walks (rv64: the 8-byte check of a misaligned
      // address would differ from the reference's, an unreachable state a long memory wait
      // could keep; both registers are loaded at the start, not at reset).
      if (!p_ptw_idle) pmp_inv_pte_aligned: assert (p_ptw_addr[PteShift-1:0] == '0 &&
                                                    p_ptw_root[PteShift-1:0] == '0);
      if (x_now_q) begin
        pmp_decided_answered: assert (rsp_valid_o);
        if (ref_pa[9]) pmp_allowed_pa: assert (!rsp_fault_o && rsp_paddr_o == x_pa_q);
        else           pmp_denied_pa: assert (rsp_fault_o && rsp_cause_o == access_cause &&
                                              rsp_paddr_o == '0);
      end
    end
  end

  // Covers: a walk ended by a PMP-denied PTE access (first or next PTE in RAM, or its
  // A/D update); a walk or L2 hit whose PA is denied; an L1 hit whose PA is denied; an
  // M-mode access denied by a locked entry; an allowed translation decided by a TOR
  // entry, and one decided by a NAPOT entry that is not the whole space.
  logic       pc_pte_q, pc_walk_pa_q;
  always_ff @(posedge clk_i) begin
    pc_pte_q     <= rst_ni && p_done && !kill_i && p_done_access && !p_pmp_final && !p_pmp_ok &&
                    p_next_ok && !(mem_rsp_valid_i && mem_rsp_err_i) &&
                    (p_state == SL2Lookup || p_state == SWaitPte || p_state == SWaitAd);
    pc_walk_pa_q <= rst_ni && p_done && !kill_i && p_pmp_final && !p_pmp_ok;
  end
  logic [6:1] pc;
  always_comb begin : pmp_cover_conditions
    pc = '0;
    if (past_q && rst_ni) begin
      pc[1] = pc_pte_q && access_rsp;
      pc[2] = pc_walk_pa_q && access_rsp;
      pc[3] = x_now_q && a_tr_q && access_rsp && !ref_pa[9];
      pc[4] = x_now_q && a_priv_q[1] && access_rsp && ref_pa[8] && ref_pa[7] && ref_pa[6];
      pc[5] = rsp_valid_o && !rsp_fault_o && a_tr_q && ref_pa[8] && ref_pa[5:4] == 2'd1;
      pc[6] = rsp_valid_o && !rsp_fault_o && a_tr_q && ref_pa[8] && ref_pa[5:4] == 2'd3 &&
              !(&v_addr_q[PmpAw*ref_pa[3:0] +: PmpAw]);
    end
  end
  assign pmp_cover_o = pc;
  always @(posedge clk_i) begin : pmp_covers
    pmp_cover_01: cover (pc[1]);
    pmp_cover_02: cover (pc[2]);
    pmp_cover_03: cover (pc[3]);
    pmp_cover_04: cover (pc[4]);
    pmp_cover_05: cover (pc[5]);
    pmp_cover_06: cover (pc[6]);
  end
`endif
`endif

`ifndef CHECK_COVER
  assign cover_o = '0;
`else
  // ---------------------------------------------------------------------------------
  // Covers: every row of the walker's transition table (rtl/README.md)
  // ---------------------------------------------------------------------------------
  logic [2:0] ps_q;  // state before the previous edge
  logic       pr_q, pstart_q, pdone_q, pready_q, prsp_q, perr_q, pcas_q, pkill_q;
  logic       pinv_q, pleaf_q, pnext_q, pl2hit_q, pl2fault_q, pl2rewalk_q, ppwchit_q;
  always_ff @(posedge clk_i) begin
    pr_q        <= rst_ni;
    ps_q        <= p_state;
    pstart_q    <= p_miss_start;  // a miss or a dirty re-walk goes to the walker
    pdone_q     <= p_done;
    pready_q    <= mem_req_ready_i;
    prsp_q      <= mem_rsp_valid_i;
    perr_q      <= mem_rsp_err_i;
    pcas_q      <= mem_rsp_cas_ok_i;
    pkill_q     <= kill_i;
    pinv_q      <= p_pte_invalid || p_pointer_bad;
    pleaf_q     <= p_pte_leaf;
    pnext_q     <= p_next_ok;
    pl2hit_q    <= p_l2_hit;
    pl2fault_q  <= p_l2_fault;
    pl2rewalk_q <= p_l2_rewalk;
    ppwchit_q   <= p_pwc_hit;
  end
  // The walk restarted; the tracked translation was covered by an sfence; a restart
  // of a walk that started at a cached pointer.
  logic restarted_q, sfenced_q, wc_start_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni || lk) restarted_q <= 1'b0;
    else if (ad_rsp && !mem_rsp_err_i && !mem_rsp_cas_ok_i) restarted_q <= 1'b1;
    if (!rst_ni) sfenced_q <= 1'b0;
    else if (s_all) sfenced_q <= 1'b1;
    if (!rst_ni || lk) wc_start_q <= 1'b0;
    else if (pwc_start) wc_start_q <= 1'b1;
  end
  logic t_ok;
  assign t_ok = past_q && pr_q && rst_ni;
  logic [45:1] cv;  // the cover conditions
  always_comb begin : cover_conditions
    cv = '0;
    if (t_ok) begin
      cv[1] = (ps_q == SIdle && pstart_q && p_state == SL2Lookup);
      // L2Lookup: the L2 answers (a translation, a fault); a miss or a re-walk starts the
      // walk at the root or at a cached pointer; the first PTE outside RAM; a kill.
      cv[2] = (ps_q == SL2Lookup && !pkill_q && pl2hit_q && !pl2rewalk_q && !pl2fault_q &&
             rsp_valid_o && !rsp_fault_o && p_state == SIdle);
      cv[3] = (ps_q == SL2Lookup && !pkill_q && pl2hit_q && !pl2rewalk_q && pl2fault_q &&
             rsp_valid_o && rsp_fault_o && p_state == SIdle);
      cv[4] = (ps_q == SL2Lookup && !pkill_q && !pl2hit_q && !ppwchit_q && p_state == SReadPte);
      cv[5] = (ps_q == SL2Lookup && !pkill_q && !pl2hit_q && ppwchit_q && p_state == SReadPte);
      cv[6] = (ps_q == SL2Lookup && !pkill_q && pl2hit_q && pl2rewalk_q && p_state == SReadPte);
      cv[7] = (ps_q == SL2Lookup && !pkill_q && !pl2hit_q && !pnext_q && access_rsp &&
             p_state == SIdle);                                           // first PTE outside RAM
      cv[8] = (ps_q == SL2Lookup && pkill_q && p_state == SIdle);
      cv[9] = (ps_q == SReadPte && !pkill_q && pready_q && p_state == SWaitPte);
      cv[10] = (ps_q == SReadPte && !pkill_q && !pready_q && p_state == SReadPte);
      cv[11] = (ps_q == SWriteAd && !pkill_q && pready_q && p_state == SWaitAd);
      cv[12] = (ps_q == SWriteAd && !pkill_q && !pready_q && p_state == SWriteAd);
      cv[13] = (ps_q == SWaitPte && !pkill_q && prsp_q && perr_q && p_state == SIdle);
      cv[14] = (ps_q == SWaitPte && !pkill_q && prsp_q && !perr_q && pinv_q && p_state == SIdle);
      cv[15] = (ps_q == SWaitPte && !pkill_q && prsp_q && !perr_q && !pinv_q && !pleaf_q &&
             p_state == SReadPte);
      cv[16] = (ps_q == SWaitPte && !pkill_q && prsp_q && !perr_q && !pinv_q && !pleaf_q &&
             !pnext_q && p_state == SIdle);                               // next PTE outside RAM
      cv[17] = (ps_q == SWaitPte && !pkill_q && prsp_q && !perr_q && !pinv_q && pleaf_q &&
             rsp_valid_o && rsp_fault_o && p_state == SIdle);             // leaf fault
      cv[18] = (ps_q == SWaitPte && !pkill_q && prsp_q && p_state == SWriteAd);
      cv[19] = (ps_q == SWaitPte && !pkill_q && prsp_q && pleaf_q && rsp_valid_o && !rsp_fault_o &&
             p_state == SIdle);                                           // success, no A/D
      cv[20] = (ps_q == SWaitPte && !pkill_q && !prsp_q && p_state == SWaitPte);
      cv[21] = (ps_q == SWaitAd && !pkill_q && prsp_q && perr_q && p_state == SIdle);
      cv[22] = (ps_q == SWaitAd && !pkill_q && prsp_q && !perr_q && !pcas_q && p_state == SReadPte);
      cv[23] = (ps_q == SWaitAd && !pkill_q && prsp_q && !perr_q && pcas_q && p_state == SIdle);
      cv[24] = (ps_q == SWaitAd && !pkill_q && !prsp_q && p_state == SWaitAd);
      cv[45] = (ps_q == SWaitAd && !pkill_q && prsp_q && !perr_q && !pcas_q && !pnext_q &&
             access_rsp && p_state == SIdle);                             // restart: root outside RAM
      cv[25] = (ps_q == SReadPte && pkill_q && pready_q && p_state == SDrain);
      cv[26] = (ps_q == SReadPte && pkill_q && !pready_q && p_state == SIdle);
      cv[27] = (ps_q == SWriteAd && pkill_q && pready_q && p_state == SDrain);
      cv[28] = (ps_q == SWriteAd && pkill_q && !pready_q && p_state == SIdle);
      cv[29] = (ps_q == SWaitPte && pkill_q && prsp_q && p_state == SIdle);
      cv[30] = (ps_q == SWaitPte && pkill_q && !prsp_q && p_state == SDrain);
      cv[31] = (ps_q == SWaitAd && pkill_q && prsp_q && p_state == SIdle);
      cv[32] = (ps_q == SWaitAd && pkill_q && !prsp_q && p_state == SDrain);
      cv[33] = (ps_q == SDrain && prsp_q && p_state == SIdle);
      cv[34] = (ps_q == SDrain && !prsp_q && p_state == SDrain);
      // Deep walks: a successful walk of every level of a four-level mode (Sv48: Sv57's
      // five levels lie beyond the CI search depth; Sv32), and one that restarted after a
      // failed A/D compare-and-swap.
      cv[35] = (w_ok && leaf_lvl == '0 && c_root_q == ((Xlen == 64) ? LevelW'(3) : LevelW'(1)) &&
             !cached_q);
      cv[36] = (w_ok && restarted_q);
    end
    // The antecedents of the shadow properties happen (they are not vacuous): the tracked
    // translation hits and grants, in U-mode too, after its refill; after an sfence that
    // covers it and a new refill; an A/D update completes; a request is held; the tracked
    // translation hits in the L2; its walk starts at a cached pointer; after a failed
    // A/D update, a walk that started at a cached pointer restarts at the root.
    if (past_q && rst_ni) begin
      cv[37] = (c_t_q && hit && !rsp_fault_o && c_user_q);
      cv[38] = (c_t_q && hit && !rsp_fault_o && !c_user_q && c_kind_q == 2'd0);
      cv[39] = (c_t_q && hit && sfenced_q);
      cv[40] = (ad_rsp_q && ad_cas_ok_q && !ad_err_q);
      cv[41] = (held_q && mem_req_we_o);
      cv[42] = (c_t_q && hit2 && !rsp_fault_o);
      cv[43] = (c_t_q && pwc_start);
      cv[44] = (ad_rsp_q && !ad_err_q && !ad_cas_ok_q && wc_start_q);
    end
  end
  // Each cover is a cover cell (yosys-smtbmc -c) and a bit of the output cover_o, for
  // ABC's bmc3 -a on the AIGER netlist (which has no cover cells): reached = that
  // output asserted. prove.py keeps cover_o an output only in the group `cover`.
  assign cover_o = cv;
  always @(posedge clk_i) begin : covers
    cover_01: cover (cv[1]);
    cover_02: cover (cv[2]);
    cover_03: cover (cv[3]);
    cover_04: cover (cv[4]);
    cover_05: cover (cv[5]);
    cover_06: cover (cv[6]);
    cover_07: cover (cv[7]);
    cover_08: cover (cv[8]);
    cover_09: cover (cv[9]);
    cover_10: cover (cv[10]);
    cover_11: cover (cv[11]);
    cover_12: cover (cv[12]);
    cover_13: cover (cv[13]);
    cover_14: cover (cv[14]);
    cover_15: cover (cv[15]);
    cover_16: cover (cv[16]);
    cover_17: cover (cv[17]);
    cover_18: cover (cv[18]);
    cover_19: cover (cv[19]);
    cover_20: cover (cv[20]);
    cover_21: cover (cv[21]);
    cover_22: cover (cv[22]);
    cover_23: cover (cv[23]);
    cover_24: cover (cv[24]);
    cover_25: cover (cv[25]);
    cover_26: cover (cv[26]);
    cover_27: cover (cv[27]);
    cover_28: cover (cv[28]);
    cover_29: cover (cv[29]);
    cover_30: cover (cv[30]);
    cover_31: cover (cv[31]);
    cover_32: cover (cv[32]);
    cover_33: cover (cv[33]);
    cover_34: cover (cv[34]);
    cover_35: cover (cv[35]);
    cover_36: cover (cv[36]);
    cover_37: cover (cv[37]);
    cover_38: cover (cv[38]);
    cover_39: cover (cv[39]);
    cover_40: cover (cv[40]);
    cover_41: cover (cv[41]);
    cover_42: cover (cv[42]);
    cover_43: cover (cv[43]);
    cover_44: cover (cv[44]);
    cover_45: cover (cv[45]);
  end
`endif
endmodule
