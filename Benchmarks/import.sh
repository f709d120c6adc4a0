#!/usr/bin/env bash
# make bench-import: how fast `paperdiary import` takes a 10 000-student school, next to
# sqlite3's own `.import` of the same marks.csv into a bare table, measured in the same run.
#   Benchmarks/import.sh [BINARY]     (default .build/release/paperdiary)
#   STUDENTS=10000 RUNS=3 SEED=42 TODAY=2026-11-13
set -euo pipefail
bin=${1:-.build/release/paperdiary}
students=${STUDENTS:-10000}
runs=${RUNS:-3}
work=$(mktemp -d /tmp/paperdiary-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
elapsed() { calc "$2 - $1"; }

echo "generating a $students-student sample…"
"$bin" sample --students "$students" --seed "${SEED:-42}" --optout-share 0.1 \
  --today "${TODAY:-2026-11-13}" --out "$work/set" >/dev/null
marks=$(($(wc -l <"$work/set/marks.csv") - 1))
rows=0
for f in "$work"/set/*.csv; do rows=$((rows + $(wc -l <"$f") - 1)); done
size=$(du -sh "$work/set" | cut -f1)
echo "set: $rows rows in all, $marks marks, $size"

best_ours=""; best_bare=""; ratios=""
for run in $(seq "$runs"); do
  rm -f "$work"/store.sqlite* "$work"/bare.sqlite*
  "$bin" init --store "$work/store.sqlite" >/dev/null
  t0=$(now)
  "$bin" import "$work/set" --store "$work/store.sqlite" >/dev/null
  t1=$(now)
  sqlite3 "$work/bare.sqlite" ".mode csv" ".import $work/set/marks.csv marks"
  t2=$(now)
  [ "$run" = "$runs" ] || rm -f "$work"/store.sqlite*
  ours=$(elapsed "$t0" "$t1"); bare=$(elapsed "$t1" "$t2")
  ratio=$(calc "$ours / $bare")
  ratios="$ratios $ratio"
  printf 'run %d: paperdiary import %.2f s (whole set), sqlite3 .import %.2f s (marks.csv): %.2f×\n' \
    "$run" "$ours" "$bare" "$ratio"
  if [ -z "$best_ours" ] || [ "$(calc "$ours < $best_ours")" = 1 ]; then best_ours=$ours; fi
  if [ -z "$best_bare" ] || [ "$(calc "$bare < $best_bare")" = 1 ]; then best_bare=$bare; fi
done

echo
echo "where the import's time went (last run, from the store's import log):"
sqlite3 -separator ' ' "$work/store.sqlite" "
  SELECT printf('  %-22s %9d rows %7.2f s', key, json_extract(value, '$.rows'),
                json_extract(value, '$.seconds'))
  FROM imports, json_each(imports.counts)
  WHERE import_id = (SELECT MAX(import_id) FROM imports)"

ours_rate=$(calc "$marks / $best_ours")
bare_rate=$(calc "$marks / $best_bare")
printf '\nbest of %d runs, %d marks:\n' "$runs" "$marks"
printf '  paperdiary import (every file, checked, one transaction): %8.0f marks/s\n' "$ours_rate"
printf '  sqlite3 .import of marks.csv into a bare table:           %8.0f marks/s\n' "$bare_rate"
median=$(echo $ratios | tr ' ' '\n' | sort -g | awk '{ r[NR] = $1 } END {
  print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
printf '  ratio of the best runs: paperdiary takes %.2f× the time of sqlite3 .import\n' \
  "$(calc "$best_ours / $best_bare")"
printf '  median of the per-run ratios (each pair measured back to back): %.2f× (aim: within 3×)\n' \
  "$median"
