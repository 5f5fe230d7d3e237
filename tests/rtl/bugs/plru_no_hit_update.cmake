# A hit no longer touches the PLRU: the refill victim differs from the model's.
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "assign plru_touch = fill_i || (lookup_commit_i && hit_o && !rewalk_o);")
set(BUG_TO   "assign plru_touch = fill_i;")
set(BUG_ARGS --test walks --seed 1 --build rv64 --cycles 200000)
