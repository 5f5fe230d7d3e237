// Physical memory protection: one access against the PMP entries (combinational).
//
// The privileged spec's "Physical Memory Protection" rules, as the model's pmp_check():
// - An entry's A field (cfg bits 4:3) selects how pmpaddr (PA bits PaBits-1:2, a word
//   address) names its region: OFF none; TOR [pmpaddr[i-1], pmpaddr[i]) (entry 0 from 0);
//   NA4 the one word pmpaddr; NAPOT the naturally aligned power of two whose size the
//   trailing ones of pmpaddr encode (k ones: 2^(k+3) bytes; all ones: the whole space).
// - Granularity G (regions of 2^(G+2) bytes): TOR ignores pmpaddr bits G-1:0, NAPOT
//   reads bits G-2:0 as ones (G >= 2), and NA4 is not selectable (G >= 1): it behaves as
//   NAPOT, as in Spike.
// - The lowest-numbered entry that matches any byte of the access decides. If it does
//   not match every byte, the access fails whatever the privilege and L. An access is one
//   word here, or two (wide_i: an 8-byte access at an 8-byte-aligned PA, an rv64 PTE).
// - S and U: the entry's R/W/X must allow the access (W only with R: R=0 W=1 is
//   reserved). M: allowed unless the entry is
//   locked (L) and lacks the permission. No entry matches: M allowed, S and U denied.
//   PmpEntries = 0: no PMP, everything is allowed.
module mmu_pmp #(
  parameter  int Xlen           = 64,  // 32: 34-bit PA; 64: 56-bit PA
  parameter  int PmpEntries     = 16,  // 0..16
  parameter  int PmpGranularity = 0,   // G: regions of 2^(G+2) bytes
  localparam int PaBits         = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int AddrW          = PaBits - 2,                          // one pmpaddr
  localparam int CfgW           = (PmpEntries > 0) ? PmpEntries * 8 : 1,
  localparam int AddrVecW       = (PmpEntries > 0) ? PmpEntries * AddrW : 1
) (
  input  logic [CfgW-1:0]     cfg_i,      // entry i at bits 8i+7:8i: L 7, A 4:3, X 2, W 1, R 0
  input  logic [AddrVecW-1:0] addr_i,     // pmpaddr i at bits AddrW*i +: AddrW
  input  logic [PaBits-1:0]   pa_i,       // first byte of the access
  input  logic                wide_i,     // 8 bytes from an 8-byte-aligned pa_i
  input  logic [1:0]          priv_i,     // mmu_pkg::Priv* (2 behaves as M)
  input  logic [2:0]          need_i,     // permissions the access needs: {X, W, R}
  output logic                allowed_o,
  output logic                match_o,    // an entry matched (index_o is valid)
  output logic [3:0]          index_o     // the lowest-numbered matching entry
);
  logic             machine;
  logic [AddrW-1:0] word_lo, word_hi;

  // Regions are whole words: the byte offset of the access does not matter.
  logic unused_offset;
  assign unused_offset = ^pa_i[1:0];

  assign machine = priv_i != mmu_pkg::PrivU && priv_i != mmu_pkg::PrivS;
  assign word_lo = pa_i[PaBits-1:2];
  assign word_hi = pa_i[PaBits-1:2] | AddrW'(wide_i);

  if (PmpEntries == 0) begin : g_no_pmp
    logic unused_pmp;
    assign unused_pmp = ^{cfg_i, addr_i, word_lo, word_hi, machine, need_i};
    assign allowed_o  = 1'b1;
    assign match_o    = 1'b0;
    assign index_o    = '0;
  end else begin : g_pmp
    localparam logic [1:0] ModeOff = 2'd0, ModeTor = 2'd1, ModeNa4 = 2'd2, ModeNapot = 2'd3;
    // NAPOT address bits that read as ones at this granularity (G-1 of them, G >= 2).
    localparam logic [AddrW-1:0] NapotOnes =
        (PmpGranularity >= 2) ? AddrW'((64'd1 << (PmpGranularity - 1)) - 64'd1) : '0;

    // Per entry: does it match the low word, the high word?
    logic [PmpEntries-1:0] hit_lo, hit_hi;

    for (genvar i = 0; i < PmpEntries; i++) begin : g_entry
      logic [1:0]       field_a, mode;
      logic [AddrW-1:0] top, napot, ignore;
      logic             above_lo, above_hi;  // TOR: at or above the bottom

      assign field_a = cfg_i[8*i + 3 +: 2];
      // NA4 cannot be selected with G >= 1: it is NAPOT.
      assign mode = (PmpGranularity >= 1 && field_a == ModeNa4) ? ModeNapot : field_a;
      assign top  = addr_i[AddrW*i +: AddrW];
      if (i == 0) begin : g_first
        // TOR of entry 0 starts at address 0.
        assign above_lo = 1'b1;
        assign above_hi = 1'b1;
      end else begin : g_next
        logic [AddrW-1:0] bottom;
        assign bottom   = addr_i[AddrW*(i-1) +: AddrW];
        assign above_lo = (word_lo >> PmpGranularity) >= (bottom >> PmpGranularity);
        assign above_hi = (word_hi >> PmpGranularity) >= (bottom >> PmpGranularity);
      end

      // NAPOT: bits up to and including the first zero above the trailing ones are the
      // offset inside the region (all ones: every bit, the whole space).
      assign napot  = top | NapotOnes;
      assign ignore = napot ^ (napot + AddrW'(1));

      // TOR compares granule numbers: pmpaddr bits G-1:0 do not take part.
      always_comb begin : match
        hit_lo[i] = 1'b0;
        hit_hi[i] = 1'b0;
        unique case (mode)
          ModeTor: begin
            hit_lo[i] = above_lo && (word_lo >> PmpGranularity) < (top >> PmpGranularity);
            hit_hi[i] = above_hi && (word_hi >> PmpGranularity) < (top >> PmpGranularity);
          end
          ModeNa4: begin
            hit_lo[i] = word_lo == top;
            hit_hi[i] = word_hi == top;
          end
          ModeNapot: begin
            hit_lo[i] = ((word_lo ^ napot) & ~ignore) == '0;
            hit_hi[i] = ((word_hi ^ napot) & ~ignore) == '0;
          end
          default: ;  // ModeOff
        endcase
      end
    end

    // The lowest-numbered entry touching the access decides.
    always_comb begin : decide
      logic       found, whole, lock;
      logic [2:0] perm;
      found   = 1'b0;
      whole   = 1'b0;
      lock    = 1'b0;
      perm    = 3'b000;
      index_o = '0;
      for (int i = PmpEntries - 1; i >= 0; i--) begin
        if (hit_lo[i] || hit_hi[i]) begin
          found   = 1'b1;
          whole   = hit_lo[i] && hit_hi[i];
          lock    = cfg_i[8*i + 7];
          // R=0 W=1 is reserved: W counts only with R.
          perm    = {cfg_i[8*i + 2], cfg_i[8*i + 1] & cfg_i[8*i], cfg_i[8*i]};
          index_o = 4'(i);
        end
      end
      match_o = found;
      if (!found)                          allowed_o = machine;
      else if (!whole)                     allowed_o = 1'b0;  // partial match fails
      else if (machine && !lock)           allowed_o = 1'b1;
      else                                 allowed_o = (need_i & ~perm) == 3'b000;
    end

    // Unused mode constant (OFF is the default branch).
    logic unused_mode_off;
    assign unused_mode_off = ModeOff[0];
  end
endmodule
