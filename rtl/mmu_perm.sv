// Leaf permission check, shared by the TLB lookup and the walker's leaf step.
//
// The privileged spec's translation process checks a leaf twice: once against the
// U bit (which privilege may touch the page) and once against R/W/X (which kind of
// access the page allows). Both give the same page fault, so they are one result here.
module mmu_perm (
  input  logic [1:0] kind_i,  // mmu_pkg::Acc*
  input  logic       user_i,  // 1: U-mode, 0: S-mode (only U and S translate)
  input  logic       sum_i,   // mstatus.SUM
  input  logic       mxr_i,   // mstatus.MXR
  input  logic       u_i,     // leaf PTE flags
  input  logic       r_i,
  input  logic       w_i,
  input  logic       x_i,
  output logic       ok_o     // the access is allowed
);
  logic is_fetch, is_write;
  logic rwx_ok, priv_ok;

  assign is_fetch = kind_i == mmu_pkg::AccFetch;
  assign is_write = kind_i[1];  // store or AMO

  // R/W/X: a fetch needs X; a store or an AMO needs W (an AMO also reads, but a valid
  // leaf with W has R: W without R is reserved); a load needs R, or X when MXR makes
  // executable pages readable.
  assign rwx_ok = is_fetch ? x_i :
                  is_write ? w_i :
                             (r_i | (mxr_i & x_i));

  // U bit: U-mode may only touch U pages; S-mode may touch U pages only for loads,
  // stores and AMOs with SUM set, never to fetch from them.
  assign priv_ok = user_i ? u_i : (!u_i || (sum_i && !is_fetch));

  assign ok_o = rwx_ok & priv_ok;
endmodule
