// Icarus Verilog replay of a recorded mmu_sim stimulus, for the simulator benchmark: the
// same page tables (mem.hex), the same requests (requests.hex) offered back to back (a
// fetch on the instruction port, the rest on the data port, one offered at a time), the
// same memory timing as the C++ testbench's memory port (one outstanding request,
// latency Latency, no back-pressure). No golden-model checking is possible here; it
// counts cycles and responses, so the benchmark can compare speed on the same work.
//
//   iverilog -g2012 -P tb_replay.Xlen=64 -o replay.vvp ../../rtl/mmu_pkg.sv tb_replay.sv \
//     $(ls ../../rtl/*.sv | grep -v _pkg.sv)      (the package first; see sim/scripts/icarus_replay.sh)
//   vvp replay.vvp +mem=mem.hex +requests=requests.hex +nreq=N +satp_ppn=... (hex values)
module tb_replay #(
  parameter int Xlen       = 64,
  parameter int TlbEntries = 16,
  parameter int Latency    = 2,
  parameter int MemWords   = 1 << 20,
  parameter int MaxReqs    = 1 << 21
);
  localparam int PaBits   = (Xlen == 64) ? 56 : 34;
  localparam int AsidBits = (Xlen == 64) ? 16 : 9;
  localparam int PpnBits  = PaBits - 12;
  localparam int WordLog  = (Xlen == 64) ? 3 : 2;

  logic clk, rst_n;
  logic [Xlen-1:0] mem [MemWords];
  logic [67:0]     reqs [MaxReqs];

  // CSR view and run length, from plusargs (hex).
  logic [3:0]          satp_mode;
  logic [AsidBits-1:0] satp_asid;
  logic [PpnBits-1:0]  satp_ppn;
  logic [1:0]          priv;
  logic                sum, mxr, ad_hw;
  logic [PaBits-1:0]   ram_base, ram_size;
  // PMP: the bench's default view (16 entries, all off but entry 15: NAPOT, R W X, over the
  // whole physical address space), the view every recorded stimulus runs with.
  logic [16*8-1:0]          pmpcfg;
  logic [16*(PaBits-2)-1:0] pmpaddr;
  assign pmpcfg  = {8'h1f, {15{8'h00}}};
  assign pmpaddr = {{(PaBits-2){1'b1}}, {(15*(PaBits-2)){1'b0}}};
  integer              nreq;

  logic                req_valid, req_ready, rsp_valid, rsp_fault;
  logic [Xlen-1:0]     req_vaddr;
  logic [1:0]          req_kind;
  logic [PaBits-1:0]   rsp_paddr;
  logic [3:0]          rsp_cause;
  logic                mem_req_valid, mem_req_ready, mem_req_we, mem_rsp_valid, mem_rsp_err;
  logic                cas_ok_q;
  logic [PaBits-1:0]   mem_req_addr;
  logic [Xlen-1:0]     mem_req_cmp, mem_req_wdata, mem_rsp_rdata;
  logic [3:0]          rsp_id;
  logic [31:0]         perf_hits, perf_misses, perf_walks, perf_walk_cycles;
  logic [31:0]         perf_i_hits, perf_i_misses, perf_i_walks, perf_i_walk_cycles;
  logic                ireq_valid, ireq_ready, irsp_valid, irsp_fault, fetch;

  mmu #(.Xlen(Xlen), .TlbEntries(TlbEntries), .ITlbEntries(TlbEntries)) u_mmu (
    .clk_i              (clk),
    .rst_ni             (rst_n),
    .satp_mode_i        (satp_mode),
    .satp_asid_i        (satp_asid),
    .satp_ppn_i         (satp_ppn),
    .sum_i              (sum),
    .mxr_i              (mxr),
    .ad_hw_i            (ad_hw),
    .pbmte_i            (1'b0),
    .ram_base_i         (ram_base),
    .ram_size_i         (ram_size),
    .pmpcfg_i           (pmpcfg),
    .pmpaddr_i          (pmpaddr),
    .req_valid_i        (req_valid),
    .req_ready_o        (req_ready),
    .req_vaddr_i        (req_vaddr),
    .req_kind_i         (req_kind),
    .req_priv_i         (priv),
    .req_id_i           (4'd0),
    .rsp_id_o           (rsp_id),
    .kill_i             (1'b0),
    .ireq_valid_i       (ireq_valid),
    .ireq_ready_o       (ireq_ready),
    .ireq_vaddr_i       (req_vaddr),
    .ireq_priv_i        (priv),
    .ireq_id_i          (4'd0),
    .irsp_valid_o       (irsp_valid),
    .irsp_id_o          (),
    .irsp_paddr_o       (),
    .irsp_fault_o       (irsp_fault),
    .irsp_cause_o       (),
    .irsp_pbmt_o        (),
    .ikill_i            (1'b0),
    .rsp_valid_o        (rsp_valid),
    .rsp_paddr_o        (rsp_paddr),
    .rsp_fault_o        (rsp_fault),
    .rsp_cause_o        (rsp_cause),
    .rsp_pbmt_o         (),
    .sfence_valid_i     (1'b0),
    .sfence_ready_o     (),
    .sfence_vaddr_i     ({Xlen{1'b0}}),
    .sfence_use_vaddr_i (1'b0),
    .sfence_asid_i      ({AsidBits{1'b0}}),
    .sfence_use_asid_i  (1'b0),
    .mem_req_valid_o    (mem_req_valid),
    .mem_req_ready_i    (mem_req_ready),
    .mem_req_addr_o     (mem_req_addr),
    .mem_req_we_o       (mem_req_we),
    .mem_req_cmp_o      (mem_req_cmp),
    .mem_req_wdata_o    (mem_req_wdata),
    .mem_rsp_valid_i    (mem_rsp_valid),
    .mem_rsp_rdata_i    (mem_rsp_rdata),
    .mem_rsp_err_i      (mem_rsp_err),
    .mem_rsp_cas_ok_i   (mem_rsp_valid && cas_ok_q),
    .perf_hits_o        (perf_hits),
    .perf_misses_o      (perf_misses),
    .perf_walks_o       (perf_walks),
    .perf_walk_cycles_o (perf_walk_cycles),
    .perf_l2_hits_o     (),
    .perf_walk_cache_hits_o (),
    .perf_i_hits_o      (perf_i_hits),
    .perf_i_misses_o    (perf_i_misses),
    .perf_i_walks_o     (perf_i_walks),
    .perf_i_walk_cycles_o (perf_i_walk_cycles),
    .perf_i_l2_hits_o   (),
    .perf_i_walk_cache_hits_o ()
  );

  // Requests back to back: the next one is offered in the cycle after acceptance.
  integer idx, responses, faults, cycles;
  assign fetch      = reqs[idx][65:64] == mmu_pkg::AccFetch;
  assign req_valid  = rst_n && idx < nreq && !fetch;
  assign ireq_valid = rst_n && idx < nreq && fetch;
  assign req_vaddr  = reqs[idx][Xlen-1:0];
  assign req_kind   = reqs[idx][65:64];

  // Memory: one outstanding request answered Latency edges after acceptance.
  logic        busy;
  integer      countdown;
  logic [Xlen-1:0] rdata_q;
  assign mem_req_ready = !busy;
  assign mem_rsp_valid = busy && countdown == 0;
  assign mem_rsp_rdata = rdata_q;
  assign mem_rsp_err   = 1'b0;

  function automatic integer word_index(input logic [PaBits-1:0] addr);
    word_index = integer'((addr - ram_base) >> WordLog);
  endfunction

  always @(posedge clk) begin
    cycles <= cycles + 1;
    if (!rst_n) begin
      busy <= 1'b0;
      idx <= 0;
    end else begin
      if ((req_valid && req_ready) || (ireq_valid && ireq_ready)) idx <= idx + 1;
      responses <= responses + (rsp_valid ? 1 : 0) + (irsp_valid ? 1 : 0);
      faults    <= faults + (rsp_valid && rsp_fault ? 1 : 0) + (irsp_valid && irsp_fault ? 1 : 0);
      if (mem_rsp_valid) busy <= 1'b0;
      else if (busy && countdown != 0) countdown <= countdown - 1;
      if (mem_req_valid && mem_req_ready) begin
        busy      <= 1'b1;
        countdown <= Latency - 1;
        if (mem_req_we) begin
          // A/D update: an atomic compare-and-swap (nothing else writes this memory).
          cas_ok_q <= word_index(mem_req_addr) < MemWords && mem[word_index(mem_req_addr)] == mem_req_cmp;
          if (word_index(mem_req_addr) < MemWords && mem[word_index(mem_req_addr)] == mem_req_cmp)
            mem[word_index(mem_req_addr)] <= mem_req_wdata;
        end else begin
          rdata_q <= word_index(mem_req_addr) < MemWords ? mem[word_index(mem_req_addr)] : '0;
        end
      end
    end
  end

  always #5 clk = ~clk;

  string mem_file, req_file;
  initial begin
    for (int i = 0; i < MemWords; i++) mem[i] = '0;
    if (!$value$plusargs("mem=%s", mem_file)) mem_file = "mem.hex";
    if (!$value$plusargs("requests=%s", req_file)) req_file = "requests.hex";
    if (!$value$plusargs("nreq=%h", nreq)) nreq = 0;
    if (!$value$plusargs("satp_mode=%h", satp_mode)) satp_mode = 4'd8;
    if (!$value$plusargs("satp_asid=%h", satp_asid)) satp_asid = '0;
    if (!$value$plusargs("satp_ppn=%h", satp_ppn)) satp_ppn = '0;
    if (!$value$plusargs("priv=%h", priv)) priv = 2'd1;
    if (!$value$plusargs("sum=%h", sum)) sum = 1'b0;
    if (!$value$plusargs("mxr=%h", mxr)) mxr = 1'b0;
    if (!$value$plusargs("ad_hw=%h", ad_hw)) ad_hw = 1'b0;
    if (!$value$plusargs("ram_base=%h", ram_base)) ram_base = 'h80000000;
    if (!$value$plusargs("ram_size=%h", ram_size)) ram_size = 'h10000000;
    $readmemh(mem_file, mem);
    if (nreq > 0) $readmemh(req_file, reqs, 0, nreq - 1);
    clk = 1'b0;
    rst_n = 1'b0;
    cycles = 0;
    responses = 0;
    faults = 0;
    repeat (2) @(posedge clk);
    #1 rst_n = 1'b1;
    wait (responses == nreq);
    @(negedge clk);
    // The C++ testbench counts cycles up to the edge after the last response.
    $display("replay: cycles=%0d responses=%0d faults=%0d hits=%0d misses=%0d walks=%0d walk_cycles=%0d",
             cycles, responses, faults, perf_hits + perf_i_hits, perf_misses + perf_i_misses,
             perf_walks + perf_i_walks, perf_walk_cycles + perf_i_walk_cycles);
    $finish;
  end
endmodule
