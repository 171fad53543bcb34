#!/usr/bin/env bash
# End-to-end delivery benchmark (issue 8): N generated CT studies sent by dcmtk storescu at a steady
# rate (default 5 studies/s) to a running gateway, routed to the sandbox DICOM vendor answering at
# once with a TID 1500 SR (a 10 mm nodule), delivered to a real Orthanc (SR by C-STORE), a HAPI FHIR
# server (transaction Bundle with a Task, priority urgent) and HAPI's MLLP listener (ORU^R01).
# Prints, per sink, p50/p95/p99 of "last instance of the study received -> SR stored in Orthanc /
# FHIR Task accepted / HL7 ACK", from the gateway's own delivery rows; the same minus the
# completion wait the route imposes (idle timeout); and, as the reference measured in the same run,
# each sink's own time (claim to acknowledgement) with the ratio end-to-end / sink.
# Target (issue 8): p99 < 1 s beyond the completion wait at 5 studies/s.
# Not a test: numbers on a shared 2-core machine are noisy (the load average is printed).
#
#   bench/e2e.sh [--studies 20] [--rate 5] [--idle 1]
#
# The harness (bench/E2eBench.java) runs on the gateway's test class path (the FHIR server and MLLP
# listener are the test suite's), which Maven computes offline after a test-compile.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=("$@")
source "$here/bench/lib.sh"
bench_setup e2e

cd "$here"
mvn -B -q -o -pl gateway -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >"$work/mvn.log" 2>&1 \
  || { tail -30 "$work/mvn.log" >&2; exit 1; }
cp="$here/gateway/target/test-classes:$here/gateway/target/classes:$(cat "$work/cp.txt")"
java -Xmx1g -cp "$cp" "$here/bench/E2eBench.java" --work "$work" "${args[@]}" 2>"$work/gateway.log" \
  || { tail -40 "$work/gateway.log" >&2; exit 1; }
