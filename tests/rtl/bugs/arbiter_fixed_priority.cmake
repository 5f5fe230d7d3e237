# The arbiter always favours the data port: when both ports' L1 misses want the free
# walker, the instruction port's waits again (DESIGN.md: round-robin, the port not
# granted last goes first).
set(BUG_FILE mmu.sv)
set(BUG_FROM "      favour_q <= !grant[1];")
set(BUG_TO   "      favour_q <= 1'b0;")
set(BUG_ARGS --test random --seed 1 --build rv64 --cycles 20000)
