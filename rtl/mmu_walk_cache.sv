// Page-walk cache: pointer (non-leaf) PTEs from earlier walks, so that a walk starts at
// the deepest cached level instead of the root.
//
// An entry is a pointer a walk followed at `level` (>= 1): tagged with the VPN fields at
// and above that level, the mode (its root level: rv64 Sv39, Sv48 and Sv57 index the VA differently), the
// walk's ASID and G (this pointer's or one above it); it holds the next table's PPN. A
// lookup returns the deepest matching entry (the fewest reads left), the lowest-numbered
// among equals. Refill: the lowest-numbered invalid entry, else the tree-PLRU victim.
// sfence.vma (privileged spec): only a fence without rs1 orders non-leaf PTEs; with rs2
// it removes that ASID's non-global entries, without rs2 every entry.
module mmu_walk_cache #(
  parameter  int Xlen     = 64,  // 32: Sv32; 64: Sv39/Sv48/Sv57
  parameter  int Entries  = 8,   // power of two, 2..64
  localparam int PaBits   = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PpnBits  = PaBits - mmu_pkg::PageShift,
  localparam int AsidBits = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int VpnW     = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,
  localparam int Levels   = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits  = Levels * VpnW,
  localparam int LevelW   = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Lookup: combinational, evaluated only under lookup_commit_i (a walk starts now
  // and uses the result; a hit touches the PLRU)
  input  logic                lookup_commit_i,
  input  logic [VpnBits-1:0]  lookup_vpn_i,
  input  logic [AsidBits-1:0] lookup_asid_i,
  input  logic [LevelW-1:0]   lookup_root_i,    // the walk's mode, as LEVELS-1
  output logic                hit_o,
  output logic [LevelW-1:0]   hit_level_o,      // level of the cached pointer
  output logic [PpnBits-1:0]  hit_ppn_o,        // the table it points to
  output logic                hit_g_o,
  // Refill: a pointer the walk followed (never at the edge of a lookup or an sfence)
  input  logic                fill_i,
  input  logic [VpnBits-1:0]  fill_vpn_i,
  input  logic [LevelW-1:0]   fill_level_i,
  input  logic [AsidBits-1:0] fill_asid_i,
  input  logic                fill_g_i,
  input  logic [LevelW-1:0]   fill_root_i,
  input  logic [PpnBits-1:0]  fill_ppn_i,
  // sfence.vma (already excluding a non-canonical VA operand)
  input  logic                flush_i,
  input  logic                flush_use_vpn_i,
  input  logic                flush_use_asid_i,
  input  logic [AsidBits-1:0] flush_asid_i
);
  localparam int IdxBits = $clog2(Entries);

  logic [Entries-1:0]  valid_q, valid_d;
  logic [VpnBits-1:0]  vpn_q   [Entries];
  logic [LevelW-1:0]   level_q [Entries];
  logic [LevelW-1:0]   root_q  [Entries];
  logic [AsidBits-1:0] asid_q  [Entries];
  logic [PpnBits-1:0]  ppn_q   [Entries];
  logic [Entries-1:0]  g_q;

  function automatic logic [Entries-1:0] lowest_one(input logic [Entries-1:0] v);
    logic [Entries-1:0] upto;
    upto = v;
    for (int s = 1; s < Entries; s = s * 2) upto = upto | (upto << s);
    lowest_one = v & ~(upto << 1);
  endfunction

  function automatic logic [IdxBits-1:0] index_of(input logic [Entries-1:0] oh);
    logic [IdxBits-1:0] idx;
    idx = '0;
    for (int i = 0; i < Entries; i++) if (oh[i]) idx = IdxBits'(i);
    index_of = idx;
  endfunction

  // Entry i's pointer covers the VPN: the fields at and above its level are equal.
  logic [Entries-1:0] match;
  always_comb begin : entry_match
    match = '0;
    for (int i = 0; i < Entries; i++) begin
      logic [VpnBits-1:0] compared;
      for (int j = 0; j < Levels; j++) compared[j*VpnW +: VpnW] = {VpnW{level_q[i] <= LevelW'(j)}};
      match[i] = lookup_commit_i && valid_q[i] && (root_q[i] == lookup_root_i) &&
                 (g_q[i] || asid_q[i] == lookup_asid_i) &&
                 ((vpn_q[i] ^ lookup_vpn_i) & compared) == '0;
    end
  end

  // The deepest level that matches, then its lowest-numbered entry.
  logic [Entries-1:0] hit_oh;
  always_comb begin : deepest
    logic [Entries-1:0] at_level;
    hit_oh = '0;
    for (int l = Levels - 1; l >= 1; l--) begin
      for (int i = 0; i < Entries; i++) at_level[i] = match[i] && level_q[i] == LevelW'(l);
      if (|at_level) hit_oh = lowest_one(at_level);
    end
  end

  logic [IdxBits-1:0] hit_idx;
  assign hit_idx     = index_of(hit_oh);
  assign hit_o       = |match;
  assign hit_level_o = level_q[hit_idx];
  assign hit_ppn_o   = ppn_q[hit_idx];
  assign hit_g_o     = g_q[hit_idx];

  // Refill target and replacement.
  logic [Entries-1:0] fill_oh, victim_oh;
  logic [IdxBits-1:0] fill_idx;
  assign fill_oh  = (|(~valid_q)) ? lowest_one(~valid_q) : victim_oh;
  assign fill_idx = index_of(fill_oh);

  mmu_plru #(.Entries(Entries)) u_plru (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .touch_i     (fill_i || (lookup_commit_i && hit_o)),
    .touch_oh_i  (fill_i ? fill_oh : hit_oh),
    .victim_oh_o (victim_oh)
  );

  // sfence: "If rs1≠x0 ..., the fence orders only reads and writes made to leaf page
  // table entries": a fence with a VA leaves pointers alone. With rs2, "accesses to
  // global mappings are not ordered".
  logic [Entries-1:0] flush_sel;
  always_comb begin : flush_select
    for (int i = 0; i < Entries; i++)
      flush_sel[i] = flush_i && !flush_use_vpn_i &&
                     (!flush_use_asid_i || (!g_q[i] && asid_q[i] == flush_asid_i));
  end

  assign valid_d = (valid_q | (fill_i ? fill_oh : '0)) & ~flush_sel;

  always_ff @(posedge clk_i) begin : valid_reg
    if (!rst_ni) valid_q <= '0;
    else         valid_q <= valid_d;
  end

  always_ff @(posedge clk_i) begin : entry_reg
    if (fill_i) begin
      vpn_q[fill_idx]   <= fill_vpn_i;
      level_q[fill_idx] <= fill_level_i;
      asid_q[fill_idx]  <= fill_asid_i;
      ppn_q[fill_idx]   <= fill_ppn_i;
      g_q[fill_idx]     <= fill_g_i;
      root_q[fill_idx]  <= fill_root_i;
    end
  end

`ifndef SYNTHESIS
  always @(posedge clk_i) begin : walk_cache_assertions
    if (rst_ni) begin
      assert (Entries >= 2 && Entries <= 64 && (Entries & (Entries - 1)) == 0);
      // The chosen entry is one matching entry; pointers exist at levels 1 and up.
      assert ((hit_oh & (hit_oh - 1'b1)) == '0 && (hit_oh & ~match) == '0 && hit_o == |hit_oh);
      assert (!fill_i || fill_level_i != '0);
      // A refill never meets a lookup or an sfence at an edge.
      assert (!(fill_i && (lookup_commit_i || flush_i)));
    end
  end
`endif
endmodule
