# An L1 miss that waited for the walker starts its walk with the ASID of the grant edge
# instead of the one it was accepted under (DESIGN.md: the CSR view of the acceptance edge).
set(BUG_FILE mmu_port.sv)
set(BUG_FROM "  assign miss_asid_o       = pend_q ? pend_asid_q       : satp_asid_i;")
set(BUG_TO   "  assign miss_asid_o       = satp_asid_i;")
set(BUG_ARGS --test races --seed 1 --build rv64 --cycles 200000)
