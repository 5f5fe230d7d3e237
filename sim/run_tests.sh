#!/usr/bin/env bash
# Set up, build and run every test (CTest). Extra arguments go to ctest (e.g. -L smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
bash sim/setup.sh qemu slurm python   # + the QEMU cross-check, the one-node SLURM test, cocotb and FuseSoC
bash sim/build.sh
cd build
ctest -j"$(nproc 2>/dev/null || echo 2)" --output-on-failure --output-junit ctest-junit.xml "$@"
