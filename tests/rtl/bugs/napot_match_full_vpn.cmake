# Svnapot: a NAPOT TLB entry compares VPN[3:0] like a 4 KiB entry, so it covers only the
# page that walked; another page of the 64 KiB (which has no PTE of its own in the
# scenario) misses and walks to a page fault instead of hitting.
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "if (entry_napot) compared[3:0] = '0;")
set(BUG_TO   "if (1'b0) compared[3:0] = '0;")
set(BUG_ARGS --scenario ${PROJECT_SOURCE_DIR}/tests/scenarios/28_svnapot.txt)
