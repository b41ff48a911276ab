#!/bin/bash
# mpirun -np 2 and -np 3 give byte-identical outputs to one process, for run, compare and sweep.
# Usage: mpi_identical.sh JCSIM_BINARY SOURCE_DIR. The root flags of Open MPI come from the test's environment.
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario="$src/scenarios/en2024.textproto"
mpi() { mpirun --oversubscribe --mca btl self,vader -np "$@"; }
axis1='instrument[start_en].capacity.amount=140,170'
axis2='budget_title[egt].year[2024].amount=9000000,12000000'
set_variant='instrument[start_en].capacity.amount=170'

"$bin" run "$scenario" --reps 7 --out "$work/run1" --quiet
"$bin" compare "$scenario" "$scenario" --set "$set_variant" --reps 5 --out "$work/cmp1" --quiet
"$bin" sweep "$scenario" --set "$axis1" --set "$axis2" --reps 5 --out "$work/sweep1" --quiet
for k in 2 3; do
  mpi "$k" "$bin" run "$scenario" --reps 7 --out "$work/run$k" --quiet
  mpi "$k" "$bin" compare "$scenario" "$scenario" --set "$set_variant" --reps 5 --out "$work/cmp$k" --quiet
  mpi "$k" "$bin" sweep "$scenario" --set "$axis1" --set "$axis2" --reps 5 --out "$work/sweep$k" --quiet
  for f in run/summary.csv run/instruments.csv run/budget.csv cmp/compare.csv sweep/sweep.csv; do
    one="$work/${f%%/*}1/${f#*/}"
    many="$work/${f%%/*}$k/${f#*/}"
    if ! cmp -s "$one" "$many"; then
      echo "FAIL: $f differs between 1 process and $k ranks" >&2
      diff "$one" "$many" | head -5 >&2
      exit 1
    fi
  done
  ranks=$(sqlite3 "$work/run$k/results.sqlite" "SELECT ranks FROM run")
  [ "$ranks" = "$k" ] || { echo "FAIL: the store records $ranks ranks, not $k" >&2; exit 1; }
  echo "ok: $k ranks give byte-identical run, compare and sweep outputs"
done
# A run that fails validation fails on every rank with exit code 2 and one message.
bad="$work/bad.textproto"
echo 'name: "x" bogus_field: 1' > "$bad"
set +e
mpi 2 "$bin" run "$bad" --quiet 2> "$work/bad.err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "FAIL: a bad scenario under mpirun exits $code, not 2" >&2; exit 1; }
lines=$(grep -c "bogus_field" "$work/bad.err" || true)
[ "$lines" -eq 1 ] || { echo "FAIL: the message appears $lines times, not once" >&2; cat "$work/bad.err" >&2; exit 1; }
echo "ok: bad input under mpirun: exit 2, one message"
# An unusable --out is refused before the run on every rank (rank 0 checks, the others follow): exit 2, one
# message, no rank left waiting.
touch "$work/in_the_way"
set +e
mpi 2 "$bin" run "$scenario" --reps 4 --out "$work/in_the_way" --quiet 2> "$work/out.err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "FAIL: an unusable --out under mpirun exits $code, not 2" >&2; cat "$work/out.err" >&2; exit 1; }
lines=$(grep -c "a file of that name is in the way" "$work/out.err" || true)
[ "$lines" -eq 1 ] || { echo "FAIL: the --out message appears $lines times, not once" >&2; cat "$work/out.err" >&2; exit 1; }
echo "ok: an unusable --out under mpirun: exit 2, one message"
