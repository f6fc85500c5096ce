#!/usr/bin/env bash
# A short run of every fuzz target (SECONDS each, default 30) from the committed seeds, for CI.
# Fails if any target finds a crash.
set -euo pipefail
cd "$(dirname "$0")"
each=${1:-30}
# As in campaign.sh: the encoder targets without comparison tracing, `verify` with it.
cargo +nightly fuzz build -O --no-trace-compares
cargo +nightly fuzz build -O verify
bin=target/x86_64-unknown-linux-gnu/release
for t in roundtrip close_cost rollback frame cap_edges ahead verify; do
  work=$(mktemp -d)
  if "$bin/$t" "$work" "seeds/$t" -max_total_time="$each" -dict=dict/deflate.dict \
      -print_final_stats=1 -artifact_prefix="$work/" >"$work/log" 2>&1; then
    echo "fuzz smoke $t: ran ${each}s, $(grep -oE 'stat::number_of_executed_units: [0-9]+' "$work/log" | grep -oE '[0-9]+' || grep -oE '^#[0-9]+' "$work/log" | tail -1) executions, no crash"
  else
    echo "fuzz smoke $t: CRASH"; tail -40 "$work/log"; exit 1
  fi
  rm -rf "$work"
done
