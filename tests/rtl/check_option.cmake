# mmu_sim's numeric options against their ranges (mmu_sim --help shows each range).
#   cmake -DSIM=mmu_sim -DOPTION=--cycles -P check_option.cmake
# Every bad value of OPTION (its own out-of-range ones and those of its kind: negative,
# fractional, hex, signed, blank, overflowing, nan...) must give exit status 2 and one
# line on standard error naming the option; its edge values must be accepted. Each run
# has --list, so a value taken by mistake ends the run at once instead of running it.
# tests/rtl/CMakeLists.txt includes this file for the table and adds one test per option.

# OPTION -> "KIND|bad values|edge values that must be accepted" (values space-separated).
set(mmu_numeric_options
  --seed --transactions --cycles --tlb-entries --mem-latency --backpressure --error-rate
  --wave-start --wave-stop --watchdog --sc-quantum --frames --asids --scale --inject-mismatch --trace-limit)
set(mmu_option--seed            "whole|18446744073709551616|0 18446744073709551615")
set(mmu_option--transactions    "whole|0 1099511627777|1 1099511627776")
set(mmu_option--cycles          "whole|0 1099511627777|1 1099511627776")
set(mmu_option--tlb-entries     "whole|0 1025|1 1024")
set(mmu_option--mem-latency     "latency|0 1001 0-3 5-3 1-1001 1- -3 1--3 1-2-3|1 1000 1-1000 7-7")
set(mmu_option--backpressure    "real|0.96 1 -0.1|0 0.95 5e-2 .5")
set(mmu_option--error-rate      "real|1.0000001 2 -0.1|0 1 1e-3 1.")
set(mmu_option--wave-start      "whole|1099511627777|0 1099511627776")
set(mmu_option--wave-stop       "whole|0 1099511627777|1 1099511627776")
set(mmu_option--watchdog        "whole|9 100000001|10 100000000")
set(mmu_option--sc-quantum      "whole|0 1025|1 1024")
set(mmu_option--frames          "whole|3 524289|4 524288")
set(mmu_option--asids           "whole|0 65536|1 65535")
set(mmu_option--scale           "whole|0 1001|1 1000")
set(mmu_option--inject-mismatch "whole|1099511627777|0 1099511627776")
set(mmu_option--trace-limit     "whole|0 1099511627777|1 1099511627776")

# Bad values of every option of a kind ("" and blanks included).
set(mmu_bad_whole -5 -1 -0 1.5 1e3 0x10 +7 " 7" "7 " abc nan 99999999999999999999999 "")
set(mmu_bad_real -5 -0 nan inf -inf abc 0x1p-2 +0.5 " 0.5" 0.5x 1e e3 . 1,5 "")
set(mmu_bad_latency -5 abc " 5" +5 1.5 0x10 "")

if(NOT CMAKE_SCRIPT_MODE_FILE)
  return()  # included for the table
endif()

if(NOT DEFINED mmu_option${OPTION})
  message(FATAL_ERROR "${OPTION} is not in the table of check_option.cmake")
endif()
string(REPLACE "|" ";" row "${mmu_option${OPTION}}")
list(GET row 0 kind)
list(GET row 1 bad)
list(GET row 2 good)
string(REPLACE " " ";" bad "${bad}")
string(REPLACE " " ";" good "${good}")
list(APPEND bad "${mmu_bad_${kind}}")
set(extra "")
if(OPTION MATCHES "^--wave-")
  set(extra --wave check_option.fst)  # --wave-start/--wave-stop need --wave (with --list nothing is written)
endif()

set(errors "")
foreach(v IN LISTS bad)
  execute_process(COMMAND ${SIM} --list ${extra} ${OPTION} "${v}" OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE status TIMEOUT 20)
  if(NOT status STREQUAL "2" OR NOT out STREQUAL "" OR NOT err MATCHES "^mmu_sim: error: ${OPTION}: [^\n]*\n$")
    string(APPEND errors "${OPTION} '${v}': want exit status 2 and one error line naming ${OPTION}; "
                         "got exit status ${status}, stderr: ${err}\n")
  else()
    string(STRIP "${err}" err)
    message("${OPTION} '${v}' -> ${err}")
  endif()
endforeach()
foreach(v IN LISTS good)
  execute_process(COMMAND ${SIM} --list ${extra} ${OPTION} "${v}" OUTPUT_QUIET ERROR_VARIABLE err
                  RESULT_VARIABLE status TIMEOUT 20)
  if(NOT status STREQUAL "0" OR NOT err STREQUAL "")
    string(APPEND errors "${OPTION} '${v}': want it accepted; got exit status ${status}, stderr: ${err}\n")
  else()
    message("${OPTION} '${v}' accepted")
  endif()
endforeach()
if(errors)
  message(FATAL_ERROR "${errors}")
endif()
