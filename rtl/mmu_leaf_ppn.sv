// Physical page number reached through a leaf at a given level: the PTE's PPN fields
// at and above the leaf's level, the VA's VPN fields below it (a superpage passes the
// low VPN fields through). Shared by the TLB hit path and the walker's final step.
module mmu_leaf_ppn #(
  parameter  int Xlen    = 64,                                      // 32: Sv32; 64: Sv39/Sv48/Sv57
  localparam int PaBits  = (Xlen == 64) ? mmu_pkg::PaBits64 : mmu_pkg::PaBits32,
  localparam int PpnBits = PaBits - mmu_pkg::PageShift,               // PPN of a PTE
  localparam int VpnW    = (Xlen == 64) ? mmu_pkg::VpnW64 : mmu_pkg::VpnW32,  // one field
  localparam int Levels  = (Xlen == 64) ? mmu_pkg::Levels64 : mmu_pkg::Levels32,
  localparam int VpnBits = Levels * VpnW,                             // VPN kept by the TLB
  localparam int LevelW  = (Xlen == 64) ? mmu_pkg::LevelW64 : mmu_pkg::LevelW32  // a level
) (
  input  logic [PpnBits-1:0] ppn_i,    // PPN of the leaf PTE
  input  logic [VpnBits-1:0] vpn_i,    // VPN of the virtual address
  input  logic [LevelW-1:0]  level_i,  // level of the leaf (0: 4 KiB page)
  output logic [PpnBits-1:0] ppn_o     // PPN of the physical address
);
  // Each PPN field below the leaf's level comes from the VPN; the rest from the PTE.
  for (genvar j = 0; j < Levels - 1; j++) begin : g_field
    assign ppn_o[j*VpnW +: VpnW] = (level_i > LevelW'(j)) ? vpn_i[j*VpnW +: VpnW] :
                                                      ppn_i[j*VpnW +: VpnW];
  end
  assign ppn_o[PpnBits-1:(Levels-1)*VpnW] = ppn_i[PpnBits-1:(Levels-1)*VpnW];

  // No leaf sits above the root, so the top VPN field never passes through.
  logic unused_vpn_top;
  assign unused_vpn_top = ^vpn_i[VpnBits-1:(Levels-1)*VpnW];
endmodule
