# mmu_sim --explain and the explanation in mismatch reports.
#   cmake -DSIM=mmu_sim "-DARGS=..." -DSTATUS=N "-DMATCH=RE1;RE2;..." [-DFILE=PATH] -P check_explain.cmake
# Runs SIM ARGS, which must exit with STATUS; each regular expression of MATCH must be
# found in what it printed (standard output and standard error), or in FILE when given
# (the --explain FILE it wrote, removed first and afterwards).
if(FILE)
  file(REMOVE "${FILE}")
endif()
execute_process(COMMAND ${SIM} ${ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status TIMEOUT 600)
set(text "${out}${err}")
if(FILE)
  if(NOT EXISTS "${FILE}")
    message(FATAL_ERROR "no explanation file ${FILE}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
  file(READ "${FILE}" text)
  file(REMOVE "${FILE}")
endif()
if(NOT status STREQUAL "${STATUS}")
  message(FATAL_ERROR "exit status ${status}, expected ${STATUS}\nstdout:\n${out}\nstderr:\n${err}")
endif()
foreach(re ${MATCH})
  if(NOT text MATCHES "${re}")
    string(SUBSTRING "${text}" 0 6000 head)
    message(FATAL_ERROR "not found: ${re}\nin:\n${head}")
  endif()
endforeach()
message("exit status ${status}; found: ${MATCH}")
