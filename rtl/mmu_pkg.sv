// Widths and encodings shared by every module of the MMU, derived once.
//
// The two builds: Xlen = 32 translates Sv32, Xlen = 64 translates Sv39, Sv48 and Sv57. A module
// derives its widths from Xlen through the *32/*64 pairs below (Icarus 11 cannot call a
// package function in a parameter list, so the choice is a conditional at each use).
// A package is a dictionary: not every build uses every entry, so unused-parameter
// warnings are off inside it (and only here).
/* verilator lint_off UNUSEDPARAM */
package mmu_pkg;
  // Physical address, ASID, one VPN/PPN field, VPN fields kept in a TLB tag.
  localparam int PaBits32   = 34;
  localparam int PaBits64   = 56;
  localparam int AsidBits32 = 9;
  localparam int AsidBits64 = 16;
  localparam int VpnW32     = 10;
  localparam int VpnW64     = 9;
  localparam int Levels32   = 2;   // Sv32 levels (and TLB tag fields: va[31:12])
  localparam int Levels64   = 5;   // TLB tag fields in rv64: va[56:12], whatever the mode
  localparam int LevelW32   = 2;   // bits of a level number (0..1 in rv32,
  localparam int LevelW64   = 3;   // 0..4 in rv64: Sv57 has five levels)
  localparam int PageShift  = 12;  // 4 KiB base pages

  // Access kinds (req_kind_i). Bit 1 set: the access writes memory (store or AMO).
  localparam logic [1:0] AccFetch = 2'd0;
  localparam logic [1:0] AccLoad  = 2'd1;
  localparam logic [1:0] AccStore = 2'd2;
  localparam logic [1:0] AccAmo   = 2'd3;

  // Privilege (req_priv_i): the effective privilege of the access (MPRV already applied).
  localparam logic [1:0] PrivU = 2'd0;
  localparam logic [1:0] PrivS = 2'd1;
  localparam logic [1:0] PrivM = 2'd3;

  // satp.MODE encodings; every other value behaves as Bare.
  localparam logic [3:0] ModeBare = 4'd0;
  localparam logic [3:0] ModeSv32 = 4'd1;
  localparam logic [3:0] ModeSv39 = 4'd8;
  localparam logic [3:0] ModeSv48 = 4'd9;
  localparam logic [3:0] ModeSv57 = 4'd10;

  // Exception causes (scause/mcause) the MMU raises.
  localparam logic [3:0] CauseNone        = 4'd0;
  localparam logic [3:0] CauseFetchAccess = 4'd1;
  localparam logic [3:0] CauseLoadAccess  = 4'd5;
  localparam logic [3:0] CauseStoreAccess = 4'd7;   // store and AMO
  localparam logic [3:0] CauseFetchPage   = 4'd12;
  localparam logic [3:0] CauseLoadPage    = 4'd13;
  localparam logic [3:0] CauseStorePage   = 4'd15;  // store and AMO

  // PTE bit positions, the same in Sv32, Sv39, Sv48 and Sv57. The PPN starts at bit 10.
  localparam int PteV     = 0;
  localparam int PteR     = 1;
  localparam int PteW     = 2;
  localparam int PteX     = 3;
  localparam int PteU     = 4;
  localparam int PteG     = 5;
  localparam int PteA     = 6;
  localparam int PteD     = 7;
  localparam int PtePpnLo = 10;
endpackage
/* verilator lint_on UNUSEDPARAM */
