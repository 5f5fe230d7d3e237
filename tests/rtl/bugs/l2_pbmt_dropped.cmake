# Svpbmt: the L2 TLB's 4 KiB ways lose PBMT: an L2 hit on an NC or IO page answers with
# PBMT 0 (PMA). The random test's L2 hits on such pages catch it.
set(BUG_FILE mmu_l2_tlb.sv)
set(BUG_FROM "assign hit_pbmt_o  = hit4k ? way_pbmt : sp_pbmt;")
set(BUG_TO   "assign hit_pbmt_o  = hit4k ? 2'd0 : sp_pbmt;")
set(BUG_ARGS --test random --seed 1 --build rv64 --cycles 200000)
