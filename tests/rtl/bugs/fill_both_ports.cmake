# A walk's refill goes into both ports' L1s, not only the L1 of the port that missed.
set(BUG_FILE mmu.sv)
set(BUG_FROM "      .fill_i            (fill && walker_busy[p]),")
set(BUG_TO   "      .fill_i            (fill),")
set(BUG_ARGS --test random --seed 1 --build rv64 --cycles 20000)
