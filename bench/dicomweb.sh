#!/usr/bin/env bash
# DICOMweb send benchmark (issue 7): one generated CT study sent to the same real Orthanc (with its
# DICOMweb plugin) by Varde's DICOMweb adapter (one STOW-RS request, multipart/related streamed from
# the files) and, as the reference in the same run, by dcmtk storescu over C-STORE (TCP_NODELAY=1),
# alternating, the study deleted from Orthanc between rounds. Prints each round, the medians and the
# ratio STOW-RS / C-STORE. Orthanc's own storing cost is in both; the ratio shows what the protocol
# (and Varde's client) costs against DICOM's. Not a test: a shared 2-core machine is noisy (load printed).
#
#   bench/dicomweb.sh [--slices 100] [--size 512] [--rounds 5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=("$@")
source "$here/bench/lib.sh"
bench_setup dicomweb

cd "$here"
# the runnable jar holds the adapter, the generator and LocalOrthanc (test-data is a runtime dependency)
mvn -B -q -o -pl gateway -am -DskipTests package >"$work/mvn.log" 2>&1 || { tail -30 "$work/mvn.log" >&2; exit 1; }
java -Xmx512m -cp "$here/gateway/target/varde.jar" "$here/bench/DicomWebBench.java" --work "$work" "${args[@]}" \
  2>"$work/bench.log" || { tail -40 "$work/bench.log" >&2; exit 1; }
