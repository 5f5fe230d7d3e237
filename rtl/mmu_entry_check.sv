// A cached leaf against an access: the verdict of an L1 or L2 TLB hit.
//
// Permissions are evaluated now, with the request's privilege and the current SUM and
// MXR, never frozen at refill. Then A/D: a hit needs A set, and D set for a store or
// AMO; otherwise Svade faults and Svadu drops the entry so that a walk sets the bits
// in memory (a "dirty re-walk").
module mmu_entry_check (
  input  logic [1:0] kind_i,    // mmu_pkg::Acc*
  input  logic       user_i,    // 1: U-mode, 0: S-mode
  input  logic       sum_i,     // mstatus.SUM
  input  logic       mxr_i,     // mstatus.MXR
  input  logic       ad_hw_i,   // 1: Svadu, 0: Svade
  input  logic [6:0] flags_i,   // the entry's {G, U, R, W, X, A, D}
  output logic       fault_o,   // the access page-faults
  output logic       rewalk_o   // Svadu: drop the entry and walk
);
  logic perm_ok, ad_ok;
  logic unused_g;
  assign unused_g = flags_i[6];

  mmu_perm u_perm (
    .kind_i (kind_i),
    .user_i (user_i),
    .sum_i  (sum_i),
    .mxr_i  (mxr_i),
    .u_i    (flags_i[5]),
    .r_i    (flags_i[4]),
    .w_i    (flags_i[3]),
    .x_i    (flags_i[2]),
    .ok_o   (perm_ok)
  );

  assign ad_ok    = flags_i[1] && (!kind_i[1] || flags_i[0]);  // D for store/AMO
  assign fault_o  = !perm_ok || (!ad_ok && !ad_hw_i);
  assign rewalk_o = perm_ok && !ad_ok && ad_hw_i;
endmodule
