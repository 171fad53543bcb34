#!/usr/bin/env bash
# DICOMweb benchmark (issue 7), two parts in one run:
#
# 1. Send: one generated CT study sent to the same real Orthanc (with its DICOMweb plugin) by Varde's
#    DICOMweb adapter (one STOW-RS request, multipart/related streamed from the files) and, as the
#    reference in the same run, by dcmtk storescu over C-STORE (TCP_NODELAY=1), alternating, the study
#    deleted from Orthanc between rounds. Prints each round, the medians and the ratio STOW-RS / C-STORE.
# 2. Latency (DicomWebPathBench, by surefire): N generated CT studies through the DICOMweb path with the
#    sandbox PE vendor answering at once (its SR pushed to Varde's STOW-RS endpoint; then again with the
#    vendor keeping its SR and Varde polling QIDO-RS every second, WADO-RS fetch) and, as the reference
#    in the same run, through the DICOM round trip (sandbox vendor, SR by C-STORE at once). Prints per
#    path results/s and p50/p95/p99 of "study complete -> result normalised", and the DICOMweb/DICOM ratios.
#
# Not a test: a shared 2-core machine is noisy (load printed); compare ratios, not absolute times.
#
#   bench/dicomweb.sh [--slices 100] [--size 512] [--rounds 5] [--studies 30] [--send-only] [--latency-only]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
send_args=(); studies=30; send=1; latency=1
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies=$2; shift 2;;
    --send-only) latency=0; shift;;
    --latency-only) send=0; shift;;
    --slices|--size|--rounds) send_args+=("$1" "$2"); shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
source "$here/bench/lib.sh"
bench_setup dicomweb

cd "$here"
if [ "$send" = 1 ]; then
  echo "== send: STOW-RS by the adapter vs C-STORE by storescu, same study, same Orthanc"
  # the runnable jar holds the adapter, the generator and LocalOrthanc (test-data is a runtime dependency)
  mvn -B -q -o -pl gateway -am -DskipTests package >"$work/mvn.log" 2>&1 || { tail -30 "$work/mvn.log" >&2; exit 1; }
  java -Xmx512m -cp "$here/gateway/target/varde.jar" "$here/bench/DicomWebBench.java" --work "$work" "${send_args[@]}" \
    2>"$work/bench.log" || { tail -40 "$work/bench.log" >&2; exit 1; }
fi
if [ "$latency" = 1 ]; then
  echo "== latency: study complete -> result normalised, DICOMweb (push, poll) vs DICOM round trip"
  mvn -B -q -o -pl gateway -am -Dtest=DicomWebPathBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvarde.bench=true -Dvarde.bench.studies="$studies" -Dvarde.bench.out="$work/latency.txt" \
    verify >"$work/latency.log" 2>&1 || { tail -40 "$work/latency.log" >&2; exit 1; }
  cat "$work/latency.txt"
fi
