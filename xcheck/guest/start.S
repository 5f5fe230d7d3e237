/* xcheck guest: start-up, the trap handler and the access routines.
   Every trap goes to M-mode (medeleg = 0) and lands in xc_trap, which records mcause,
   mtval, mepc, a3 and mstatus, clears mstatus.MPRV, restores the registers saved by the access
   routine that was running, and returns from that routine with a0 = 1. */
#if __riscv_xlen == 64
#define SREG sd
#define LREG ld
#define RB 8
#else
#define SREG sw
#define LREG lw
#define RB 4
#endif
#define MSTATUS_MPRV (1 << 17)

  .section .text.init
  .globl _start
_start:
  la sp, _stack_top
  la t0, xc_trap
  csrw mtvec, t0
  /* zero .bss (the loader does not) */
  la t0, _bss_start
  la t1, _stack_top
1:bgeu t0, t1, 2f
  sb zero, 0(t0)
  addi t0, t0, 1
  j 1b
2:call guest_main
3:j 3b

/* Saves the callee-saved registers, sp and ra into xc_ctx. */
.macro SAVE_CTX
  la t0, xc_ctx
  SREG ra, 0*RB(t0)
  SREG sp, 1*RB(t0)
  SREG gp, 2*RB(t0)
  SREG tp, 3*RB(t0)
  SREG s0, 4*RB(t0)
  SREG s1, 5*RB(t0)
  SREG s2, 6*RB(t0)
  SREG s3, 7*RB(t0)
  SREG s4, 8*RB(t0)
  SREG s5, 9*RB(t0)
  SREG s6, 10*RB(t0)
  SREG s7, 11*RB(t0)
  SREG s8, 12*RB(t0)
  SREG s9, 13*RB(t0)
  SREG s10, 14*RB(t0)
  SREG s11, 15*RB(t0)
.endm

  .text
  .balign 4
/* int xc_load(ureg va, ureg mprv): lw from va; mprv is MSTATUS_MPRV (translate as MPP)
   or 0 (M-mode, untranslated). The word read goes to xc_value. */
  .globl xc_load
xc_load:
  SAVE_CTX
  csrs mstatus, a1
  lw t1, 0(a0)
  csrc mstatus, a1
  la t0, xc_value
  SREG t1, 0(t0)
  li a0, 0
  ret

/* int xc_store(ureg va, ureg mprv, ureg value): sw value to va. */
  .globl xc_store
xc_store:
  SAVE_CTX
  csrs mstatus, a1
  sw a2, 0(a0)
  csrc mstatus, a1
  li a0, 0
  ret

/* int xc_load_mret(ureg va, ureg mprv, ureg exit_va) and xc_store_mret(va, mprv,
   exit_va, value): the same access, but MPRV is then cleared the way an mret to a
   lower privilege clears it (no CSR write): mret to exit_va, whose fetch traps back.
   The word loaded is left in a3 (xc_trap saves a3 in xc_trapinfo[3]). */
  .globl xc_load_mret
xc_load_mret:
  SAVE_CTX
  csrs mstatus, a1
  lw a3, 0(a0)
  csrw mepc, a2
  mret
  .globl xc_store_mret
xc_store_mret:
  SAVE_CTX
  csrs mstatus, a1
  sw a3, 0(a0)
  csrw mepc, a2
  mret

/* int xc_fetch_m(ureg va): jump to va in M-mode. Returns only through a trap. */
  .globl xc_fetch_m
xc_fetch_m:
  SAVE_CTX
  jr a0

/* int xc_fetch_lower(ureg va): mret to va with the MPP already set (S or U).
   Returns only through a trap. */
  .globl xc_fetch_lower
xc_fetch_lower:
  SAVE_CTX
  csrw mepc, a0
  mret

  .balign 4
  .globl xc_trap
xc_trap:
  li t0, MSTATUS_MPRV
  csrrc t1, mstatus, t0            /* t1: mstatus as the trap left it */
  la t0, xc_trapinfo
  SREG t1, 4*RB(t0)
  csrr t1, mcause
  SREG t1, 0*RB(t0)
  csrr t1, mtval
  SREG t1, 1*RB(t0)
  csrr t1, mepc
  SREG t1, 2*RB(t0)
  SREG a3, 3*RB(t0)
  la t0, xc_ctx
  LREG ra, 0*RB(t0)
  LREG sp, 1*RB(t0)
  LREG gp, 2*RB(t0)
  LREG tp, 3*RB(t0)
  LREG s0, 4*RB(t0)
  LREG s1, 5*RB(t0)
  LREG s2, 6*RB(t0)
  LREG s3, 7*RB(t0)
  LREG s4, 8*RB(t0)
  LREG s5, 9*RB(t0)
  LREG s6, 10*RB(t0)
  LREG s7, 11*RB(t0)
  LREG s8, 12*RB(t0)
  LREG s9, 13*RB(t0)
  LREG s10, 14*RB(t0)
  LREG s11, 15*RB(t0)
  li a0, 1
  ret

/* int xc_csr_write(ureg csr_id, ureg value): for CSRs that may not exist (menvcfg):
   returns 1 when the write traps. */
  .globl xc_write_menvcfg
xc_write_menvcfg:
  SAVE_CTX
  csrw 0x30a, a0
  li a0, 0
  ret
  .globl xc_read_menvcfg
xc_read_menvcfg:
  SAVE_CTX
  csrr t1, 0x30a
  la t0, xc_value
  SREG t1, 0(t0)
  li a0, 0
  ret
#if __riscv_xlen == 32
  .globl xc_write_menvcfgh
xc_write_menvcfgh:
  SAVE_CTX
  csrw 0x31a, a0
  li a0, 0
  ret
  .globl xc_read_menvcfgh
xc_read_menvcfgh:
  SAVE_CTX
  csrr t1, 0x31a
  la t0, xc_value
  SREG t1, 0(t0)
  li a0, 0
  ret
#endif

  .bss
  .balign 16
  .globl xc_ctx, xc_trapinfo, xc_value
xc_ctx: .space 16*RB
xc_trapinfo: .space 5*RB
xc_value: .space RB
