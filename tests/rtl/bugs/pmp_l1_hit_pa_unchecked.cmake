# An L1 hit answers with a PA the PMP denies: the port checks only untranslated PAs
# (DESIGN.md "PMP": the translated PA of every response is checked, TLBs hold no PMP
# result).
set(BUG_FILE mmu_port.sv)
set(BUG_FROM "assign pmp_checked = (tlb_serve && !tlb_fault) || (rsp_bare && !rsp_bare_fault);")
set(BUG_TO   "assign pmp_checked = rsp_bare && !rsp_bare_fault;")
set(BUG_ARGS --test pmp --seed 1 --build rv64 --cycles 20000)
