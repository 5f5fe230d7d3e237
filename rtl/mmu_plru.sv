// Tree pseudo-LRU replacement state for the TLB.
//
// Encoding (shared with the C++ model): Entries-1 bits in heap order. Node 0 is the
// root, node k has children 2k+1 and 2k+2, and the leaves, left to right, are entries
// 0..Entries-1. A node bit of 0 means "the victim is in the left (lower) half", 1 the
// right half. Touching entry i makes every node on its path point away from i; the
// victim is found by following the bits from the root. Reset clears every bit, so the
// victim after reset is entry 0.
module mmu_plru #(
  parameter  int Entries = 16,              // power of two, 4..128
  localparam int Depth   = $clog2(Entries)  // node levels between root and leaves
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               touch_i,      // mark touch_oh_i as most recently used
  input  logic [Entries-1:0] touch_oh_i,   // one-hot entry to touch
  output logic [Entries-1:0] victim_oh_o   // one-hot entry the tree points at
);
  logic [Entries-2:0] tree_q, tree_d;
  logic [Entries-2:0] node_on_path;  // the touched entry lies below this node
  logic [Entries-2:0] node_left;     // ... in the left half of this node

  // Per node: is the touched entry below it, and on which side.
  for (genvar lv = 0; lv < Depth; lv++) begin : g_level
    localparam int Span = Entries >> lv;  // entries below a node of this level
    for (genvar p = 0; p < (1 << lv); p++) begin : g_node
      localparam int Node = (1 << lv) - 1 + p;
      assign node_on_path[Node] = |touch_oh_i[p*Span +: Span];
      assign node_left[Node]    = |touch_oh_i[p*Span +: Span/2];
    end
  end

  // Touch: nodes on the path point to the other half (1 when the entry is on the left).
  assign tree_d = touch_i ? ((tree_q & ~node_on_path) | (node_left & node_on_path)) : tree_q;

  // Victim: an entry is the victim when every node on its path points towards it.
  for (genvar i = 0; i < Entries; i++) begin : g_victim
    logic [Depth-1:0] toward;
    for (genvar lv = 0; lv < Depth; lv++) begin : g_level
      localparam int Node = (1 << lv) - 1 + (i >> (Depth - lv));
      localparam int Side = (i >> (Depth - 1 - lv)) % 2;  // 0 left, 1 right of Node
      assign toward[lv] = (Side == 1) ? tree_q[Node] : !tree_q[Node];
    end
    assign victim_oh_o[i] = &toward;
  end

  // Tree bits: cleared by reset.
  always_ff @(posedge clk_i) begin : tree_reg
    if (!rst_ni) tree_q <= '0;
    else         tree_q <= tree_d;
  end
endmodule
