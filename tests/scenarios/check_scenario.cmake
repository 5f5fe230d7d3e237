# Runs SIM ARGS --scenario SCENARIO and compares one output stream with EXPECTED.
# -DSTATUS=N: the exit status required; -DSTREAM=stderr compares standard error
# (with the scenario's directory stripped, so messages read "NAME.txt:LINE: ...").
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${SIM} ${args} --scenario ${SCENARIO}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status STREQUAL "${STATUS}")
  message(FATAL_ERROR "exit status ${status}, expected ${STATUS}\nstdout:\n${out}\nstderr:\n${err}")
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
  message(FATAL_ERROR "output differs from ${EXPECTED}:\n${diff}\nstderr:\n${err}")
endif()
