#!/usr/bin/env bash
# REST path benchmark (issue 7): N generated wrist radiographs sent by storescu to Varde, routed to the
# sandbox fracture vendor over its REST/JSON API (multipart POST, webhook back, JSON fetched and mapped
# with the catalogue's JSON Pointers), the vendor answering at once (its detector runs, nothing waits).
# Reference in the same run: the same studies through the DICOM round trip (sandbox storage SCP answering
# with a TID 1500 SR at once), before (warm-up) and after the REST run. Prints, per path:
#   - results per second: N / (first job created .. last result recorded)
#   - p50/p95/p99 of "study complete -> result normalised": job created (the study completed and was
#     routed) to the normalised result recorded, both from the store's timestamps
#   - the REST/DICOM ratios (compare ratios, not absolute times: the machine is shared and loaded)
# Not a test: RestPathBench is skipped unless -Dvarde.bench=true.
#
#   bench/rest.sh [--studies 40] [--matrix 256]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
studies=40; matrix=256
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies=$2; shift 2;; --matrix) matrix=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
out="$(mktemp -t varde-rest-bench.XXXXXX)"
trap 'rm -f "$out"' EXIT
cd "$here"
export TCP_NODELAY=1   # storescu (dcmtk) sends with Nagle off
mvn -B -q -pl gateway -am -Dtest=RestPathBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dvarde.bench=true -Dvarde.bench.studies="$studies" -Dvarde.bench.matrix="$matrix" -Dvarde.bench.out="$out" \
  verify >/dev/null
cat "$out"
