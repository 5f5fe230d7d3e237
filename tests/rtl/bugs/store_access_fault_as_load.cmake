# A store whose walk gets a bus error reports a load access fault (5) instead of 7.
set(BUG_FILE mmu.sv)
set(BUG_FROM "2'd2:    cause = access ? 4'd7 : 4'd15;")
set(BUG_TO   "2'd2:    cause = access ? 4'd5 : 4'd15;")
set(BUG_ARGS --test buserr --seed 1 --build rv64 --cycles 200000)
