# S-mode reaches user pages whatever SUM says (the permission rule drops SUM). The
# report's explanation (the model's) must name the rule the RTL broke.
set(BUG_FILE mmu_perm.sv)
set(BUG_FROM "(!u_i || (sum_i && !is_fetch))")
set(BUG_TO   "(!u_i || (!is_fetch))")
set(BUG_ARGS --scenario ${PROJECT_SOURCE_DIR}/tests/scenarios/07_user_sum.txt)
set(BUG_EXPECT "result: page fault, cause 13 \\(load page fault\\): SUM rule")
