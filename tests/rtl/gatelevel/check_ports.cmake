# The netlist has the RTL's interface: the port declarations Verilator wrote for the
# netlist variant (VL_IN8(&clk_i,0,0); ...: name, direction, msb and lsb) are those it
# wrote for the RTL variant of the same configuration.
#   cmake -DRTL=Vmmu_rv64_t16.h -DNETLIST=Vmmu_rv64_t16.h -P check_ports.cmake
cmake_minimum_required(VERSION 3.25)
foreach(which RTL NETLIST)
  if(NOT EXISTS "${${which}}")
    message(FATAL_ERROR "${${which}} does not exist (build mmu_sim and mmu_sim_gl first)")
  endif()
  file(READ "${${which}}" text)
  string(REGEX MATCHALL "VL_(IN|OUT|INOUT)[0-9A-Z]*\\(&[A-Za-z0-9_]+,[0-9]+,[0-9]+\\)" ports_${which} "${text}")
  list(SORT ports_${which})
endforeach()
list(LENGTH ports_RTL n)
if(n EQUAL 0)
  message(FATAL_ERROR "no port declarations found in ${RTL}")
endif()
if(NOT ports_RTL STREQUAL ports_NETLIST)
  string(REPLACE ";" "\n  " rtl "${ports_RTL}")
  string(REPLACE ";" "\n  " netlist "${ports_NETLIST}")
  message(FATAL_ERROR "the netlist's ports differ from the RTL's\nRTL:\n  ${rtl}\nnetlist:\n  ${netlist}")
endif()
message(STATUS "${n} ports, same names, directions and widths")
