// Several configurations of mmu_pmp side by side, for the unit check against the model's
// pmp_check() (pmp_unit.cpp): one Verilated model holds them all. Each build's instances
// share that build's vectors; an instance with fewer entries takes the low entries.
//
//   instance   build  PmpEntries  PmpGranularity
//   a          rv64   16          0
//   b          rv64   16          1       (NA4 not selectable)
//   c          rv64   16          3
//   d          rv64   4           0
//   e          rv64   0           -       (no PMP)
//   f          rv32   16          0
//   g          rv32   16          2
module pmp_unit_top (
  input  logic [16*8-1:0]  cfg_i,      // both builds
  input  logic [16*54-1:0] addr64_i,
  input  logic [55:0]      pa64_i,
  input  logic             wide64_i,
  input  logic [16*32-1:0] addr32_i,
  input  logic [33:0]      pa32_i,
  input  logic [1:0]       priv_i,
  input  logic [2:0]       need_i,
  output logic [6:0]       allowed_o,  // bit k: instance a + k
  output logic [6:0]       match_o,
  output logic [27:0]      index_o     // 4 bits per instance
);
  mmu_pmp #(.Xlen(64), .PmpEntries(16), .PmpGranularity(0)) u_a (
    .cfg_i (cfg_i), .addr_i (addr64_i), .pa_i (pa64_i), .wide_i (wide64_i), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[0]), .match_o (match_o[0]), .index_o (index_o[3:0]));
  mmu_pmp #(.Xlen(64), .PmpEntries(16), .PmpGranularity(1)) u_b (
    .cfg_i (cfg_i), .addr_i (addr64_i), .pa_i (pa64_i), .wide_i (wide64_i), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[1]), .match_o (match_o[1]), .index_o (index_o[7:4]));
  mmu_pmp #(.Xlen(64), .PmpEntries(16), .PmpGranularity(3)) u_c (
    .cfg_i (cfg_i), .addr_i (addr64_i), .pa_i (pa64_i), .wide_i (wide64_i), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[2]), .match_o (match_o[2]), .index_o (index_o[11:8]));
  mmu_pmp #(.Xlen(64), .PmpEntries(4), .PmpGranularity(0)) u_d (
    .cfg_i (cfg_i[4*8-1:0]), .addr_i (addr64_i[4*54-1:0]), .pa_i (pa64_i), .wide_i (wide64_i),
    .priv_i (priv_i), .need_i (need_i), .allowed_o (allowed_o[3]), .match_o (match_o[3]),
    .index_o (index_o[15:12]));
  mmu_pmp #(.Xlen(64), .PmpEntries(0), .PmpGranularity(0)) u_e (
    .cfg_i (cfg_i[0]), .addr_i (addr64_i[0]), .pa_i (pa64_i), .wide_i (wide64_i), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[4]), .match_o (match_o[4]), .index_o (index_o[19:16]));
  mmu_pmp #(.Xlen(32), .PmpEntries(16), .PmpGranularity(0)) u_f (
    .cfg_i (cfg_i), .addr_i (addr32_i), .pa_i (pa32_i), .wide_i (1'b0), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[5]), .match_o (match_o[5]), .index_o (index_o[23:20]));
  mmu_pmp #(.Xlen(32), .PmpEntries(16), .PmpGranularity(2)) u_g (
    .cfg_i (cfg_i), .addr_i (addr32_i), .pa_i (pa32_i), .wide_i (1'b0), .priv_i (priv_i),
    .need_i (need_i), .allowed_o (allowed_o[6]), .match_o (match_o[6]), .index_o (index_o[27:24]));
endmodule
