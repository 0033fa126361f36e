#!/usr/bin/env bash
# The suite under CPU load: runs the full `deno task test` several times in a row (default 3)
# while busy loops keep every core busy, so a test that depends on an idle machine shows up.
# Usage: dev/load_suite.sh [runs]   (or `deno task test:load [runs]`). See docs/testing.md.
# Exits non-zero when any run failed; every run's summary line is printed at the end.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: Cannot run the load suite: runs must be a positive whole number, got \"$runs\"" >&2
  exit 2
fi
cores="$(nproc)"

# One busy loop per core, at normal priority: the tests compete with them for every core.
burners=()
suite=""
stop_all() {
  # The suite runs in its own process group (setsid): end it with everything it started.
  if [ -n "$suite" ]; then kill -- "-$suite" 2>/dev/null || true; fi
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$cores"); do
  (while :; do :; done) &
  burners+=("$!")
done
echo "load-suite: ${cores} busy loops started (pids ${burners[*]}); ${runs} runs of deno task test"

summaries=()
failed=0
for run in $(seq "$runs"); do
  log="$(mktemp -t countersign_load_XXXXXX.log)"
  started="$(date +%s)"
  echo "load-suite: run ${run}/${runs} started $(date -u +%H:%M:%S) UTC (log: ${log})"
  status=0
  # In the background and awaited, so an interrupt stops it at once instead of after the run.
  setsid deno task test </dev/null >"$log" 2>&1 &
  suite="$!"
  wait "$suite" || status=$?
  suite=""
  took=$(($(date +%s) - started))
  summary="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^(ok|FAILED) \| [0-9]+ passed' | tail -n 1 || true)"
  [ -n "$summary" ] || summary="(no test summary: $(tail -n 1 "$log"))"
  line="run ${run}: exit ${status}, $((took / 60)) m $((took % 60)) s, ${summary}"
  summaries+=("$line")
  echo "load-suite: ${line}"
  if [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
    # The failing tests' names (Deno's FAILURES list), so the run can be read without the log.
    sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^ *FAILURES *$/ { on = 1 } on && / => /' |
      head -n 20 || true
  else
    rm -f "$log"
  fi
done

echo "load-suite: ${runs} runs with ${cores} busy loops:"
printf '  %s\n' "${summaries[@]}"
if [ "$failed" -ne 0 ]; then
  echo "load-suite: ${failed} of ${runs} runs failed (logs kept above)"
  exit 1
fi
echo "load-suite: all ${runs} runs passed"
