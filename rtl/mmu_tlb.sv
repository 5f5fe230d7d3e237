// Fully associative TLB: lookup with permission and A/D checks, refill, sfence.vma.
//
// An entry holds a leaf translation: VPN (rv32: va[31:12]; rv64: va[56:12] whatever
// the mode), level, ASID, G, the leaf PTE's PPN and its U/R/W/X/A/D bits. Entry e
// matches a VA when it is valid, global or of the current ASID, and its VPN fields at
// and above e.level equal the VA's. The lowest-numbered matching entry is used.
module mmu_tlb #(
  parameter  int Xlen     = 64,  // 32: Sv32; 64: Sv39/Sv48/Sv57
  parameter  int Entries  = 16,  // power of two, 4..128
  localparam int PaBits   = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PpnBits  = PaBits - mmu_pkg::PageShift,                  // PPN of a PTE
  localparam int AsidBits = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int VpnW     = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,  // one field
  localparam int Levels   = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits  = Levels * VpnW,                                // VPN per entry
  localparam int LevelW   = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32  // a level
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // CSR view for the lookup
  input  logic [AsidBits-1:0] asid_i,           // satp.ASID
  input  logic                user_i,           // 1: U-mode, 0: S-mode (the request's)
  input  logic                sum_i,            // mstatus.SUM
  input  logic                mxr_i,            // mstatus.MXR
  input  logic                ad_hw_i,          // 1: Svadu, 0: Svade
  // Lookup: combinational, evaluated only under lookup_commit_i (outputs are 0 without
  // it), which also applies the lookup's side effects (PLRU touch, re-walk invalidate)
  input  logic                lookup_commit_i,  // a translated request is accepted now
  input  logic [VpnBits-1:0]  lookup_vpn_i,
  input  logic [1:0]          lookup_kind_i,    // mmu_pkg::Acc*
  output logic                hit_o,            // an entry matches
  output logic                fault_o,          // ... and the access faults
  output logic                rewalk_o,         // ... and needs an A/D update (Svadu)
  output logic [PpnBits-1:0]  ppn_o,            // translated PPN (when hit, no fault)
  output logic [LevelW-1:0]   hit_level_o,      // the matching entry as held: level,
  output logic [PpnBits-1:0]  hit_ppn_o,        // ... leaf PPN,
  output logic [6:0]          hit_flags_o,      // ... {G, U, R, W, X, A, D}
  // Refill from a successful walk (never at the edge of a lookup or an sfence)
  input  logic                fill_i,
  input  logic [VpnBits-1:0]  fill_vpn_i,
  input  logic [LevelW-1:0]   fill_level_i,
  input  logic [AsidBits-1:0] fill_asid_i,      // the walk's snapshot of satp.ASID
  input  logic                fill_g_i,
  input  logic [PpnBits-1:0]  fill_ppn_i,
  input  logic                fill_u_i,
  input  logic                fill_r_i,
  input  logic                fill_w_i,
  input  logic                fill_x_i,
  input  logic                fill_a_i,
  input  logic                fill_d_i,
  // sfence.vma (flush_i already excludes a non-canonical VA operand). A lookup at the
  // same edge sees the entries as they were before the flush.
  input  logic                flush_i,
  input  logic                flush_use_vpn_i,  // rs1 != x0
  input  logic [VpnBits-1:0]  flush_vpn_i,
  input  logic                flush_use_asid_i, // rs2 != x0
  input  logic [AsidBits-1:0] flush_asid_i
);
  localparam int IdxBits = $clog2(Entries);  // entry number

  // Entry storage. Only the valid bits are reset: the other fields are written by the
  // refill that makes an entry valid and are never used while it is invalid.
  logic [Entries-1:0]  valid_q, valid_d;
  logic [VpnBits-1:0]  vpn_q   [Entries];
  logic [LevelW-1:0]   level_q [Entries];
  logic [AsidBits-1:0] asid_q  [Entries];
  logic [PpnBits-1:0]  ppn_q   [Entries];
  logic [Entries-1:0]  g_q, u_q, r_q, w_q, x_q, a_q, d_q;

  logic [Entries-1:0] match, hit_oh, flush, fill_oh, victim_oh;
  logic [IdxBits-1:0] hit_idx, fill_idx;
  logic               any_invalid, plru_touch;
  logic               check_fault, check_rewalk;

  // The entry's page covers the VPN: the VPN fields at and above its level are equal
  // (the fields below the level are the superpage's offset and are not compared).
  function automatic logic covers(input logic [VpnBits-1:0] entry_vpn,
                                  input logic [LevelW-1:0]  entry_level,
                                  input logic [VpnBits-1:0] vpn);
    logic [VpnBits-1:0] compared;
    for (int j = 0; j < Levels; j++) compared[j*VpnW +: VpnW] = {VpnW{entry_level <= LevelW'(j)}};
    covers = ((entry_vpn ^ vpn) & compared) == '0;
  endfunction

  // The lowest set bit of a vector, one-hot. The OR of all lower bits is built as a
  // log-depth prefix (doubling shifts) rather than a ripple chain.
  function automatic logic [Entries-1:0] lowest_one(input logic [Entries-1:0] v);
    logic [Entries-1:0] upto;  // upto[i] = |v[i:0]
    upto = v;
    for (int s = 1; s < Entries; s = s * 2) upto = upto | (upto << s);
    lowest_one = v & ~(upto << 1);
  endfunction

  // Both are evaluated only when used (for an accepted lookup, for an sfence): in
  // hardware the enable is one AND, in simulation it keeps the model fast.
  // Lookup: entry i matches when it is valid, global or of the current ASID, and covers
  // the VPN. sfence: the VA term ignores the ASID, the ASID term spares global entries.
  always_comb begin : entry_select
    match = '0;
    flush = '0;
    if (lookup_commit_i) begin
      for (int i = 0; i < Entries; i++) begin
        match[i] = valid_q[i] && (g_q[i] || asid_q[i] == asid_i) &&
                   covers(vpn_q[i], level_q[i], lookup_vpn_i);
      end
    end
    if (flush_i) begin
      for (int i = 0; i < Entries; i++) begin
        flush[i] = (!flush_use_vpn_i || covers(vpn_q[i], level_q[i], flush_vpn_i)) &&
                   (!flush_use_asid_i || (!g_q[i] && asid_q[i] == flush_asid_i));
      end
    end
  end

  // Lowest-numbered match wins.
  assign hit_oh = lowest_one(match);
  assign hit_o  = |match;

  // One-hot to entry number: bit b of the number is the OR of the one-hot bits of the
  // entries whose number has bit b set (a balanced OR per bit).
  for (genvar b = 0; b < IdxBits; b++) begin : g_index
    localparam logic [Entries-1:0] HasBit =
        {(Entries >> (b + 1)) {{(1 << b) {1'b1}}, {(1 << b) {1'b0}}}};
    assign hit_idx[b]  = |(hit_oh & HasBit);
    assign fill_idx[b] = |(fill_oh & HasBit);
  end

  // The entry used, as held.
  assign hit_level_o = level_q[hit_idx];
  assign hit_ppn_o   = ppn_q[hit_idx];
  assign hit_flags_o = {g_q[hit_idx], u_q[hit_idx], r_q[hit_idx], w_q[hit_idx], x_q[hit_idx],
                        a_q[hit_idx], d_q[hit_idx]};

  // Permissions now (privilege, SUM, MXR of this request), then A/D.
  mmu_entry_check u_check (
    .kind_i   (lookup_kind_i),
    .user_i   (user_i),
    .sum_i    (sum_i),
    .mxr_i    (mxr_i),
    .ad_hw_i  (ad_hw_i),
    .flags_i  (hit_flags_o),
    .fault_o  (check_fault),
    .rewalk_o (check_rewalk)
  );
  assign fault_o  = hit_o && check_fault;
  assign rewalk_o = hit_o && check_rewalk;

  mmu_leaf_ppn #(.Xlen(Xlen)) u_hit_ppn (
    .ppn_i   (ppn_q[hit_idx]),
    .vpn_i   (lookup_vpn_i),
    .level_i (level_q[hit_idx]),
    .ppn_o   (ppn_o)
  );

  // Refill target: the lowest-numbered invalid entry, else the PLRU victim.
  assign any_invalid = |(~valid_q);
  assign fill_oh     = any_invalid ? lowest_one(~valid_q) : victim_oh;

  // PLRU: a served lookup (faulting or not) touches its entry, a refill its target.
  // A dirty re-walk and an sfence leave the tree alone.
  assign plru_touch = fill_i || (lookup_commit_i && hit_o && !rewalk_o);

  mmu_plru #(.Entries(Entries)) u_plru (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .touch_i     (plru_touch),
    .touch_oh_i  (fill_i ? fill_oh : hit_oh),
    .victim_oh_o (victim_oh)
  );

  // Valid bits: refill sets, dirty re-walk clears the entry used, sfence clears its
  // selection. A refill never meets the other two at an edge (the walker is busy at a
  // refill, and an sfence cancels a refill at its edge); a re-walk and an sfence may
  // meet (a request and an sfence accepted together), and both clear.
  logic [Entries-1:0] set_mask, rewalk_mask, flush_mask;
  assign set_mask    = fill_i ? fill_oh : '0;
  assign rewalk_mask = (lookup_commit_i && rewalk_o) ? hit_oh : '0;
  assign flush_mask  = flush_i ? flush : '0;
  assign valid_d     = (valid_q | set_mask) & ~rewalk_mask & ~flush_mask;

  always_ff @(posedge clk_i) begin : valid_reg
    if (!rst_ni) valid_q <= '0;
    else         valid_q <= valid_d;
  end

  // Entry fields: a refill writes its target entry.
  always_ff @(posedge clk_i) begin : entry_reg
    if (fill_i) begin
      vpn_q[fill_idx]   <= fill_vpn_i;
      level_q[fill_idx] <= fill_level_i;
      asid_q[fill_idx]  <= fill_asid_i;
      ppn_q[fill_idx]   <= fill_ppn_i;
      g_q[fill_idx]     <= fill_g_i;
      u_q[fill_idx]     <= fill_u_i;
      r_q[fill_idx]     <= fill_r_i;
      w_q[fill_idx]     <= fill_w_i;
      x_q[fill_idx]     <= fill_x_i;
      a_q[fill_idx]     <= fill_a_i;
      d_q[fill_idx]     <= fill_d_i;
    end
  end
`ifndef SYNTHESIS
  // ---------------------------------------------------------------------------------
  // Assertions: what must never happen
  // ---------------------------------------------------------------------------------
  always @(posedge clk_i) begin : tlb_assertions
    if (rst_ni) begin
      // Entries: a power of two in 4..128.
      assert (Entries >= 4 && Entries <= 128 && (Entries & (Entries - 1)) == 0);
      // The hit vector is one-hot or zero, and a hit comes from a matching entry.
      assert ((hit_oh & (hit_oh - 1'b1)) == '0);
      assert (hit_o == |hit_oh && (hit_oh & ~match) == '0);
      // A refill never meets a lookup's re-walk or an sfence at an edge.
      assert (!(fill_i && (lookup_commit_i || flush_i)));
      // The refill target is one entry.
      assert (!fill_i || (fill_oh != '0 && (fill_oh & (fill_oh - 1'b1)) == '0));
    end
  end
`endif
endmodule
