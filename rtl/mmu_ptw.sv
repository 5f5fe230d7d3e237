// Page-table walker: one walk at a time, one outstanding memory request.
//
// Follows the privileged spec's translation process from the root table down. Each
// PTE is checked combinationally on mem_rsp_rdata_i at the edge its response is
// sampled; the same edge issues the next read, the A/D write or the walk's result,
// so a walk of n reads with memory latency L and no back-pressure takes n(1+L) cycles.
// The CSR view (satp, priv, SUM, MXR, A/D policy, RAM window) is held stable by the
// requester for the whole walk and is used directly.
module mmu_ptw #(
  parameter  int Xlen     = 64,                      // 32: Sv32; 64: Sv39/Sv48
  localparam int PaBits   = (Xlen == 64) ? 56 : 34,  // physical address
  localparam int PteBits  = Xlen,                    // PTE size in bits
  localparam int PpnBits  = PaBits - 12,             // PPN of a PTE
  localparam int VpnBits  = (Xlen == 64) ? 36 : 20,  // VPN of a request
  localparam int VpnW     = (Xlen == 64) ? 9 : 10,   // one VPN/PPN field
  localparam int Levels   = (Xlen == 64) ? 4 : 2,    // fields in a VPN
  localparam int PteShift = 12 - VpnW                // log2(PTE size in bytes)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // CSR view, stable from the walk's start to its result
  input  logic [PpnBits-1:0] satp_ppn_i,       // root table
  input  logic [1:0]         root_level_i,     // LEVELS-1 of the current mode
  input  logic               user_i,           // 1: U-mode, 0: S-mode
  input  logic               sum_i,            // mstatus.SUM
  input  logic               mxr_i,            // mstatus.MXR
  input  logic               ad_hw_i,          // 1: Svadu, 0: Svade
  input  logic [PaBits-1:0]  ram_base_i,       // RAM window: the only place PTEs may be
  input  logic [PaBits-1:0]  ram_size_i,
  // Walk start (a miss or a dirty re-walk accepted at this edge)
  input  logic               start_i,
  input  logic [VpnBits-1:0] start_vpn_i,
  input  logic [11:0]        start_offset_i,   // page offset, passed to the result
  input  logic [1:0]         start_kind_i,     // 0 fetch, 1 load, 2 store
  output logic               idle_o,
  // Walk result, combinational in the cycle before the edge that ends the walk
  output logic               done_o,
  output logic               done_fault_o,
  output logic               done_access_o,    // the fault is an access fault
  output logic [1:0]         done_kind_o,      // access kind of the walk
  output logic [PaBits-1:0]  done_paddr_o,     // translation (when no fault)
  // TLB refill, with done_o of a successful walk
  output logic               fill_o,
  output logic [VpnBits-1:0] fill_vpn_o,
  output logic [1:0]         fill_level_o,
  output logic               fill_g_o,
  output logic [PpnBits-1:0] fill_ppn_o,
  output logic               fill_u_o,
  output logic               fill_r_o,
  output logic               fill_w_o,
  output logic               fill_x_o,
  output logic               fill_a_o,
  output logic               fill_d_o,
  // Memory port: PTE reads and A/D writes
  output logic               mem_req_valid_o,
  input  logic               mem_req_ready_i,
  output logic [PaBits-1:0]  mem_req_addr_o,
  output logic               mem_req_we_o,
  output logic [PteBits-1:0] mem_req_wdata_o,
  input  logic               mem_rsp_valid_i,
  input  logic [PteBits-1:0] mem_rsp_rdata_i,
  input  logic               mem_rsp_err_i
);
  // Idle: no walk. ReadPte/WriteAd: request presented, waiting for mem_req_ready_i.
  // WaitPte/WaitAd: request accepted, waiting for mem_rsp_valid_i.
  typedef enum logic [2:0] { Idle, ReadPte, WaitPte, WriteAd, WaitAd } state_e;
  state_e state_q, state_d;

  // Walk context: the request, the PTE being read, the walk so far.
  logic [VpnBits-1:0] vpn_q, vpn_d;
  logic [11:0]        offset_q, offset_d;
  logic [1:0]         kind_q, kind_d;
  logic [1:0]         level_q, level_d;    // level of the PTE at addr_q
  logic [PaBits-1:0]  addr_q, addr_d;      // address of the PTE being read or written
  logic               g_q, g_d;            // G seen in a PTE above the current one
  logic [PteBits-1:0] wdata_q, wdata_d;    // leaf PTE with A/D set, for the write

  // Bit positions of a PTE (the same in Sv32, Sv39 and Sv48).
  localparam int PteV = 0, PteR = 1, PteW = 2, PteX = 3, PteU = 4, PteG = 5,
                 PteA = 6, PteD = 7;

  // Decode of the PTE on mem_rsp_rdata_i.
  logic [PpnBits-1:0] pte_ppn;
  logic               pte_reserved;   // reserved / PBMT / N bits set (rv64 only)
  logic               pte_invalid;    // V=0, W without R, or reserved bits
  logic               pte_leaf;       // R or X set
  logic               pointer_bad;    // pointer at level 0, or with A/D/U set
  logic               perm_ok;        // leaf R/W/X and U rules allow the access
  logic               misaligned;     // superpage whose low PPN fields are not zero
  logic               ad_needed;      // A clear, or D clear for a store
  logic               is_store;

  assign pte_ppn  = mem_rsp_rdata_i[10 +: PpnBits];
  assign is_store = kind_q == 2'd2;

  if (Xlen == 64) begin : g_rv64
    // Sv39/Sv48: bits 60:54 reserved, 62:61 PBMT (no Svpbmt), 63 N (no Svnapot).
    assign pte_reserved = |mem_rsp_rdata_i[63:54];
  end else begin : g_rv32
    // Sv32 has no reserved PTE bits.
    assign pte_reserved = 1'b0;
  end

  // RSW (9:8) is free for software and ignored.
  logic unused_rsw;
  assign unused_rsw = ^mem_rsp_rdata_i[9:8];

  // Translation process step 3 (any PTE): not valid, writable but not readable, or a
  // reserved bit or encoding set.
  assign pte_invalid = !mem_rsp_rdata_i[PteV] ||
                       (mem_rsp_rdata_i[PteW] && !mem_rsp_rdata_i[PteR]) ||
                       pte_reserved;
  assign pte_leaf    = mem_rsp_rdata_i[PteR] || mem_rsp_rdata_i[PteX];

  // Step 4 (pointer): there is no level below 0; A, D and U are reserved in a pointer
  // and must be zero.
  assign pointer_bad = !pte_leaf &&
                       (level_q == 2'd0 || mem_rsp_rdata_i[PteA] || mem_rsp_rdata_i[PteD] ||
                        mem_rsp_rdata_i[PteU]);

  // Steps 6 and 8 (leaf): the U bit against the privilege and SUM, R/W/X against the
  // access and MXR (same page fault, so one check).
  mmu_perm u_perm (
    .kind_i (kind_q),
    .user_i (user_i),
    .sum_i  (sum_i),
    .mxr_i  (mxr_i),
    .u_i    (mem_rsp_rdata_i[PteU]),
    .r_i    (mem_rsp_rdata_i[PteR]),
    .w_i    (mem_rsp_rdata_i[PteW]),
    .x_i    (mem_rsp_rdata_i[PteX]),
    .ok_o   (perm_ok)
  );

  // Step 5 (leaf): a superpage must be aligned: its PPN fields below its level are zero.
  logic [Levels-2:0] low_field_set;  // PPN field j of the PTE is nonzero, j < level
  for (genvar j = 0; j < Levels - 1; j++) begin : g_misaligned
    assign low_field_set[j] = (level_q > 2'(j)) && (pte_ppn[j*VpnW +: VpnW] != '0);
  end
  assign misaligned = |low_field_set;

  // Step 9 (leaf): A/D. Under Svade this faults; under Svadu the walker writes the PTE
  // back with A set (and D for a store), as the last step of the walk.
  assign ad_needed = !mem_rsp_rdata_i[PteA] || (is_store && !mem_rsp_rdata_i[PteD]);

  // The value the A/D write stores: the PTE as read, with A set and D set for a store.
  logic [PteBits-1:0] ad_wdata;
  assign ad_wdata = mem_rsp_rdata_i | (PteBits'(1) << PteA) | (PteBits'(is_store) << PteD);

  logic pte_g;
  assign pte_g = mem_rsp_rdata_i[PteG];

  // The VPN field that indexes the table of a level.
  function automatic logic [VpnW-1:0] vpn_field(input logic [VpnBits-1:0] vpn,
                                                input logic [1:0]         level);
    logic [VpnW-1:0] f;
    f = '0;
    for (int j = 0; j < Levels; j++) begin
      if (2'(j) == level) f = vpn[j*VpnW +: VpnW];
    end
    vpn_field = f;
  endfunction

  // PTE addresses: the root from satp at the start, the next level from a pointer.
  logic [PaBits-1:0] root_addr, next_addr, pma_addr, pma_offset;
  logic              pma_ok;

  assign root_addr = {satp_ppn_i, vpn_field(start_vpn_i, root_level_i), PteShift'(0)};
  assign next_addr = {pte_ppn, vpn_field(vpn_q, level_q - 2'd1), PteShift'(0)};

  // Step 2: PMA check of a PTE address before it is read. Outside the RAM window the
  // walk makes no request and ends with an access fault. Only one of the two
  // addresses is ever needed in a cycle (root when idle, next while walking).
  assign pma_addr   = (state_q == Idle) ? root_addr : next_addr;
  assign pma_offset = pma_addr - ram_base_i;
  assign pma_ok     = pma_addr >= ram_base_i && pma_offset < ram_size_i;

  // The leaf being finished: read now, or the A/D-updated copy after its write.
  logic [PteBits-1:0] leaf_pte;
  logic [PpnBits-1:0] leaf_ppn, paddr_ppn;

  assign leaf_pte = (state_q == WaitAd) ? wdata_q : mem_rsp_rdata_i;
  assign leaf_ppn = leaf_pte[10 +: PpnBits];

  mmu_leaf_ppn #(.Xlen(Xlen)) u_leaf_ppn (
    .ppn_i   (leaf_ppn),
    .vpn_i   (vpn_q),
    .level_i (level_q),
    .ppn_o   (paddr_ppn)
  );

  // Walk FSM and its result.
  always_comb begin : walk_step
    state_d  = state_q;
    vpn_d    = vpn_q;
    offset_d = offset_q;
    kind_d   = kind_q;
    level_d  = level_q;
    addr_d   = addr_q;
    g_d      = g_q;
    wdata_d  = wdata_q;

    done_o        = 1'b0;
    done_fault_o  = 1'b0;
    done_access_o = 1'b0;
    fill_o        = 1'b0;

    case (state_q)
      Idle: begin
        if (start_i) begin
          vpn_d    = start_vpn_i;
          offset_d = start_offset_i;
          kind_d   = start_kind_i;
          level_d  = root_level_i;
          addr_d   = root_addr;
          g_d      = 1'b0;
          if (pma_ok) begin
            state_d = ReadPte;
          end else begin
            // Root PTE outside RAM: access fault, no request, no busy cycle.
            done_o        = 1'b1;
            done_fault_o  = 1'b1;
            done_access_o = 1'b1;
          end
        end
      end

      ReadPte: begin
        if (mem_req_ready_i) state_d = WaitPte;
      end

      WaitPte: begin
        if (mem_rsp_valid_i) begin
          if (mem_rsp_err_i) begin
            // Bus error on a PTE read: access fault of the original kind.
            state_d       = Idle;
            done_o        = 1'b1;
            done_fault_o  = 1'b1;
            done_access_o = 1'b1;
          end else if (pte_invalid || pointer_bad) begin
            state_d      = Idle;
            done_o       = 1'b1;
            done_fault_o = 1'b1;
          end else if (!pte_leaf) begin
            // Pointer: descend, unless the next PTE lies outside RAM.
            if (pma_ok) begin
              state_d = ReadPte;
              addr_d  = next_addr;
              level_d = level_q - 2'd1;
              g_d     = g_q | pte_g;
            end else begin
              state_d       = Idle;
              done_o        = 1'b1;
              done_fault_o  = 1'b1;
              done_access_o = 1'b1;
            end
          end else if (!perm_ok || misaligned || (ad_needed && !ad_hw_i)) begin
            state_d      = Idle;
            done_o       = 1'b1;
            done_fault_o = 1'b1;
          end else if (ad_needed) begin
            // Svadu: write A (and D for a store) back; the write address is the
            // leaf's, already known to be in RAM.
            state_d = WriteAd;
            wdata_d = ad_wdata;
          end else begin
            state_d = Idle;
            done_o  = 1'b1;
            fill_o  = 1'b1;
          end
        end
      end

      WriteAd: begin
        if (mem_req_ready_i) state_d = WaitAd;
      end

      WaitAd: begin
        if (mem_rsp_valid_i) begin
          state_d = Idle;
          done_o  = 1'b1;
          if (mem_rsp_err_i) begin
            // Bus error on the A/D write: access fault of the original kind.
            done_fault_o  = 1'b1;
            done_access_o = 1'b1;
          end else begin
            fill_o = 1'b1;
          end
        end
      end

      default: state_d = Idle;
    endcase
  end

  assign idle_o       = state_q == Idle;
  assign done_kind_o  = (state_q == Idle) ? start_kind_i : kind_q;
  assign done_paddr_o = {paddr_ppn, offset_q};

  // Refill: the leaf as it is now in memory; G if any PTE of the walk had it.
  assign fill_vpn_o   = vpn_q;
  assign fill_level_o = level_q;
  assign fill_g_o     = g_q | leaf_pte[PteG];
  assign fill_ppn_o   = leaf_ppn;
  assign fill_u_o     = leaf_pte[PteU];
  assign fill_r_o     = leaf_pte[PteR];
  assign fill_w_o     = leaf_pte[PteW];
  assign fill_x_o     = leaf_pte[PteX];
  assign fill_a_o     = leaf_pte[PteA];
  assign fill_d_o     = leaf_pte[PteD];

  // Memory request, decoded from the state; zero payload when no request is presented.
  assign mem_req_valid_o = state_q == ReadPte || state_q == WriteAd;
  assign mem_req_we_o    = state_q == WriteAd;
  assign mem_req_addr_o  = mem_req_valid_o ? addr_q : '0;
  assign mem_req_wdata_o = mem_req_we_o ? wdata_q : '0;

  // FSM state: reset abandons any walk.
  always_ff @(posedge clk_i) begin : state_reg
    if (!rst_ni) state_q <= Idle;
    else         state_q <= state_d;
  end

  // Walk context: written before use by every walk, so it needs no reset.
  always_ff @(posedge clk_i) begin : context_reg
    vpn_q    <= vpn_d;
    offset_q <= offset_d;
    kind_q   <= kind_d;
    level_q  <= level_d;
    addr_q   <= addr_d;
    g_q      <= g_d;
    wdata_q  <= wdata_d;
  end
endmodule
