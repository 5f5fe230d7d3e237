// Shared L2 TLB: a set-associative array of 4 KiB leaves and a fully associative array
// of superpage leaves, looked up in the cycle after an L1 miss.
//
// The set index of a set-associative TLB has to come from VPN bits, and which bits
// belong to the page number depends on the page size, unknown before the lookup. So the
// 4 KiB leaves, most of the entries, are indexed by the low VPN bits (L2Sets sets of
// L2Ways ways), and the superpages of every size sit in a small fully associative array
// (an mmu_tlb of L2SuperEntries), looked up in the same cycle. Priority: the 4 KiB way
// first (lowest-numbered way), then the superpage array. Each set has a tree-PLRU;
// refill writes the lowest-numbered invalid way of its set, else the set's victim. The
// hit verdict (permissions, A/D) is the L1's, and so are the sfence rules.
module mmu_l2_tlb #(
  parameter  int Xlen         = 64,  // 32: Sv32; 64: Sv39/Sv48/Sv57
  parameter  int Sets         = 64,  // power of two, 2..1024
  parameter  int Ways         = 4,   // power of two, 2..8
  parameter  int SuperEntries = 16,  // power of two, 4..64
  localparam int PaBits   = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PpnBits  = PaBits - mmu_pkg::PageShift,
  localparam int AsidBits = (Xlen == 64) ? mmu_pkg::AsidBits64 : mmu_pkg::AsidBits32,
  localparam int VpnW     = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,
  localparam int Levels   = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits  = Levels * VpnW,
  localparam int LevelW   = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32,
  localparam int SetBits  = $clog2(Sets),
  localparam int TagBits  = VpnBits - SetBits,
  localparam int Slots    = Sets * Ways
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Lookup (the walk's CSR snapshot), evaluated and committed under lookup_commit_i
  input  logic                lookup_commit_i,
  input  logic [VpnBits-1:0]  lookup_vpn_i,
  input  logic [AsidBits-1:0] asid_i,
  input  logic [1:0]          kind_i,
  input  logic                user_i,
  input  logic                sum_i,
  input  logic                mxr_i,
  input  logic                ad_hw_i,
  output logic                hit_o,
  output logic                fault_o,
  output logic                rewalk_o,
  output logic [PpnBits-1:0]  ppn_o,        // translated PPN
  output logic [LevelW-1:0]   hit_level_o,  // the entry as held (for the L1 refill)
  output logic [PpnBits-1:0]  hit_ppn_o,
  output logic [6:0]          hit_flags_o,  // {G, U, R, W, X, A, D}
  // Refill from a successful walk: level 0 to its set, superpages to the other array
  input  logic                fill_i,
  input  logic [VpnBits-1:0]  fill_vpn_i,
  input  logic [LevelW-1:0]   fill_level_i,
  input  logic [AsidBits-1:0] fill_asid_i,
  input  logic [PpnBits-1:0]  fill_ppn_i,
  input  logic [6:0]          fill_flags_i,
  // sfence.vma (already excluding a non-canonical VA operand)
  input  logic                flush_i,
  input  logic                flush_use_vpn_i,
  input  logic [VpnBits-1:0]  flush_vpn_i,
  input  logic                flush_use_asid_i,
  input  logic [AsidBits-1:0] flush_asid_i
);
  localparam int WayBits = $clog2(Ways);

  // ---------------------------------------------------------------------------------
  // 4 KiB array: slot s*Ways + w is way w of set s. Only the valid bits are reset.
  // ---------------------------------------------------------------------------------
  logic [Slots-1:0]    valid_q, valid_d;
  logic [TagBits-1:0]  tag_q   [Slots];
  logic [AsidBits-1:0] asid_q  [Slots];
  logic [PpnBits-1:0]  ppn_q   [Slots];
  logic [5:0]          flags_q [Slots];  // {U, R, W, X, A, D}
  logic [Slots-1:0]    g_q;

  logic [SetBits-1:0] set;       // the lookup's set
  logic [Ways-1:0]    match, hit_oh;
  logic [WayBits-1:0] hit_way;
  logic               hit4k;

  logic [TagBits-1:0] lookup_tag, flush_tag;
  assign set        = lookup_vpn_i[SetBits-1:0];
  assign lookup_tag = lookup_vpn_i[VpnBits-1:SetBits];
  assign flush_tag  = flush_vpn_i[VpnBits-1:SetBits];

  function automatic logic [Ways-1:0] lowest_way(input logic [Ways-1:0] v);
    logic [Ways-1:0] upto;
    upto = v;
    for (int s = 1; s < Ways; s = s * 2) upto = upto | (upto << s);
    lowest_way = v & ~(upto << 1);
  endfunction

  function automatic logic [WayBits-1:0] way_index(input logic [Ways-1:0] oh);
    logic [WayBits-1:0] idx;
    idx = '0;
    for (int w = 0; w < Ways; w++) if (oh[w]) idx = WayBits'(w);
    way_index = idx;
  endfunction

  always_comb begin : way_match
    match = '0;
    if (lookup_commit_i) begin
      for (int w = 0; w < Ways; w++) begin
        match[w] = valid_q[{set, WayBits'(w)}] &&
                   (g_q[{set, WayBits'(w)}] || asid_q[{set, WayBits'(w)}] == asid_i) &&
                   tag_q[{set, WayBits'(w)}] == lookup_tag;
      end
    end
  end

  assign hit_oh  = lowest_way(match);
  assign hit_way = way_index(hit_oh);
  assign hit4k   = |match;

  // ---------------------------------------------------------------------------------
  // Superpage array: an L1-style fully associative TLB, used when no 4 KiB way hits.
  // ---------------------------------------------------------------------------------
  logic               sp_hit, sp_fault, sp_rewalk;
  logic [PpnBits-1:0] sp_ppn, sp_entry_ppn;
  logic [LevelW-1:0]  sp_level;
  logic [6:0]         sp_flags;

  mmu_tlb #(
    .Xlen    (Xlen),
    .Entries (SuperEntries)
  ) u_super (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .asid_i           (asid_i),
    .user_i           (user_i),
    .sum_i            (sum_i),
    .mxr_i            (mxr_i),
    .ad_hw_i          (ad_hw_i),
    .lookup_commit_i  (lookup_commit_i && !hit4k),
    .lookup_vpn_i     (lookup_vpn_i),
    .lookup_kind_i    (kind_i),
    .hit_o            (sp_hit),
    .fault_o          (sp_fault),
    .rewalk_o         (sp_rewalk),
    .ppn_o            (sp_ppn),
    .hit_level_o      (sp_level),
    .hit_ppn_o        (sp_entry_ppn),
    .hit_flags_o      (sp_flags),
    .fill_i           (fill_i && fill_level_i != '0),
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
  // The hit: the 4 KiB way, else the superpage entry
  // ---------------------------------------------------------------------------------
  logic [PpnBits-1:0] way_ppn;
  logic [6:0]         way_flags;
  logic               way_fault, way_rewalk;

  assign way_ppn   = ppn_q[{set, hit_way}];
  assign way_flags = {g_q[{set, hit_way}], flags_q[{set, hit_way}]};

  mmu_entry_check u_check (
    .kind_i   (kind_i),
    .user_i   (user_i),
    .sum_i    (sum_i),
    .mxr_i    (mxr_i),
    .ad_hw_i  (ad_hw_i),
    .flags_i  (way_flags),
    .fault_o  (way_fault),
    .rewalk_o (way_rewalk)
  );

  assign hit_o       = hit4k || sp_hit;
  assign fault_o     = hit4k ? way_fault : sp_fault;
  assign rewalk_o    = hit4k ? way_rewalk : sp_rewalk;
  assign ppn_o       = hit4k ? way_ppn : sp_ppn;  // a 4 KiB page: the entry's PPN as is
  assign hit_level_o = hit4k ? '0 : sp_level;
  assign hit_ppn_o   = hit4k ? way_ppn : sp_entry_ppn;
  assign hit_flags_o = hit4k ? way_flags : sp_flags;

  // ---------------------------------------------------------------------------------
  // Replacement: a tree-PLRU per set; refill and served hits touch, as in the L1
  // ---------------------------------------------------------------------------------
  // One tree per set, in the L1's encoding (mmu_plru.sv): Ways-1 node bits in heap
  // order, 0 = the victim is in the left half; a touch points every node on the way's
  // path away from it. Only the touched set's tree changes at an edge.
  localparam int TreeBits = Ways - 1;
  logic [Sets*TreeBits-1:0] plru_q;  // set s: bits [s*TreeBits +: TreeBits]

  function automatic logic [Ways-1:0] plru_victim(input logic [Ways-2:0] tree);
    int node;
    node = 0;
    for (int l = 0; l < WayBits; l++) node = 2 * node + 1 + (tree[node] ? 1 : 0);
    plru_victim = Ways'(1) << (node - (Ways - 1));
  endfunction

  function automatic logic [Ways-2:0] plru_touched(input logic [Ways-2:0] tree,
                                                  input logic [Ways-1:0] way_oh);
    logic [Ways-2:0] t;
    logic [WayBits-1:0] way;
    int node;
    t    = tree;
    way  = way_index(way_oh);
    node = 0;
    for (int l = 0; l < WayBits; l++) begin
      t[node] = !way[WayBits-1-l];  // the way is on the left: the victim goes right
      node    = 2 * node + 1 + (way[WayBits-1-l] ? 1 : 0);
    end
    plru_touched = t;
  endfunction

  logic               fill4k;
  logic [SetBits-1:0] fill_set;
  logic [Ways-1:0]    fill_invalid, fill_oh;
  logic [WayBits-1:0] fill_way;
  logic               touch;
  logic [SetBits-1:0] touch_set;
  logic [Ways-1:0]    touch_oh;

  assign fill4k   = fill_i && fill_level_i == '0;
  assign fill_set = fill_vpn_i[SetBits-1:0];
  for (genvar w = 0; w < Ways; w++) begin : g_fill_invalid
    assign fill_invalid[w] = !valid_q[{fill_set, WayBits'(w)}];
  end
  assign fill_oh  = (|fill_invalid) ? lowest_way(fill_invalid) : plru_victim(plru_q[fill_set*TreeBits +: TreeBits]);
  assign fill_way = way_index(fill_oh);

  assign touch     = fill4k || (lookup_commit_i && hit4k && !way_rewalk);
  assign touch_set = fill4k ? fill_set : set;
  assign touch_oh  = fill4k ? fill_oh : hit_oh;

  always_ff @(posedge clk_i) begin : plru_reg
    if (!rst_ni) begin
      plru_q <= '0;
    end else if (touch) begin
      plru_q[touch_set*TreeBits +: TreeBits] <=
          plru_touched(plru_q[touch_set*TreeBits +: TreeBits], touch_oh);
    end
  end

  // ---------------------------------------------------------------------------------
  // Valid bits: refill sets, a dirty re-walk clears the way used, sfence its selection
  // ---------------------------------------------------------------------------------
  logic [Slots-1:0] flush_sel;
  logic [SetBits-1:0] flush_set;
  assign flush_set = flush_vpn_i[SetBits-1:0];

  always_comb begin : flush_select
    flush_sel = '0;
    if (flush_i) begin
      for (int i = 0; i < Slots; i++) begin
        // A VA names one set; the ASID term spares global entries.
        flush_sel[i] = (!flush_use_vpn_i ||
                        (SetBits'(i / Ways) == flush_set &&
                         tag_q[i] == flush_tag)) &&
                       (!flush_use_asid_i || (!g_q[i] && asid_q[i] == flush_asid_i));
      end
    end
  end

  always_comb begin : valid_next
    valid_d = valid_q;
    if (fill4k) valid_d[{fill_set, fill_way}] = 1'b1;
    if (lookup_commit_i && hit4k && way_rewalk) valid_d[{set, hit_way}] = 1'b0;
    valid_d = valid_d & ~flush_sel;
  end

  always_ff @(posedge clk_i) begin : valid_reg
    if (!rst_ni) valid_q <= '0;
    else         valid_q <= valid_d;
  end

  always_ff @(posedge clk_i) begin : entry_reg
    if (fill4k) begin
      tag_q[{fill_set, fill_way}]   <= fill_vpn_i[VpnBits-1:SetBits];
      asid_q[{fill_set, fill_way}]  <= fill_asid_i;
      ppn_q[{fill_set, fill_way}]   <= fill_ppn_i;
      flags_q[{fill_set, fill_way}] <= fill_flags_i[5:0];
      g_q[{fill_set, fill_way}]     <= fill_flags_i[6];
    end
  end

`ifndef SYNTHESIS
  always @(posedge clk_i) begin : l2_assertions
    if (rst_ni) begin
      // Geometry: powers of two in range.
      assert (Sets >= 2 && Sets <= 1024 && (Sets & (Sets - 1)) == 0);
      assert (Ways >= 2 && Ways <= 8 && (Ways & (Ways - 1)) == 0);
      assert (SuperEntries >= 4 && SuperEntries <= 64);
      // The hit way is one-hot or zero; a refill never meets a lookup or an sfence.
      assert ((hit_oh & (hit_oh - 1'b1)) == '0);
      assert (!(fill_i && (lookup_commit_i || flush_i)));
    end
  end
`endif
endmodule
