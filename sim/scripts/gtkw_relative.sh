#!/usr/bin/env bash
# Makes GTKWave save files written with File > Write Save File portable again: GTKWave
# writes absolute paths ([savefile], the ^ filter lines) and the dump file's name, size and
# date. This rewrites the paths relative to the repository root (as the committed files
# have them: [savefile] "waves/mmu_rv64.gtkw", ^1 waves/filters/access_kind.txt) and drops
# the [dumpfile*] lines. Usage: sim/scripts/gtkw_relative.sh waves/*.gtkw
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
[ $# -gt 0 ] || { echo "usage: $0 FILE.gtkw..." >&2; exit 2; }
for f in "$@"; do
  [ -f "$f" ] || { echo "gtkw_relative: no file $f" >&2; exit 2; }
  tmp=$(mktemp)
  awk -v root="$root/" '
    /^\[dumpfile(_mtime|_size)?\]/ { next }
    /^\[savefile\]/ || /^\^/ {
      i = index($0, root)
      if (i) $0 = substr($0, 1, i - 1) substr($0, i + length(root))
    }
    { print }' "$f" >"$tmp"
  cat "$tmp" >"$f" && rm -f "$tmp"
  if grep -qE '^(\[savefile\] "/|\^>?[0-9]+ /)' "$f"; then
    echo "gtkw_relative: $f still has absolute paths outside $root:" >&2
    grep -nE '^(\[savefile\] "/|\^>?[0-9]+ /)' "$f" >&2
    exit 1
  fi
done
