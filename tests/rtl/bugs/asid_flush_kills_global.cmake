# sfence with an ASID also removes global entries (the spec keeps them).
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "(!use_asid || (!g_q[i] && asid_q[i] == asid))")
set(BUG_TO   "(!use_asid || (asid_q[i] == asid))")
set(BUG_ARGS --test sfence --seed 1 --build rv64 --cycles 300000)
