# sfence with an ASID also removes global entries (the spec keeps them).
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "(!use_asid || (!is_global && entry_asid == asid))")
set(BUG_TO   "(!use_asid || (entry_asid == asid))")
set(BUG_ARGS --test sfence --seed 1 --build rv64 --cycles 300000)
