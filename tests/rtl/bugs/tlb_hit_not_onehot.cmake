# The TLB uses every matching entry instead of the lowest-numbered one: with a superpage
# filled over older 4 KiB entries, the hit vector is no longer one-hot. The RTL's own
# assertion fires at the lookup's edge, before any wrong answer reaches the scoreboard.
set(BUG_FILE mmu_tlb.sv)
set(BUG_FROM "assign hit_oh = lowest_one(match);")
set(BUG_TO   "assign hit_oh = match;")
set(BUG_ARGS --scenario ${PROJECT_SOURCE_DIR}/tests/scenarios/19_overlapping_entries.txt)
set(BUG_EXPECT "RTL assertion")
