# sfence with an ASID also removes global entries (the spec keeps them).
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "(!flush_use_asid_i || (!g_q[i] && asid_q[i] == flush_asid_i))")
set(BUG_TO   "(!flush_use_asid_i || (asid_q[i] == flush_asid_i))")
set(BUG_ARGS --test sfence --seed 1 --build rv64 --cycles 300000)
