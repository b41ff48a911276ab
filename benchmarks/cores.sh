#!/usr/bin/env bash
# Whether the two cores of this machine slow each other down, two ways, alternating in every round so that the
# machine's changing load falls on all of them alike:
#   - one replication of EN 2024 (BM_Replication, 5 repetitions) pinned to core 1 alone, and then two such
#     processes at once, pinned to core 0 and core 1;
#   - jcsim run on EN 2024 (--quiet --format csv, 400 replications) with --threads 1 pinned to core 1, and with
#     --threads 2: processor (user) time per replication; it includes loading the scenario and the summary, ≈2–3 %
#     of it alike in both (a run of 2 replications takes 0.06–0.08 s of user time).
# Prints the medians and the ratios together/alone and 2 threads/1 thread (1.00: no contention).
#
#   benchmarks/cores.sh [ROUNDS] [BUILD_DIR]      (defaults: 5 rounds, build)
#
# Needs two cores, engine_bench (-DJCSIM_BENCHMARKS=ON) and GNU time (/usr/bin/time). About 12 s a round.
set -euo pipefail

rounds=${1:-5}
build=${2:-build}
if ! [[ $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: ROUNDS must be a positive whole number, not '$rounds'" >&2
  exit 2
fi
bench=$build/benchmarks/engine_bench
jcsim=$build/jcsim
for f in "$bench" "$jcsim" /usr/bin/time; do
  if [[ ! -x $f ]]; then
    echo "$0: $f is missing (build with -DJCSIM_BENCHMARKS=ON; GNU time: apt-get install time)" >&2
    exit 2
  fi
done
if [[ $(nproc) -lt 2 ]]; then
  echo "$0: this machine has $(nproc) core; the comparison needs two" >&2
  exit 2
fi
scenario=$(dirname "$0")/../scenarios/en2024.textproto
reps=400

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The real times (ms) of each repetition of BM_Replication on core $1, appended to file $2.
replication() {
  taskset -c "$1" "$bench" --benchmark_filter='BM_Replication$' --benchmark_repetitions=5 --benchmark_format=csv \
    2>/dev/null | grep '^"' | grep -v '_\(mean\|median\|stddev\|cv\)",' | sed 's/^"[^"]*",//' | cut -d, -f2 >>"$2"
}

# Processor milliseconds per replication of jcsim run with $1 threads, run under the command $2..., appended to
# $work/t$1.
run_user() {
  local threads=$1
  shift
  "$@" /usr/bin/time -f '%U' -o "$work/time" "$jcsim" run "$scenario" --reps "$reps" --threads "$threads" --quiet \
    --format csv --out "$work/out" >/dev/null
  awk -v r="$reps" '{ printf "%.6f\n", 1000 * $1 / r }' "$work/time" >>"$work/t$threads"
}

for ((r = 1; r <= rounds; ++r)); do
  replication 1 "$work/alone"
  replication 0 "$work/together0" &
  replication 1 "$work/together1"
  wait
  run_user 1 taskset -c 1
  run_user 2 env
  echo "round $r of $rounds done" >&2
done

median() { sort -g "$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
alone=$(median "$work/alone")
cat "$work/together0" "$work/together1" >"$work/together"
together=$(median "$work/together")
t1=$(median "$work/t1")
t2=$(median "$work/t2")
awk -v a="$alone" -v b="$together" -v t1="$t1" -v t2="$t2" -v n="$rounds" 'BEGIN {
  printf "BM_Replication, pinned: alone %.3f ms, both cores at once %.3f ms", a, b
  printf " (median of %d and %d repetitions): %.3f\n", 5 * n, 10 * n, b / a
  printf "jcsim run, user time per replication: --threads 1 %.3f ms, --threads 2 %.3f ms", t1, t2
  printf " (median of %d runs): %.3f\n", n, t2 / t1
}'
