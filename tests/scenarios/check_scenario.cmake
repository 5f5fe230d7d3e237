# Runs SIM ARGS --scenario SCENARIO and compares one output stream with EXPECTED.
# -DSTATUS=N: the exit status required; -DSTREAM=stderr compares standard error
# (with the scenario's directory stripped, so messages read "NAME.txt:LINE: ...").
# -DCOVERAGE=FILE: the run's coverage file, marked as a failed run when the check fails
# (so that the merge leaves it out).
separate_arguments(args UNIX_COMMAND "${ARGS}")
macro(fail text)
  if(COVERAGE AND EXISTS "${COVERAGE}")
    file(READ "${COVERAGE}" json)
    string(REPLACE "\"passed\": true" "\"passed\": false" json "${json}")
    file(WRITE "${COVERAGE}" "${json}")
  endif()
  message(FATAL_ERROR "${text}")
endmacro()
execute_process(COMMAND ${SIM} ${args} --scenario ${SCENARIO}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status STREQUAL "${STATUS}")
  fail("exit status ${status}, expected ${STATUS}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(STREAM STREQUAL "stderr")
  get_filename_component(dir ${SCENARIO} DIRECTORY)
  string(REPLACE "${dir}/" "" got "${err}")
else()
  set(got "${out}")
endif()
file(READ ${EXPECTED} want)
if(NOT got STREQUAL want)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/got.txt "${got}")
  execute_process(COMMAND diff -u ${EXPECTED} ${CMAKE_CURRENT_BINARY_DIR}/got.txt OUTPUT_VARIABLE diff)
  fail("output differs from ${EXPECTED}:\n${diff}\nstderr:\n${err}")
endif()
