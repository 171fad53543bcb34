#!/usr/bin/env bash
# Results benchmark (issue 7): "study complete -> result normalised" on the DICOM round trip, with the
# sandbox DICOM vendor (nodule detector, answering at once) as the algorithm. N generated CT studies
# go one after another through an in-process gateway (embedded H2); the latency of each is taken from
# the gateway's own timestamps (study completed_at -> result received_at). Prints p50/p95/p99 and
# their ratio to a reference measured in the same run: storescu sending the same study to a dcmtk
# storescp. Target: p99 under 500 ms on this machine. Not a test: numbers on a shared 2-core machine
# are noisy.
#
#   bench/results.sh [--studies 30] [--slices 16] [--matrix 128] [--xmx 512m]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
studies=30; slices=16; matrix=128; xmx=512m
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies=$2; shift 2;; --slices) slices=$2; shift 2;;
    --matrix) matrix=$2; shift 2;; --xmx) xmx=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
source "$here/bench/lib.sh"
bench_setup results-bench
"$here/varde" --help >/dev/null   # builds the jar when stale
scp_port=$(free_port); mkdir -p "$work/storescp"
storescp -od "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 & scp_pid=$!; pids+=("$scp_pid")
wait_port "$scp_port" "$scp_pid" "$work/storescp.log"
java -Xmx"$xmx" -cp "$here/gateway/target/varde.jar" "$here/bench/ResultsBench.java" \
  "$work" "$studies" "$slices" "$matrix" "$scp_port" 2>"$work/bench.err" || { tail -40 "$work/bench.err" >&2; exit 1; }
