#!/usr/bin/env bash
# End-to-end delivery benchmark (issue 8): N generated CT studies sent by dcmtk storescu at a steady
# rate (default 5 studies/s) to a running gateway, routed to the sandbox DICOM vendor answering at
# once with a TID 1500 SR (a 10 mm nodule, told: the vendor's own time is not measured), delivered to
# a real Orthanc (SR by C-STORE), a HAPI FHIR server (transaction Bundle with a Task, priority
# urgent) and HAPI's MLLP listener (ORU^R01). Prints, per sink, p50/p95/p99 of "last instance of the
# study received -> SR stored in Orthanc / FHIR Task accepted / HL7 ACK", from the gateway's own
# delivery rows; the same minus the completion wait the route imposes (idle timeout); and, as the
# reference measured in the same run, each sink's own time (claim to acknowledgement) with the ratio
# end-to-end / sink; and each stage between (completion and routing, claim, dispatch and the vendor's
# association, result back, hand-over, each lane's queue and send), p50/p95/max from the rows' timestamps.
# The validator is warmed on a result bundle before the gateway starts: steady state, not HAPI's first load.
# Target (issue 8): p99 < 1 s beyond the completion wait at 5 studies/s.
# Not a test: numbers on a shared 2-core machine are noisy (the load average is printed).
#
#   bench/e2e.sh [--studies 20] [--rate 5] [--idle 1] [--warmup 0]
#
# --warmup N first sends N more studies the same way and waits until they are delivered, unmeasured:
# the JIT has then compiled the pipeline (HAPI's validation above all), so what follows is steady state.
#
# To see where the time goes, pass JVM options to the gateway's JVM through Maven, e.g. a flight recording:
#   BENCH_MVN_ARGS='-DargLine=-XX:StartFlightRecording=filename=/tmp/e2e.jfr,settings=profile' bench/e2e.sh
# then `jfr print --events jdk.ExecutionSample /tmp/e2e.jfr` (samples by thread: varde-delivery-<sink>-N
# are the lanes, qtp* the test FHIR server, vert.x-worker* JDBC and hand-over).
#
# The harness is gateway/src/test/java/org/varde/gateway/delivery/EndToEndBench.java, run by surefire
# (the FHIR server and MLLP listener are the test suite's), skipped in the normal suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
studies=20; rate=5; idle=1; warmup=0
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies=$2; shift 2;; --rate) rate=$2; shift 2;; --idle) idle=$2; shift 2;; --warmup) warmup=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
export TCP_NODELAY=1
cd "$here"
log=$(mktemp /tmp/varde-e2e.XXXXXX.log)
if ! mvn -B -q -o -pl gateway -am ${BENCH_MVN_ARGS:-} -Dtest=EndToEndBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvarde.bench.e2e=true -Dvarde.bench.studies="$studies" -Dvarde.bench.rate="$rate" -Dvarde.bench.idle="$idle" -Dvarde.bench.warmup="$warmup" \
    verify >"$log" 2>&1; then
  tail -40 "$log" >&2; exit 1
fi
report="$here/gateway/target/surefire-reports/org.varde.gateway.delivery.EndToEndBench-output.txt"
grep '^BENCH ' "$report" | sed 's/^BENCH //'
rm -f "$log"
