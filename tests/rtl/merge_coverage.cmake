# Merges every coverage file in DIR with COV (mmu_cov) into DIR/functional.txt and
# DIR/functional.html; fails unless all reachable bins were hit.
file(GLOB runs ${DIR}/*.json)
if(NOT runs)
  message(FATAL_ERROR "no coverage files in ${DIR}: run the RTL tests first")
endif()
execute_process(COMMAND ${COV} --text ${DIR}/functional.txt --html ${DIR}/functional.html --fail-under 100 ${runs}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "functional coverage below 100% of the reachable bins (see ${DIR}/functional.txt)")
endif()
