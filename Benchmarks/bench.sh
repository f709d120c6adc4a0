#!/usr/bin/env bash
# The Friday batch against the C floor (`make bench`), or against every peer (`make bench-peers`).
#
#   Benchmarks/bench.sh .build/release/paperdiary            # the floor only, a few minutes
#   PEERS=all Benchmarks/bench.sh .build/release/paperdiary  # every peer too, about 45 minutes
#
# Both sides run in this one session, interleaved run by run, because these machines are noisy:
# compare the ratio, not the figures. For N in SIZES it makes a `paperdiary sample` of N
# students, every guardian opted out, at mid-term (2026-11-13), imports it once (kept in WORK),
# and times `weekly --jobs 1` and `--jobs 2` on a fresh copy of the store each run: sheets per
# second, CPU seconds, peak RSS, KiB per sheet. The floor is ../shared/bench-peers/c/sheets.c,
# built and timed the way that folder's bench.py times it (1 000 sheets, a file each). Then a
# teacher's `sheet` on the largest store, process start to the PDF on disk and to exit. Medians
# of RUNS runs (9 for the sheet).
#
# Environment: SIZES ("1000 10000"), RUNS (5; RUNS_LARGE=1 for N >= 10 000), WORK
# (/tmp/paperdiary-bench), PEERS (floor | all), PEERS_DIR (../shared/bench-peers).
set -euo pipefail

BIN=$(realpath "${1:?usage: bench.sh path/to/paperdiary}")
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-1}
WORK=${WORK:-/tmp/paperdiary-bench}
PEERS=${PEERS:-floor}
PEERS_DIR=$(realpath "${PEERS_DIR:-$(dirname "$0")/../../shared/bench-peers}")
NOW="2026-11-13 15:00"
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

need=()
for p in gcc python3 time sqlite3 libcairo2-dev libpango1.0-dev libsqlite3-dev fonts-dejavu-core; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get install -y -qq "${need[@]}" || { apt-get update -qq && apt-get install -y -qq "${need[@]}"; }
fi

# --- the C floor, built and fed as the peers' harness does -----------------------------------
FLOOR="$WORK/floor"
mkdir -p "$FLOOR"
if [ ! -s "$FLOOR/data.sqlite" ]; then
  python3 "$PEERS_DIR/gen_data.py" "$FLOOR/data.sqlite" 1000 20250113 >/dev/null
fi
gcc -O2 -Wall -o "$FLOOR/c-sheets" "$PEERS_DIR/c/sheets.c" $(pkg-config --cflags --libs pangocairo sqlite3)

# timed NAME COMMAND…: one run under /usr/bin/time, appended to RESULTS as
# name, wall s, cpu s, peak RSS KiB.
timed() {
  local name=$1
  shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
    echo "failed: $*" >&2
    cat "$WORK/stderr.txt" >&2
    exit 1
  }
  end=$(date +%s.%N)
  read -r user sys rss <"$WORK/time.txt"
  awk -v n="$name" -v s="$start" -v e="$end" -v u="$user" -v y="$sys" -v r="$rss" \
    'BEGIN { printf "%s\t%.3f\t%.2f\t%d\n", n, e - s, u + y, r }' >>"$RESULTS"
}

# sheet_timed NAME COMMAND…: a teacher's `sheet`, which prints the PDF's path once the sheet is
# on disk and in the ledger and then rebuilds the class files and the manifest. Appends NAME-path
# (process start to the path on stdout) and NAME (to exit, with CPU and peak RSS) to RESULTS.
sheet_timed() {
  python3 - "$RESULTS" "$@" <<'PY'
import resource, subprocess, sys, time
results, name, command = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.monotonic()
child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
path = child.stdout.readline()
on_disk = time.monotonic()
_, stderr = child.communicate()
end = time.monotonic()
if child.returncode != 0 or not path.strip():
    sys.exit(f"failed: {' '.join(command)}\n{stderr.decode()}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(results, "a") as out:
    out.write(f"{name}-path\t{on_disk - start:.3f}\t0\t0\n")
    out.write(f"{name}\t{end - start:.3f}\t{usage.ru_utime + usage.ru_stime:.2f}\t{usage.ru_maxrss}\n")
PY
}

# Every timed run, ours and the floor's, writes into a folder of its own under OUTS, and none
# is deleted until the timings are done. When ext4 looks for a free inode it skips those freed
# in the last 30 s (vm.dirty_expire_centisecs), reading each one's deletion time: a run right
# after the last run's thousand files were deleted scans past them for every file it creates,
# 2–3 % of the batch's CPU, held under the folder's lock that the other thread waits on. An
# office's Friday batch writes into a new week folder. About 5 GB for the default sizes.
OUTS="$WORK/outs"
run_number=0
fresh_out() {
  run_number=$((run_number + 1))
  echo "$OUTS/$run_number-$1"
}

floor_run() {
  local one two
  one=$(fresh_out floor-j1)
  two=$(fresh_out floor-j2)
  mkdir -p "$one" "$two/a" "$two/b"
  timed floor-1000-j1 "$FLOOR/c-sheets" "$FLOOR/data.sqlite" files "$one" 1 1000
  echo -e "size-floor\t1000\t$(du -sk "$one" | cut -f1)" >>"$WORK/sizes.tsv"
  timed floor-1000-j2 sh -c "'$FLOOR/c-sheets' '$FLOOR/data.sqlite' files '$two/a' 1 500 &
    '$FLOOR/c-sheets' '$FLOOR/data.sqlite' files '$two/b' 501 500 & wait"
}

# --- PaperDiary -------------------------------------------------------------------------------
prepare() {
  local n=$1 dir="$WORK/n$1"
  if [ ! -s "$dir/base.sqlite" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    "$BIN" sample --students "$n" --seed 5 --optout-share 1 --today 2026-11-13 --out "$dir/set" >/dev/null
    "$BIN" init --store "$dir/base.sqlite" >/dev/null
    "$BIN" import "$dir/set" --store "$dir/base.sqlite" >/dev/null
  fi
  # A store kept from an older binary is migrated when first opened, and a migration checks
  # every foreign key (~0.1 s at 1 000 students, ~0.9 s at 10 000): done here, once, so that no
  # timed run pays for it. `ledger` opens the store and reads nothing of size.
  "$BIN" ledger --store "$dir/base.sqlite" >/dev/null 2>&1
}

# batch_run N JOBS: one timed `weekly` on a fresh copy of the N-student store; its folder is
# left in $last_out for the teacher's sheet.
batch_run() {
  local n=$1 jobs=$2 dir="$WORK/n$1" out
  out=$(fresh_out "n$n-j$jobs")
  cp "$dir/base.sqlite" "$dir/run.sqlite"
  rm -f "$dir/run.sqlite-wal" "$dir/run.sqlite-shm"
  sync
  timed "paperdiary-$n-j$jobs" "$BIN" weekly --store "$dir/run.sqlite" --out "$out" \
    --now "$NOW" --jobs "$jobs" --quiet
  echo -e "size-$n\t$(ls "$out/2026-W46/sheets" | wc -l)\t$(du -sk "$out/2026-W46/sheets" | cut -f1)" \
    >>"$WORK/sizes.tsv"
  last_out=$out
}

: >"$WORK/sizes.tsv"
for n in $SIZES; do prepare "$n"; done
if [ -e "$OUTS" ] || [ -e "$WORK/n1000/out" ] || [ -e "$FLOOR/out" ]; then
  # The last bench's files (and those of benches before this layout), deleted well before the
  # first timed run, for the reason above.
  rm -rf "$OUTS" "$WORK"/n*/out "$FLOOR"/out "$FLOOR"/out-a "$FLOOR"/out-b
  echo "  the last bench's files deleted; waiting 35 s before timing" >&2
  sleep 35
fi
mkdir -p "$OUTS"
if [ "$(df -Pk "$OUTS" | awk 'NR == 2 { print $4 }')" -lt $((6 * 1024 * 1024)) ]; then
  echo "bench: $OUTS needs about 6 GB free for the runs' files; free some space or set WORK" >&2
  exit 1
fi
for n in $SIZES; do
  runs=$RUNS
  [ "$n" -ge 10000 ] && runs=$RUNS_LARGE
  for ((i = 1; i <= runs; i++)); do
    floor_run
    batch_run "$n" 1
    batch_run "$n" 2
    echo "  N=$n run $i/$runs done" >&2
  done
done

# A teacher's sheet on the largest store, after its batch: a reissue of one class's first
# sheet, process start to its path on stdout (the PDF on disk and in the ledger), and to exit
# (the week's class files and manifest rebuilt too).
largest=${SIZES##* }
dir="$WORK/n$largest"
out=$last_out
pair=$(sqlite3 "$dir/run.sqlite" "SELECT student_id || ' ' || guardian_id FROM ledger
  WHERE kind = 'weekly' ORDER BY rowid LIMIT 1")
for ((i = 1; i <= 9; i++)); do
  sheet_timed "sheet-$largest" "$BIN" sheet --store "$dir/run.sqlite" --out "$out" \
    --student "${pair% *}" --guardian "${pair#* }" --week 2026-W46 --now "$NOW" \
    --reason "bench: a corrected mark"
done
# One more, phase by phase (PAPERDIARY_TRACE), for where its time goes.
PAPERDIARY_TRACE=1 "$BIN" sheet --store "$dir/run.sqlite" --out "$out" \
  --student "${pair% *}" --guardian "${pair#* }" --week 2026-W46 --now "$NOW" \
  --reason "bench: a corrected mark" 2>&1 >/dev/null | sed -n 's/^trace sheet: /  - /p' \
  >"$WORK/sheet-trace.txt"
rm -rf "$OUTS"

# --- the table ----------------------------------------------------------------------------------
python3 - "$RESULTS" "$WORK/sizes.tsv" "$SIZES" <<'EOF'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
sizes = {r[0]: (int(r[1]), int(r[2])) for r in (l.split("\t") for l in open(sys.argv[2]).read().splitlines())}
ns = sys.argv[3].split()

def med(name, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == name)

def peak(name):
    return max(int(r[3]) for r in rows if r[0] == name) / 1024

floor = 1000 / med("floor-1000-j1", 1)
print("| what | sheets | wall s | sheets/s | × floor | CPU s | peak RSS MiB | KiB/sheet |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
count, kib = sizes["size-floor"]
print(f"| C floor, 1 process | 1000 | {med('floor-1000-j1', 1):.2f} | {floor:.1f} | 1.00 | "
      f"{med('floor-1000-j1', 2):.2f} | {peak('floor-1000-j1'):.0f} | {kib / count:.1f} |")
wall = med("floor-1000-j2", 1)
print(f"| C floor, 2 processes of 500 | 1000 | {wall:.2f} | {1000 / wall:.1f} | "
      f"{1000 / wall / floor:.2f} | {med('floor-1000-j2', 2):.2f} | | |")
for n in ns:
    count, kib = sizes[f"size-{n}"]
    for jobs in (1, 2):
        name = f"paperdiary-{n}-j{jobs}"
        wall = med(name, 1)
        print(f"| `weekly --jobs {jobs}`, {n} students | {count} | {wall:.2f} | {count / wall:.1f} | "
              f"{count / wall / floor:.2f} | {med(name, 2):.2f} | {peak(name):.0f} | {kib / count:.1f} |")
print()
def rounds(a, b, i=1):
    wa = [float(r[i]) for r in rows if r[0] == a]
    wb = [float(r[i]) for r in rows if r[0] == b]
    return [x / y for x, y in zip(wa, wb)]

# Runs are interleaved (floor, --jobs 1, --jobs 2), so each round's own ratio is measured under
# the same load; the floor's two processes, in the same rounds, show what the machine gives two
# of anything at that moment.
# Each round's CPU of two against one, too: a round in which the machine ran both cores slower
# shows there as well as in the ratio (the same work costing ×1.4 the CPU).
def times(xs):
    return " ".join(f"×{x:.2f}" for x in xs)

floor_rounds = rounds("floor-1000-j1", "floor-1000-j2")
floor_cpu = rounds("floor-1000-j2", "floor-1000-j1", 2)
for n in ns:
    gain = med(f"paperdiary-{n}-j1", 1) / med(f"paperdiary-{n}-j2", 1)
    ours = rounds(f"paperdiary-{n}-j1", f"paperdiary-{n}-j2")
    cpu = rounds(f"paperdiary-{n}-j2", f"paperdiary-{n}-j1", 2)
    floors, floor_rounds = floor_rounds[:len(ours)], floor_rounds[len(ours):]
    floors_cpu, floor_cpu = floor_cpu[:len(ours)], floor_cpu[len(ours):]
    print(f"- {n} students: `--jobs 2` issues ×{gain:.2f} the sheets per second of `--jobs 1` "
          f"(round by round: {times(ours)}; the floor's two processes in the same rounds: "
          f"{times(floors)}); CPU of two against one, round by round: {times(cpu)} (the floor: "
          f"{times(floors_cpu)})")
small, large = ns[0], ns[-1]
ratio = peak(f"paperdiary-{large}-j1") / peak(f"paperdiary-{small}-j1")
print(f"- peak RSS, `--jobs 1`: {large} students ×{ratio:.2f} of {small}")
name = f"sheet-{large}"
runs = " ".join(f"{float(r[1]) * 1000:.0f}" for r in rows if r[0] == name + "-path")
print(f"- a teacher's `sheet` (a reissue) on the {large}-student store: median "
      f"{med(name + '-path', 1) * 1000:.0f} ms from process start to the PDF on disk (its path "
      f"printed; runs {runs} ms), {med(name, 1) * 1000:.0f} ms to exit with the class files "
      f"and manifest rebuilt, peak {peak(name):.0f} MiB")
EOF
echo "- the same, once more, phase by phase:"
cat "$WORK/sheet-trace.txt"

if [ "$PEERS" = all ]; then
  echo
  echo "Every peer (../shared/bench-peers/run.sh, about 45 minutes):"
  OUT="$WORK/peers" "$PEERS_DIR/run.sh" >"$WORK/peers.log" 2>&1
  cat "$WORK/peers/results/table.md"
fi
