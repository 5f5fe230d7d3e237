# Runs SIM ARGS and requires exit status 1 with a MISMATCH report on standard error
# (-DEXPECT=TEXT: the report must also name TEXT, e.g. "RTL assertion").
execute_process(COMMAND ${SIM} ${ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status STREQUAL "1" OR NOT err MATCHES "MISMATCH at cycle")
  message(FATAL_ERROR "the injected bug was not caught: exit status ${status}\nstderr:\n${err}")
endif()
if(EXPECT AND NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "caught, but not by '${EXPECT}':\nstdout:\n${out}\nstderr:\n${err}")
endif()
message("caught as expected:\n${err}")
