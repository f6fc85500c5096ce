#!/usr/bin/env bash
# The long fuzz campaign: every target in turn for SECONDS_EACH seconds (default 720 = 12 min),
# or until RUNS executions when RUNS is set (whichever comes first), seeded from seeds/ (bundled
# log slices), working corpus in corpus/, crashes in artifacts/<target>/. All targets are built first, so later edits to the tree do not
# change what is being fuzzed. Logs go to logs/<target>.log.
#   fuzz/campaign.sh [SECONDS_EACH] [TARGET...]
# SANITIZER=address (or any cargo-fuzz -s value) builds with a sanitizer; the default is none:
# the encoder and the crate forbid unsafe code, so AddressSanitizer would only watch the C
# inflaters the targets decode with, at half the executions a second.
set -uo pipefail
cd "$(dirname "$0")"
each=${1:-720}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(roundtrip close_cost rollback frame cap_edges ahead verify)
# The encoder targets are built without comparison tracing (-sanitizer-coverage-trace-compares):
# their inputs are data, not magic values to guess, and tracing every comparison in the
# encoder's hot loops made them 3-4x slower. `verify`, which parses frames, keeps it.
cargo +nightly fuzz build -O -s "${SANITIZER:-none}" --no-trace-compares || exit 1
cargo +nightly fuzz build -O -s "${SANITIZER:-none}" verify || exit 1
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  "$bin/$t" "corpus/$t" "seeds/$t" -max_total_time="$each" ${RUNS:+-runs="$RUNS"} -dict=dict/deflate.dict \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 \
    || echo "$t: FAILED, see logs/$t.log and artifacts/$t/"
  grep -E "^#[0-9]+ +DONE|^Done" "logs/$t.log" | tail -2 | sed "s/^/$t: /"
done
