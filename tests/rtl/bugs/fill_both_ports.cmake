# The instruction port's L1 takes every refill of the walker, the data port's walks
# included, not only its own port's (DESIGN.md: a refill goes to the owner's L1).
set(BUG_FILE mmu.sv)
set(BUG_FROM "    .fill_i            (fill && walker_busy[1]),")
set(BUG_TO   "    .fill_i            (fill),")
set(BUG_ARGS --test random --seed 1 --build rv64 --cycles 20000)
