#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, when they are missing.
# Quick and silent when everything is present; one clear message when it cannot install.
#   sim/setup.sh            build and test dependencies
#   sim/setup.sh plots      + gnuplot (plots)
#   sim/setup.sh screenshot + Xvfb and ImageMagick (headless GTKWave screenshot)
#   sim/setup.sh coverage   + lcov (HTML coverage)
#   sim/setup.sh fuzz       + clang and its sanitizer runtime (libFuzzer)
#   sim/setup.sh qemu       + QEMU 7.2 (rv32/rv64) and the riscv64 cross compiler (xcheck/)
#   sim/setup.sh slurm      + SLURM 22.05 and MUNGE (sim/regress.sh --backend slurm, its CTest)
#   sim/setup.sh python     + a Python venv with cocotb and FuseSoC from PyPI, the versions
#                             pinned in sim/python-requirements.txt, in $MMU_VENV (default
#                             ~/.cache/rvmmu/venv), and $MMU_VENV-cocotb18 with cocotb 1.8.1
#                             (sim/python-requirements-cocotb18.txt); remade when pins change
#   sim/setup.sh trace      + valgrind (sim/scripts/record_trace.sh: program traces)
set -euo pipefail

base=(cmake make g++ git pkg-config verilator iverilog yosys zlib1g-dev libsystemc-dev
      catch2 gtkwave libcli11-dev nlohmann-json3-dev libfmt-dev
      python3 xvfb xauth   # python3: the PTE filter (waves/filters); xvfb: the GTKWave filter tests
      z3)                  # z3: the SMT solver of the formal proofs (formal/; yosys brings yosys-smtbmc and yosys-abc)
want=("${base[@]}")
venv=""

# The venvs of the python group, made with Debian's Python 3 (not whatever python3 comes
# first on PATH): pip installs exactly the pinned packages; a stamp (the requirements file
# it was made from) keeps a second run quick. make_venv DIR REQUIREMENTS
make_venv() {
  local dir=$1 req
  req="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$2"
  cmp -s "$req" "$dir/rvmmu-requirements.txt" && return 0
  local py=/usr/bin/python3
  [ -x "$py" ] || py=python3
  echo "setup: making the Python venv $dir (sim/$2)"
  mkdir -p "$(dirname "$dir")"
  if ! { "$py" -m venv --clear "$dir" &&
         "$dir/bin/pip" install -q --disable-pip-version-check --no-input -r "$req"; } >"$dir.log" 2>&1; then
    tail -n 20 "$dir.log" >&2
    echo "setup: could not make the Python venv $dir (see the lines above)" >&2
    exit 1
  fi
  cp "$req" "$dir/rvmmu-requirements.txt"
}
make_venvs() {
  local dir=${MMU_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/rvmmu/venv}
  make_venv "$dir" python-requirements.txt
  make_venv "$dir-cocotb18" python-requirements-cocotb18.txt
}

for group in "$@"; do
  case "$group" in
    plots) want+=(gnuplot-nox) ;;
    screenshot) want+=(xvfb xauth imagemagick x11-utils gtkwave) ;;
    coverage) want+=(lcov) ;;
    fuzz) want+=(clang libclang-rt-14-dev) ;;
    qemu) want+=(qemu-system-misc gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf python3) ;;
    # slurm-wlm: slurmctld, slurmd and the client commands (sbatch, squeue, sacct...); munge:
    # munged, the key tool and the authentication plugin's library.
    slurm) want+=(slurm-wlm munge) ;;
    trace) want+=(valgrind gzip python3 gcc) ;;  # lackey, and the example programs
    # python3-venv: Debian's pip is externally managed; libpython3.11: cocotb embeds
    # Debian 12's Python in the simulator.
    python) want+=(python3-venv libpython3.11); venv=yes ;;
    *) echo "setup: unknown group '$group' (plots, screenshot, coverage, fuzz, qemu, slurm, python, trace)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  [ -z "$venv" ] || make_venvs
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get not found; install these Debian 12 packages by hand: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { "${sudo[@]}" apt-get update -qq && \
       "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "setup: apt-get could not install: ${missing[*]} (see the lines above)" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
echo "setup: done"
[ -z "$venv" ] || make_venvs
