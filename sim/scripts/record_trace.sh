#!/usr/bin/env bash
# Records the memory accesses of a real program into a trace file for mmu_sim --trace:
# valgrind's lackey tool writes every instruction fetch, load, store and modify with its
# virtual address; build/sim/mmu_progtrace encode turns that text, as it streams through a
# pipe (never stored), into the compact binary format of tb/os/program_trace.h.
#
#   sim/scripts/record_trace.sh [--limit N] OUT -- COMMAND [ARGS...]   one program
#   sim/scripts/record_trace.sh --examples [DIR]                         the four examples
#
# The examples (written to DIR, default build/traces; inputs made here, deterministic):
#   sort     coreutils sort of a 4000-line text file (sort -k2)
#   gzip     gzip -9 of that file
#   python   python3 (-I -S) counting the words of that file in a dict
#   cc1      gcc's compiler proper (cc1 -O2) on a small C file (preprocessed by gcc -E first)
# Debian packages: valgrind (sim/setup.sh trace installs it), coreutils, gzip, python3,
# gcc (already there); mmu_progtrace is built into build/ when missing.
# Only the traced process is recorded (no children: their traces would interleave); for
# gcc, the compiler proper cc1 is traced directly rather than the gcc driver.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
usage() { sed -n '7,8p' "$0" | sed 's/^# */usage: /' >&2; exit 2; }

mmu_progtrace="$root/build/sim/mmu_progtrace"
ensure_tools() {
  bash "$root/sim/setup.sh" trace
  if [ ! -x "$mmu_progtrace" ]; then
    [ -f "$root/build/CMakeCache.txt" ] || cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build" --target mmu_progtrace -j2 >/dev/null
  fi
}

# record OUT LIMIT COMMAND...: lackey's log goes to fd 3, piped into the encoder; the
# program's own output is dropped, its errors kept in OUT.log.
record() {
  local out=$1 limit=$2
  shift 2
  local args=()
  [ "$limit" != 0 ] && args=(--limit "$limit")
  echo "record_trace: $* -> $out"
  set +e
  valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$@" 3>&1 >/dev/null 2>"$out.log" |
    "$mmu_progtrace" encode "${args[@]}" --out "$out"
  local st=("${PIPESTATUS[@]}")
  set -e
  # The encoder's status decides; valgrind may end on SIGPIPE once --limit is reached.
  if [ "${st[1]}" -ne 0 ]; then
    echo "record_trace: encoding failed (see above)" >&2
    exit "${st[1]}"
  fi
  if [ "$limit" = 0 ] && [ "${st[0]}" -ne 0 ]; then
    echo "record_trace: the program failed (status ${st[0]}), see $out.log" >&2
    exit 1
  fi
  rm -f "$out.log"
}

examples() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local input="$dir/words.txt" csrc="$dir/small.c"
  # 4000 lines of 6 pseudo-random words (a fixed LCG: the same file everywhere).
  awk 'BEGIN { s = 12345; split("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike " \
       "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu", w, " ");
       for (i = 0; i < 4000; i++) { line = "";
         for (j = 0; j < 6; j++) { s = (s * 1103515245 + 12345) % 2147483648; line = line w[int(s / 65536) % 26 + 1] (s % 1000) " " }
         print line } }' >"$input"
  cat >"$csrc" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { struct node *left, *right; char key[32]; int count; };
static struct node *insert(struct node *t, const char *k) {
  if (!t) { t = calloc(1, sizeof *t); strncpy(t->key, k, sizeof t->key - 1); t->count = 1; return t; }
  int c = strcmp(k, t->key);
  if (c < 0) t->left = insert(t->left, k); else if (c > 0) t->right = insert(t->right, k); else t->count++;
  return t;
}
static void walk(const struct node *t, FILE *out) {
  if (!t) return;
  walk(t->left, out); fprintf(out, "%s %d\n", t->key, t->count); walk(t->right, out);
}
int main(int argc, char **argv) {
  char word[64]; struct node *root = NULL;
  FILE *in = argc > 1 ? fopen(argv[1], "r") : stdin;
  if (!in) return 1;
  while (fscanf(in, "%63s", word) == 1) root = insert(root, word);
  walk(root, stdout);
  return 0;
}
EOF
  record "$dir/sort.rvt" 0 sort -k2 "$input"
  record "$dir/gzip.rvt" 0 gzip -9 -c "$input"
  record "$dir/python.rvt" 0 /usr/bin/python3 -I -S -c \
    'import sys
d = {}
for w in open(sys.argv[1]).read().split(): d[w] = d.get(w, 0) + 1
print(len(d), max(d.values()))' "$input"
  gcc -E "$csrc" -o "$dir/small.i"  # the driver's preprocessing, not traced
  record "$dir/cc1.rvt" 0 "$(gcc -print-prog-name=cc1)" -fpreprocessed -quiet -O2 "$dir/small.i" -o "$dir/small.s"
  for t in sort gzip python cc1; do "$mmu_progtrace" info "$dir/$t.rvt" | head -1; done
}

[ $# -ge 1 ] || usage
if [ "$1" = --examples ]; then
  [ $# -le 2 ] || usage
  ensure_tools
  examples "${2:-$root/build/traces}"
  exit 0
fi
limit=0
if [ "$1" = --limit ]; then
  [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "record_trace: --limit: '${2:-}' is not a whole number >= 1" >&2; exit 2; }
  limit=$2
  shift 2
fi
[ $# -ge 3 ] && [ "$2" = -- ] || usage
out=$1
shift 2
ensure_tools
record "$out" "$limit" "$@"
"$mmu_progtrace" info "$out" | head -1
