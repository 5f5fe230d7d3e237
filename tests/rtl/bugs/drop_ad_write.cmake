# Svadu: the walker skips the A/D write and fills the TLB anyway.
set(BUG_FILE mmu_ptw.sv)
set(BUG_FROM "end else if (ad_needed) begin")
set(BUG_TO   "end else if (1'b0) begin")
set(BUG_ARGS --test svadu --seed 1 --build rv64 --cycles 200000)
