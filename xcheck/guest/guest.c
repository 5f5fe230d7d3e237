/* xcheck guest: plays an op list (made by xcheck.py from scenario files) on the
   hart's own paging hardware and prints one line per access or peek in mmu_sim's
   format on the UART. Freestanding, M-mode; see xcheck/README.md for the scheme. */
#include <stdint.h>

typedef unsigned long ureg; /* XLEN bits */

#define UART ((volatile uint8_t *)0x10000000UL)
#define TESTDEV ((volatile uint32_t *)0x100000UL)
#define OPS ((volatile uint64_t *)0x91000000UL)

/* The tagged region: every 4-byte word holds tag(its own address). */
#define D_BASE 0x88000000UL
#define D_SIZE 0x01000000UL
/* The page-table region: scanned for a stray store. */
#define T_BASE 0x80000000UL
#define T_SIZE 0x08000000UL
/* QEMU RAM the guest may touch on a scenario's behalf (the guest itself lives above). */
#define RAM_LO 0x80000000UL
#define RAM_HI 0x90000000UL

#define MSTATUS_MPP (3UL << 11)
#define MSTATUS_MPRV (1UL << 17)
#define MSTATUS_SUM (1UL << 18)
#define MSTATUS_MXR (1UL << 19)

enum {
  OP_END_LIST = 0, OP_BEGIN = 1, OP_END = 2, OP_SATP = 4, OP_SUM = 5, OP_MXR = 6,
  OP_AD = 7, OP_MEM = 8, OP_RETAG = 10, OP_SFENCE = 11, OP_ACCESS = 12, OP_PEEK = 13,
  OP_SKIP = 14, OP_MARK = 15, OP_PBMTE = 16, OP_PMP = 17, OP_SINVAL = 18, OP_SFENCE_W_INVAL = 19,
  OP_SFENCE_INVAL_IR = 20
};
enum { K_FETCH = 0, K_LOAD = 1, K_STORE = 2 };

extern int xc_load(ureg va, ureg mprv);
extern int xc_store(ureg va, ureg mprv, ureg value);
extern int xc_load_mret(ureg va, ureg mprv, ureg exit_va);
extern int xc_store_mret(ureg va, ureg mprv, ureg exit_va, ureg value);
extern int xc_fetch_m(ureg va);
extern int xc_fetch_lower(ureg va);
extern int xc_write_menvcfg(ureg v);
extern int xc_read_menvcfg(void);
#if __riscv_xlen == 32
extern int xc_write_menvcfgh(ureg v);
extern int xc_read_menvcfgh(void);
#endif
extern volatile ureg xc_trapinfo[5]; /* mcause, mtval, mepc, a3, mstatus */
extern volatile ureg xc_value;

#define csr_read(csr) ({ ureg v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((ureg)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"((ureg)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"((ureg)(v)) : "memory")

static void putch(char c) {
  while (!(UART[5] & 0x20)) {
  }
  UART[0] = (uint8_t)c;
}
static void puts_(const char *s) {
  while (*s) putch(*s++);
}
static void puthex(uint64_t v) {
  char buf[20];
  int n = 0;
  puts_("0x");
  do {
    buf[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  while (n) putch(buf[--n]);
}
static void putdec(unsigned v) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putch(buf[--n]);
}

static void finish(unsigned code) {
  *TESTDEV = code ? ((code << 16) | 0x3333) : 0x5555;
  for (;;) {
  }
}

/* tag(P): two 16-bit halves 100xxxxxxxxxxx00, each a reserved compressed encoding
   (so a stray fetch traps at once) and with bit 0 clear (an invalid PTE, like zero). */
static uint32_t tag_of(ureg pa) {
  const uint32_t i = (uint32_t)((pa - D_BASE) >> 2);
  return ((0x8000u | ((i >> 11) & 0x7ff) << 2) << 16) | (0x8000u | (i & 0x7ff) << 2);
}
static int untag(uint32_t v, ureg *pa) {
  if ((v & 0xe003e003u) != 0x80008000u) return 0;
  const uint32_t i = ((v >> 2) & 0x7ff) | (((v >> 18) & 0x7ff) << 11);
  *pa = D_BASE + ((ureg)i << 2);
  return 1;
}
/* Fetch marker at P: custom-0 (illegal on QEMU's generic harts) carrying P's index. */
static uint32_t marker_of(ureg pa) { return (uint32_t)(((pa - D_BASE) >> 2) << 7) | 0x0b; }
static int unmark(ureg tval, ureg *pa) {
  if ((tval & 0x7f) != 0x0b || ((uint64_t)tval >> 32) != 0) return 0;
  *pa = D_BASE + (((tval & 0xffffffffUL) >> 7) << 2);
  return *pa < D_BASE + D_SIZE;
}
static int in_d(uint64_t pa) { return pa >= D_BASE && pa < D_BASE + D_SIZE; }
static int in_ram(uint64_t pa) { return pa >= RAM_LO && pa < RAM_HI; }

static volatile uint32_t *word(ureg pa) { return (volatile uint32_t *)pa; }

static void fill_tags(void) {
  for (ureg p = D_BASE; p < D_BASE + D_SIZE; p += 4) *word(p) = tag_of(p);
}

static ureg satp_written;
/* mstatus.MPRV as an mret exit's trap found it (QEMU 7.2 leaves it set, quirk). */
static ureg lingering_mprv;
static unsigned ad_hw = 0;

/* Writes MPP only when it changes: QEMU flushes its TLB on any mstatus write that
   changes MPP, MPRV, SUM or MXR. */
static void set_mpp(unsigned priv) {
  const ureg m = csr_read(mstatus);
  const ureg n = (m & ~MSTATUS_MPP) | ((ureg)priv << 11);
  if (n != m) csr_write(mstatus, n);
}
/* An address whose fetch traps at once in S/U: non-canonical in Sv39/Sv48, beyond
   RAM otherwise. */
#if __riscv_xlen == 64
#define EXIT_VA 0x8000000000000000UL
#else
#define EXIT_VA 0xfffff000UL
#endif

static const char *kind_name(unsigned k) { return k == K_FETCH ? "fetch" : k == K_LOAD ? "load" : "store"; }

/* Finds the nonce after a store that did not land on the predicted word. */
static int find_nonce(uint32_t nonce, ureg *where) {
  for (ureg p = D_BASE; p < D_BASE + D_SIZE; p += 4)
    if (*word(p) == nonce) { *where = p; return 1; }
  for (ureg p = T_BASE; p < T_BASE + T_SIZE; p += 4)
    if (*word(p) == nonce) { *where = p; return 1; }
  return 0;
}

static void print_trap(void) {
  puts_(" cause ");
  putdec((unsigned)xc_trapinfo[0]);
  puts_(" tval ");
  puthex(xc_trapinfo[1]);
  puts_(" epc ");
  puthex(xc_trapinfo[2]);
}

static void access(unsigned kind, unsigned priv, ureg va, int has_hint, uint64_t hint, int has_hint2, uint64_t hint2,
                   uint32_t nonce, int mret_exit, int keep_mprv) {
  const ureg a = va & ~(ureg)3;
  const ureg off = va & 3;
  /* keep_mprv: an M-mode access runs with the MPRV that an earlier mret exit left set,
     as M-mode code that does not clear it would (MPP is then what the trap left). */
  const ureg mprv = priv != 3 ? MSTATUS_MPRV : (keep_mprv ? lingering_mprv : 0);
  if (priv != 3) lingering_mprv = 0;
  int trapped;
  ureg pa = 0;
  int known = 0;
  uint32_t saved = 0;
  const int hint_d = has_hint && in_d(hint);
  const int hint_ram = has_hint && in_ram(hint);
  const ureg hint_w = (ureg)hint & ~(ureg)3;
  /* a second prediction (the model with `ad hw` and an sfence before every access) */
  const ureg hint2_w = (ureg)hint2 & ~(ureg)3;
  const int hint2_d = has_hint2 && in_d(hint2) && hint2_w != hint_w;
  const int hint2_ram = has_hint2 && in_ram(hint2) && hint2_w != hint_w;
  uint32_t saved2 = 0;

  if (priv != 3) set_mpp(priv);
  xc_trapinfo[0] = xc_trapinfo[1] = xc_trapinfo[2] = 0;
  mret_exit = mret_exit && priv != 3 && kind != K_FETCH;
  if (kind == K_LOAD && mret_exit) {
    trapped = xc_load_mret(a, mprv, EXIT_VA);
    if (xc_trapinfo[4] & MSTATUS_MPRV) { puts_("note MPRV still set after an mret to S/U\n"); lingering_mprv = MSTATUS_MPRV; }
    if (xc_trapinfo[2] == EXIT_VA) { /* the load succeeded; its exit fetch trapped */
      trapped = 0;
      known = untag((uint32_t)xc_trapinfo[3], &pa);
      xc_value = xc_trapinfo[3];
    }
  } else if (kind == K_LOAD) {
    trapped = xc_load(a, mprv);
    if (!trapped) known = untag((uint32_t)xc_value, &pa);
  } else if (kind == K_STORE) {
    if (hint_ram) saved = *word(hint_w);
    if (hint2_ram) saved2 = *word(hint2_w);
    if (mret_exit) {
      trapped = xc_store_mret(a, mprv, EXIT_VA, nonce);
      if (xc_trapinfo[4] & MSTATUS_MPRV) { puts_("note MPRV still set after an mret to S/U\n"); lingering_mprv = MSTATUS_MPRV; }
      if (xc_trapinfo[2] == EXIT_VA) trapped = 0;
    } else {
      trapped = xc_store(a, mprv, nonce);
    }
    if (!trapped) {
      if (hint_ram && *word(hint_w) == nonce) {
        known = 1;
        pa = hint_w;
      } else if (hint2_ram && *word(hint2_w) == nonce) {
        known = 1;
        pa = hint2_w;
      } else {
        known = find_nonce(nonce, &pa);
      }
      if (hint_ram) *word(hint_w) = saved;
      if (hint2_ram) *word(hint2_w) = saved2;
      if (known && in_d(pa)) *word(pa) = tag_of(pa);
    }
  } else {
    if (hint_d) *word(hint_w) = marker_of(hint_w);
    if (hint2_d) *word(hint2_w) = marker_of(hint2_w);
    __asm__ volatile("fence.i" ::: "memory");
    trapped = priv == 3 ? xc_fetch_m(a) : xc_fetch_lower(a);
    if (hint_d) *word(hint_w) = tag_of(hint_w);
    if (hint2_d) *word(hint2_w) = tag_of(hint2_w);
    __asm__ volatile("fence.i" ::: "memory");
    if (trapped && xc_trapinfo[0] == 2 && unmark(xc_trapinfo[1], &pa)) {
      known = 1;
      trapped = 0;
    }
  }
  puts_(kind_name(kind));
  putch(' ');
  puthex(va);
  const ureg cause = xc_trapinfo[0];
  const int fault_cause = cause == 1 || cause == 5 || cause == 7 || cause == 12 || cause == 13 || cause == 15;
  if (trapped && fault_cause) {
    puts_(" fault ");
    putdec((unsigned)cause);
    if (xc_trapinfo[1] != a) {
      puts_(" tval ");
      puthex(xc_trapinfo[1]);
    }
  } else if (trapped) {
    puts_(" ok ?");
    print_trap();
  } else if (known) {
    puts_(" ok ");
    puthex(pa + off);
  } else {
    puts_(" ok ? value ");
    puthex(kind == K_LOAD ? (uint32_t)xc_value : 0);
  }
  putch('\n');
}

static void sfence(unsigned flags, ureg va, ureg asid) {
  switch (flags & 3) {
    case 0: __asm__ volatile("sfence.vma" ::: "memory"); break;
    case 1: __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); break;
    case 2: __asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory"); break;
    default: __asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory"); break;
  }
}

/* Svadu's enable, menvcfg.ADUE (bit 61; rv32: menvcfgh bit 29), where QEMU has it. */
static void set_ad(unsigned hw) {
  ad_hw = hw;
#if __riscv_xlen == 64
  const ureg bit = 1UL << 61;
  if (xc_read_menvcfg()) { puts_("note menvcfg absent\n"); return; }
  const ureg v = hw ? (xc_value | bit) : (xc_value & ~bit);
  if (xc_write_menvcfg(v)) { puts_("note menvcfg write traps\n"); return; }
  xc_read_menvcfg();
  if ((xc_value & bit) != (v & bit)) { puts_("note menvcfg.ADUE reads "); puthex(xc_value); putch('\n'); }
#else
  const ureg bit = 1UL << 29;
  if (xc_read_menvcfgh()) { puts_("note menvcfgh absent\n"); return; }
  const ureg v = hw ? (xc_value | bit) : (xc_value & ~bit);
  if (xc_write_menvcfgh(v)) { puts_("note menvcfgh write traps\n"); return; }
  xc_read_menvcfgh();
  if ((xc_value & bit) != (v & bit)) { puts_("note menvcfgh.ADUE reads "); puthex(xc_value); putch('\n'); }
#endif
}

/* PMP entry i: pmpaddr i, then its byte of pmpcfg (read-modify-write of the pmpcfg CSR
   that holds it: rv64 pmpcfg0/2, eight entries each; rv32 pmpcfg0..3, four each). The
   CSR number must be an immediate, hence the switches. A write to a locked entry is
   ignored by the hart; the guest reads both back and notes a difference. */
#define PMP_ADDR_CASE(n) case n: csr_write(pmpaddr##n, a); r = csr_read(pmpaddr##n); break;
static ureg pmpaddr_write(unsigned i, ureg a) {
  ureg r = 0;
  switch (i) {
    PMP_ADDR_CASE(0) PMP_ADDR_CASE(1) PMP_ADDR_CASE(2) PMP_ADDR_CASE(3)
    PMP_ADDR_CASE(4) PMP_ADDR_CASE(5) PMP_ADDR_CASE(6) PMP_ADDR_CASE(7)
    PMP_ADDR_CASE(8) PMP_ADDR_CASE(9) PMP_ADDR_CASE(10) PMP_ADDR_CASE(11)
    PMP_ADDR_CASE(12) PMP_ADDR_CASE(13) PMP_ADDR_CASE(14) PMP_ADDR_CASE(15)
    default: break;
  }
  return r;
}
#define PMP_CFG_CASE(n) case n: v = csr_read(pmpcfg##n); v = (v & ~m) | ((ureg)cfg << sh); csr_write(pmpcfg##n, v); r = csr_read(pmpcfg##n); break;
static unsigned pmpcfg_write(unsigned i, unsigned cfg) {
  const unsigned per = __riscv_xlen / 8;
  const unsigned sh = (i % per) * 8;
  const ureg m = (ureg)0xff << sh;
  ureg v, r = 0;
#if __riscv_xlen == 64
  switch (i / per * 2) {
    PMP_CFG_CASE(0) PMP_CFG_CASE(2)
    default: break;
  }
#else
  switch (i / per) {
    PMP_CFG_CASE(0) PMP_CFG_CASE(1) PMP_CFG_CASE(2) PMP_CFG_CASE(3)
    default: break;
  }
#endif
  return (unsigned)((r >> sh) & 0xff);
}
static void pmp_set(unsigned i, unsigned cfg, ureg addr, int quiet) {
  const ureg ra = pmpaddr_write(i, addr);
  const unsigned rc = pmpcfg_write(i, cfg);
  if (quiet || (ra == addr && rc == cfg)) return;
  puts_("note pmp ");
  putdec(i);
  puts_(" cfg ");
  puthex(cfg);
  puts_(" addr ");
  puthex(addr);
  puts_(" reads cfg ");
  puthex(rc);
  puts_(" addr ");
  puthex(ra);
  putch('\n');
}
/* The project's default PMP view: entries 0..14 off, entry 15 NAPOT over everything,
   RWX, unlocked (S/U may touch all memory). Locked entries keep what they have. */
static void pmp_default(void) {
  for (unsigned i = 0; i < 15; i++) pmp_set(i, 0, 0, 1);
  pmp_set(15, 0x1f, ~(ureg)0, 1);
}

/* menvcfg.PBMTE (bit 62, rv64 only). */
static void set_pbmte(unsigned on) {
#if __riscv_xlen == 64
  const ureg bit = 1UL << 62;
  if (xc_read_menvcfg()) { puts_("note menvcfg absent\n"); return; }
  const ureg v = on ? (xc_value | bit) : (xc_value & ~bit);
  if (xc_write_menvcfg(v)) { puts_("note menvcfg write traps\n"); return; }
  xc_read_menvcfg();
  if ((xc_value & bit) != (v & bit)) { puts_("note menvcfg.PBMTE reads "); puthex(xc_value); putch('\n'); }
#else
  (void)on;
  puts_("note pbmte on rv32\n");
#endif
}

/* Svinval (encoded with .insn: the assembler need not know the extension). */
static void sinval(unsigned flags, ureg va, ureg asid) {
  const ureg rs1 = (flags & 1) ? va : 0, rs2 = (flags & 2) ? asid : 0;
  switch (flags & 3) {
    case 0: __asm__ volatile(".insn r 0x73, 0, 0x0b, x0, x0, x0" ::: "memory"); break;
    case 1: __asm__ volatile(".insn r 0x73, 0, 0x0b, x0, %0, x0" ::"r"(rs1) : "memory"); break;
    case 2: __asm__ volatile(".insn r 0x73, 0, 0x0b, x0, x0, %0" ::"r"(rs2) : "memory"); break;
    default: __asm__ volatile(".insn r 0x73, 0, 0x0b, x0, %0, %1" ::"r"(rs1), "r"(rs2) : "memory"); break;
  }
}

static void reset_state(void) {
  lingering_mprv = 0;
  csr_write(satp, 0);
  csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPRV);
  pmp_default();
#if __riscv_xlen == 64
  if (!xc_read_menvcfg() && (xc_value & (1UL << 62))) xc_write_menvcfg(xc_value & ~(1UL << 62));
#endif
  __asm__ volatile("sfence.vma" ::: "memory");
}

void guest_main(void) {
  /* PMP: the project's default view (entry 15 NAPOT over everything, RWX). */
  pmp_default();
  csr_write(medeleg, 0);
  csr_write(mideleg, 0);
  csr_write(mie, 0);
  fill_tags();
  puts_("xcheck guest rv");
  putdec(__riscv_xlen);
  puts_(" ready\n");

  unsigned pc = 0;
  for (;;) {
    const uint64_t w = OPS[pc++];
    const unsigned op = w & 0xff, sub = (w >> 8) & 0xff, priv = (w >> 16) & 0xff, flags = (w >> 24) & 0xff;
    const uint32_t nonce = (uint32_t)(w >> 32);
    switch (op) {
      case OP_END_LIST:
        puts_("xcheck guest done\n");
        finish(0);
        break;
      case OP_BEGIN:
        reset_state();
        puts_("=== begin ");
        putdec((unsigned)OPS[pc++]);
        putch('\n');
        break;
      case OP_END:
        reset_state();
        puts_("=== end\n");
        break;
      case OP_SATP: {
        const ureg v = (ureg)OPS[pc++];
        csr_write(satp, v);
        satp_written = v;
        const ureg r = csr_read(satp);
        if (r != v) { puts_("note satp "); puthex(v); puts_(" reads "); puthex(r); putch('\n'); }
        break;
      }
      case OP_SUM: if (sub) csr_set(mstatus, MSTATUS_SUM); else csr_clear(mstatus, MSTATUS_SUM); break;
      case OP_MXR: if (sub) csr_set(mstatus, MSTATUS_MXR); else csr_clear(mstatus, MSTATUS_MXR); break;
      case OP_AD: set_ad(sub); break;
      case OP_MEM: {
        const ureg pa = (ureg)OPS[pc++];
        const uint64_t v = OPS[pc++];
        /* two 32-bit stores for a 64-bit PTE: an NA4 PMP entry over half of it would make
           one 64-bit access fail even in M-mode (a partial match fails) */
        *word(pa) = (uint32_t)v;
        if (sub == 8) *word(pa + 4) = (uint32_t)(v >> 32);
        break;
      }
      case OP_RETAG: {
        const ureg pa = (ureg)OPS[pc++];
        *word(pa) = tag_of(pa);
        break;
      }
      case OP_PBMTE: set_pbmte(sub); break;
      case OP_PMP: {
        const unsigned cfg = (unsigned)OPS[pc++];
        const ureg addr = (ureg)OPS[pc++];
        pmp_set(sub, cfg, addr, 0);
        break;
      }
      case OP_SINVAL: {
        const ureg va = (ureg)OPS[pc++];
        const ureg asid = (ureg)OPS[pc++];
        sinval(flags, va, asid);
        break;
      }
      case OP_SFENCE_W_INVAL: __asm__ volatile(".insn r 0x73, 0, 0x0c, x0, x0, x0" ::: "memory"); break;
      case OP_SFENCE_INVAL_IR: __asm__ volatile(".insn r 0x73, 0, 0x0c, x0, x0, x1" ::: "memory"); break;
      case OP_SFENCE: {
        const ureg va = (ureg)OPS[pc++];
        const ureg asid = (ureg)OPS[pc++];
        sfence(flags, va, asid);
        break;
      }
      case OP_ACCESS: {
        const ureg va = (ureg)OPS[pc++];
        const uint64_t hint = OPS[pc++];
        const uint64_t hint2 = OPS[pc++];
        access(sub, priv, va, flags & 1, hint, (flags >> 2) & 1, hint2, nonce, (flags >> 1) & 1, (flags >> 3) & 1);
        break;
      }
      case OP_PEEK: {
        const ureg pa = (ureg)OPS[pc++];
        puts_("peek ");
        puthex(pa);
        putch(' ');
        if (sub == 8) puthex(((uint64_t)*word(pa + 4) << 32) | *word(pa)); else  /* (as OP_MEM) */
        puthex(*word(pa));
        putch('\n');
        break;
      }
      case OP_SKIP: {
        const uint64_t va = OPS[pc++];
        if (sub == 3) puts_("peek "); else { puts_(kind_name(sub)); putch(' '); }
        puthex(va);
        puts_(" skip\n");
        break;
      }
      default:
        puts_("error: bad op ");
        putdec(op);
        puts_(" at ");
        putdec(pc - 1);
        putch('\n');
        finish(1);
    }
  }
}
