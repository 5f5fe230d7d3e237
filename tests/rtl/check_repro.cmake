# The reproduce line of a failure must run as printed and reproduce it.
#   cmake -DSIM=mmu_sim "-DARGS=..." -DWAVES=<source>/waves [-DEXPECT=MISMATCH] [-DWHAT=TEXT] -P check_repro.cmake
# Runs SIM ARGS, which must fail: exit status 1 and a "MISMATCH at cycle N" report (or,
# unless EXPECT=MISMATCH, a workload's "FAILED at cycle N"). Then it takes the
# "reproduce:" line from standard error and runs it with sh exactly as printed. That run
# must fail with the same report: same cycle, expected, seen, and the same reproduce line
# (waveform lines aside). When the line has --wave NAME, the waveform must have been
# written (WAVES/NAME for a bare name) and hold the last cycle simulated (checked with
# fst2vcd when it is installed); when it has none, the report must say why.

function(fail msg)
  message(FATAL_ERROR "${msg}")
endfunction()

# stderr without the "  waveform: PATH" line: what two runs of one failure share.
function(report_of err out)
  string(REGEX REPLACE "  waveform: [^\n]*\n" "" r "${err}")
  set(${out} "${r}" PARENT_SCOPE)
endfunction()

if(NOT EXPECT)
  set(EXPECT "MISMATCH|FAILED")
endif()

# 1. The failure.
execute_process(COMMAND ${SIM} ${ARGS} OUTPUT_QUIET ERROR_VARIABLE err1 RESULT_VARIABLE status1 TIMEOUT 600)
if(NOT status1 STREQUAL "1" OR NOT err1 MATCHES "mmu_sim: (${EXPECT}) at cycle ([0-9]+)")
  fail("expected exit status 1 and a ${EXPECT} report, got exit status ${status1}\nstderr:\n${err1}")
endif()
set(cycle ${CMAKE_MATCH_2})
set(last ${cycle})  # the last cycle simulated: a mismatch stops in its cycle, "FAILED at cycle N" after N cycles
if(CMAKE_MATCH_1 STREQUAL "FAILED")
  math(EXPR last "${cycle} - 1")
endif()
if(NOT err1 MATCHES "\n  reproduce: ([^\n]*)\n")
  fail("no reproduce line\nstderr:\n${err1}")
endif()
set(line "${CMAKE_MATCH_1}")
# -DWHAT=TEXT: the report must also name TEXT (e.g. "RTL assertion": caught by the RTL's
# own assertion, not only by the scoreboard).
if(WHAT AND NOT err1 MATCHES "${WHAT}")
  fail("caught, but not by '${WHAT}'\nstderr:\n${err1}")
endif()
message("failed at cycle ${cycle} as expected; reproduce line:\n  ${line}")

# 2. Where the waveform of the reproduce run goes; an old one is removed first.
set(wave "")
if(line MATCHES " --wave ([^ ]+)")
  set(name "${CMAKE_MATCH_1}")
  if(name MATCHES "/")
    fail("the reproduce line's waveform is not a bare name (it would depend on the directory): ${name}")
  endif()
  set(wave "${WAVES}/${name}")
  file(REMOVE "${wave}")
elseif(NOT err1 MATCHES "\\(no --wave: no traced RTL variant")
  fail("the reproduce line has no --wave and the report does not say why\nstderr:\n${err1}")
endif()

# 3. The reproduce line, exactly as printed.
execute_process(COMMAND sh -c "${line}" OUTPUT_QUIET ERROR_VARIABLE err2 RESULT_VARIABLE status2 TIMEOUT 600)
report_of("${err1}" report1)
report_of("${err2}" report2)
if(NOT status2 STREQUAL "1" OR NOT report1 STREQUAL report2)
  fail("the reproduce line did not reproduce the failure (exit status ${status2})\n"
       "first run:\n${err1}\nreproduce run:\n${err2}")
endif()
message("reproduced: exit status 1, same report, same reproduce line")

# 4. Its waveform: written where the report says, holding the failing cycle.
if(wave)
  string(FIND "${err2}" "\n  waveform: ${wave}\n" at)
  if(at EQUAL -1)
    fail("the reproduce run does not name its waveform ${wave}\nstderr:\n${err2}")
  endif()
  if(NOT EXISTS "${wave}")
    fail("no waveform ${wave}")
  endif()
  file(SIZE "${wave}" size)
  if(size EQUAL 0)
    fail("empty waveform ${wave}")
  endif()
  find_program(FST2VCD fst2vcd)
  if(FST2VCD)
    execute_process(COMMAND ${FST2VCD} -f "${wave}" OUTPUT_VARIABLE vcd RESULT_VARIABLE vcd_status)
    math(EXPR t "${last} * 10")  # 10 ns per cycle
    string(FIND "${vcd}" "\n#${t}\n" at)
    if(NOT vcd_status STREQUAL "0" OR at EQUAL -1)
      fail("the waveform ${wave} does not reach the last cycle ${last} (time ${t} ns)")
    endif()
    message("waveform ${wave}: ${size} bytes, holds cycle ${last}")
  else()
    message("waveform ${wave}: ${size} bytes (fst2vcd not installed: contents not checked)")
  endif()
  file(REMOVE "${wave}")
endif()
