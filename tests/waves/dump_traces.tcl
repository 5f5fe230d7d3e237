# GTKWave Tcl script (gtkwave -S): writes what the loaded save file shows, for
# check_filters.py. Environment: MMU_WAVE_DUMP the output file, MMU_WAVE_TIMES a file of
# sample times (one a line, in the waveform's time units).
#   TRACE <index> <flags> <name>      every trace, in display order
#   T <time>                          the marker moved to <time>
#   V <index> <value as shown>        each translated or enum trace at that time
set out [open $env(MMU_WAVE_DUMP) w]
set f [open $env(MMU_WAVE_TIMES) r]
set times [split [string trim [read $f]] "\n"]
close $f
set n [gtkwave::getTotalNumTraces]
set shown {}
for {set i 0} {$i < $n} {incr i} {
  set flags [gtkwave::getTraceFlagsFromIndex $i]
  puts $out "TRACE $i $flags [gtkwave::getTraceNameFromIndex $i]"
  # 0x2000 filter file, 0x4000 filter process, 1<<32 enum (Verilator's enum tables)
  if {($flags & 0x6000) != 0 || ($flags >> 32) & 1} { lappend shown $i }
}
foreach t $times {
  gtkwave::setMarker $t
  puts $out "T $t"
  foreach i $shown {
    puts $out "V $i [gtkwave::getTraceValueAtMarkerFromIndex $i]"
  }
}
close $out
gtkwave::/File/Quit
