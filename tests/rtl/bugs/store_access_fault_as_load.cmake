# A store whose walk gets a bus error reports a load access fault (5) instead of 7.
set(BUG_FILE mmu_port.sv)
set(BUG_FROM "default:           cause = access ? mmu_pkg::CauseStoreAccess")
set(BUG_TO   "default:           cause = access ? mmu_pkg::CauseLoadAccess")
set(BUG_ARGS --test buserr --seed 1 --build rv64 --cycles 200000)
