# The walker reads a PTE the PMP denies to S-mode: the next PTE address after a pointer
# is checked against the RAM window only (DESIGN.md "PMP": every PTE read is an S-mode
# read, denied -> access fault, no memory request).
set(BUG_FILE mmu_ptw.sv)
set(BUG_FROM "            if (pma_ok && pmp_ok) begin
              state_d = ReadPte;
              addr_d  = next_addr;")
set(BUG_TO   "            if (pma_ok) begin
              state_d = ReadPte;
              addr_d  = next_addr;")
set(BUG_ARGS --test pmp --seed 1 --build rv64 --cycles 20000)
