# -DCLEAR=1: empty DIR (the fixture every coverage-writing test requires, so that each
# regression starts from an empty folder).
# Otherwise: merges every coverage file in DIR with COV (mmu_cov) into DIR/functional.txt
# and DIR/functional.html, leaving out the runs that failed, and fails unless every
# reachable bin reached its goal (per-entry bins for the TLB sizes in SIZES, e.g. 8,16).
if(CLEAR)
  file(REMOVE_RECURSE ${DIR})
  file(MAKE_DIRECTORY ${DIR})
  return()
endif()
file(GLOB runs ${DIR}/*.json)
if(NOT runs)
  message(FATAL_ERROR "no coverage files in ${DIR}: run the RTL tests first")
endif()
execute_process(COMMAND ${COV} --text ${DIR}/functional.txt --html ${DIR}/functional.html --fail-under 100
                        --tlb-sizes ${SIZES} ${runs}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "functional coverage: bins below their goal (see ${DIR}/functional.txt)")
endif()
