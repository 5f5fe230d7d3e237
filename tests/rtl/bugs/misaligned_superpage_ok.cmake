# A superpage whose low PPN fields are not zero is translated instead of faulting.
set(BUG_FILE mmu_ptw.sv)
set(BUG_FROM "end else if (!perm_ok || misaligned || (ad_needed && !ad_hw_q)) begin")
set(BUG_TO   "end else if (!perm_ok || (ad_needed && !ad_hw_q)) begin")
set(BUG_ARGS --test faults --seed 1 --build rv64 --cycles 200000)
