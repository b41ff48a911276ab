#!/usr/bin/env bash
# Compares two or more engine_bench binaries on one benchmark, alternating them so that the machine's changing
# load falls on all of them alike, pinned to one core. Prints the minimum and the median real time of every
# repetition per binary (the minimum is the least disturbed figure; the median shows what a run usually sees).
#
#   benchmarks/ab.sh FILTER ROUNDS OLD_BENCH NEW_BENCH...
#   benchmarks/ab.sh BM_Replication 10 /tmp/engine_bench.old build/benchmarks/engine_bench
#
# Each round runs every binary once with 5 repetitions. On this shared 2-core machine use 10 rounds (50
# repetitions) or more: 4 rounds have shown a 20 % difference between two binaries that 10 rounds did not.
# AB_CORE=N pins to core N (default 1). A BENCH may be a script that sets an environment and execs a binary.
set -euo pipefail

if [[ $# -lt 4 ]]; then
  echo "usage: $0 FILTER ROUNDS BENCH_A BENCH_B [BENCH...]" >&2
  exit 2
fi
filter=$1
rounds=$2
if ! [[ $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: ROUNDS must be a positive whole number, not '$rounds'" >&2
  exit 2
fi
shift 2
core=${AB_CORE:-1}

# One benchmark: the figures of several would be mixed.
matches=$("$1" --benchmark_list_tests --benchmark_filter="$filter" | wc -l)
if [[ $matches -ne 1 ]]; then
  echo "$0: the filter '$filter' selects $matches benchmarks of $1, not one" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for ((r = 0; r < rounds; ++r)); do
  for ((b = 1; b <= $#; ++b)); do
    # CSV: name,iterations,real_time,... (the name is quoted and may hold commas); aggregates left out.
    taskset -c "$core" "${!b}" --benchmark_filter="$filter" --benchmark_repetitions=5 --benchmark_format=csv \
      2>/dev/null | grep '^"' | grep -v '_\(mean\|median\|stddev\|cv\)",' |
      sed 's/^"[^"]*",//' | cut -d, -f2,4 >>"$work/$b" || true
  done
done

for ((b = 1; b <= $#; ++b)); do
  sort -t, -k1 -g "$work/$b" | awk -F, -v name="${!b}" '
    { t[NR] = $1; unit = $2 }
    END {
      if (NR == 0) { printf "%s: no result for this filter\n", name; exit 1 }
      printf "%-50s min %10.3f  median %10.3f %s  (%d repetitions)\n", name, t[1], t[int((NR + 1) / 2)], unit, NR
    }' || status=1
done
exit "${status:-0}"
