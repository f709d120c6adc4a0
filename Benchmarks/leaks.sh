#!/usr/bin/env bash
# make leaks: the Friday batch under valgrind's memcheck, and the file descriptors it holds.
#   Benchmarks/leaks.sh [BINARY]     (default .build/debug/paperdiary)
#   MIN_SHEETS=50 LOG=path/to/keep/valgrind.log
# A 400-student sample (W48 as of Friday 27 November 2026) is imported into a temporary store;
# whole classes are taken in print order until they hold at least MIN_SHEETS sheets, and that
# one batch runs under valgrind (--jobs 1, so every sheet goes through one renderer and one
# Pango font map). A one-sheet batch runs the same way first: what is lost per run shows up in
# both, what is lost per sheet only grows in the second. Exit 3 when valgrind finds a definite
# leak that Benchmarks/valgrind.supp does not explain, 1 on any other failure.
set -euo pipefail
bin=${1:-.build/debug/paperdiary}
min_sheets=${MIN_SHEETS:-50}
here=$(cd "$(dirname "$0")" && pwd)
suppressions="$here/valgrind.supp"
now="2026-11-27 15:00"

if ! command -v valgrind >/dev/null; then
  echo "installing valgrind…"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind; }
fi

work=$(mktemp -d /tmp/paperdiary-leaks.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Foundation's Process (which runs qpdf) asks posix_spawn to close every descriptor listed in
# /proc/self/fd. Under valgrind that list includes valgrind's own descriptors, which sit above
# the limit valgrind reports to the program, so posix_spawn_file_actions_addclose refuses them
# with EBADF and qpdf never starts. This preload skips exactly those descriptors (valgrind marks
# them close-on-exec, so the child does not inherit them either way); everything else is
# passed on unchanged. It is a harness for running under valgrind, never linked into PaperDiary.
cat >"$work/spawnfix.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <spawn.h>
#include <unistd.h>
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *actions, int fd) {
  static int (*next)(posix_spawn_file_actions_t *, int);
  if (!next) next = (int (*)(posix_spawn_file_actions_t *, int))dlsym(RTLD_NEXT, __func__);
  if (fd >= getdtablesize()) return 0;
  return next(actions, fd);
}
EOF
cc=${CC:-$(command -v cc || command -v clang || true)}
[ -n "$cc" ] || { echo "no C compiler (cc or clang) for the posix_spawn preload" >&2; exit 1; }
"$cc" -shared -fPIC -O2 -o "$work/spawnfix.so" "$work/spawnfix.c" -ldl

echo "generating and importing a 400-student sample…"
"$bin" sample --students 400 --seed 5 --optout-share 0.2 --today 2026-11-27 \
  --out "$work/set" >/dev/null
"$bin" init --store "$work/store.sqlite" >/dev/null
"$bin" import "$work/set" --store "$work/store.sqlite" >/dev/null

# Sheets per class in print order, from what the batch would issue.
"$bin" weekly --store "$work/store.sqlite" --now "$now" --dry-run --json \
  | grep -o '"class_id": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | uniq -c >"$work/classes"
batch=(); count=0
while read -r sheets class; do
  [ "$count" -lt "$min_sheets" ] || break
  batch+=(--class "$class"); count=$((count + sheets))
done <"$work/classes"
[ "$count" -ge "$min_sheets" ] || { echo "the sample has only $count sheets" >&2; exit 1; }
small=$(sort -n "$work/classes" | awk 'NR == 1 { print $2 }')
small_run=(--class "$small")

# Runs one batch on a fresh copy of the store; $1 names the run, the rest are class options.
issued() { sed -n 's/.*: \([0-9]*\) sheets issued.*/\1/p' "$1"; }
under_valgrind() {
  local name=$1; shift
  cp "$work/store.sqlite" "$work/$name.sqlite"
  local status=0
  LD_PRELOAD="$work/spawnfix.so" valgrind --leak-check=full --errors-for-leak-kinds=definite \
    --error-exitcode=3 --suppressions="$suppressions" --track-fds=yes --num-callers=40 -s \
    --log-file="$work/$name.log" \
    "$bin" weekly --store "$work/$name.sqlite" --out "$work/$name-out" --now "$now" --jobs 1 \
    --quiet "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  echo "$status" >"$work/$name.status"
}
# The same batch natively, counting /proc/<pid>/fd every 10 ms; prints the count seen most
# often and the highest (a descriptor kept per sheet would make both grow with the batch).
descriptors() {
  local name=$1; shift
  cp "$work/store.sqlite" "$work/$name-native.sqlite"
  "$bin" weekly --store "$work/$name-native.sqlite" --out "$work/$name-native-out" --now "$now" \
    --jobs 1 --quiet "$@" >"$work/$name-native.out" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    ls "/proc/$pid/fd" 2>/dev/null | wc -l
    sleep 0.01
  done >"$work/$name-native.fds"
  wait "$pid"
  sort -n "$work/$name-native.fds" | uniq -c | sort -k1,1n -k2,2n | awk '
    $2 > 0 { usual = $2; if ($2 > most) most = $2 } END { print "usually " usual ", at most " most }'
}
summary() {
  sed -n -e 's/^==[0-9]*== *\(definitely lost\|indirectly lost\|possibly lost\|suppressed\): /  \1: /p' \
    -e 's/^==[0-9]*== FILE DESCRIPTORS: /  descriptors: /p' \
    -e 's/^==[0-9]*== ERROR SUMMARY: \([0-9]* errors\).*/  memcheck: \1 not suppressed/p' "$1" | sort -u
}

echo "valgrind, one sheet (class $small)…"
under_valgrind small "${small_run[@]}"
echo "valgrind, $count sheets (${#batch[@]} options: ${batch[*]})…"
under_valgrind batch "${batch[@]}"
small_fds=$(descriptors small "${small_run[@]}")
batch_fds=$(descriptors batch "${batch[@]}")

[ -z "${LOG:-}" ] || cp "$work/batch.log" "$LOG"
failed=0
for name in small batch; do
  echo
  echo "$name: $(issued "$work/$name.out") sheets issued, exit $(cat "$work/$name.status")"
  summary "$work/$name.log"
  status=$(cat "$work/$name.status")
  if [ "$status" = 3 ]; then
    failed=3
    echo "  definite leaks not suppressed (other memcheck errors: see LOG=… for the whole log):"
    awk '/are definitely lost in loss record/ { show = 1 } show { print } /^==[0-9]*== $/ { show = 0 }' \
      "$work/$name.log" | sed 's/^/    /'
  elif [ "$status" != 0 ]; then
    [ "$failed" = 3 ] || failed=1
    sed 's/^/  /' "$work/$name.err"
  fi
done
echo
echo "suppressions used (batch):"
sed -n 's/^--[0-9]*-- used_suppression: *\([0-9]*\) \([^ ]*\).*/  \1× \2/p' "$work/batch.log"
echo
echo "open descriptors during a native run (sampled every 10 ms):"
echo "  one sheet: $small_fds"
echo "  $(issued "$work/batch-native.out") sheets: $batch_fds"
[ "$(issued "$work/batch.out")" -ge "$min_sheets" ] || { echo "fewer than $min_sheets sheets" >&2; exit 1; }
exit "$failed"
