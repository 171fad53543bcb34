#!/usr/bin/env bash
# Installs what the test suite talks to: real DICOM peers from Debian's packages.
# Idempotent: does nothing when everything is already there. Needs root (the CI machine is root).
set -euo pipefail

need=()
command -v java >/dev/null      || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null       || need+=(maven)
command -v storescu >/dev/null  || need+=(dcmtk)
command -v Orthanc >/dev/null || [ -x /usr/sbin/Orthanc ] || need+=(orthanc)
[ -e /usr/share/orthanc/plugins/libOrthancDicomWeb.so ] || need+=(orthanc-dicomweb)
command -v dciodvfy >/dev/null  || need+=(dicom3tools)
# PixelMed's DicomSRValidator checks the SRs Varde writes against the PS3.16 templates
[ -e /usr/share/java/pixelmed.jar ] || need+=(libpixelmed-java)
# the summary image is drawn with Java2D, which needs fontconfig and a font even when headless
fc-list 2>/dev/null | grep -q . || need+=(fontconfig fonts-dejavu-core)
# the web UI's browser test: Debian's chromium driven by playwright-core (npm, below)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v node >/dev/null      || need+=(nodejs)
command -v npm >/dev/null       || need+=(npm)
# deploy/prometheus/varde-alerts.yml is checked with promtool
command -v promtool >/dev/null  || need+=(prometheus)
# the ATNA audit export is tested against a real syslog collector: rsyslog, with its TLS driver
[ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1 || need+=(rsyslog-gnutls)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Orthanc's package tries to start a system service; the tests start their own instances.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# playwright-core and axe-core, pinned by gateway/src/test/ui/package-lock.json; npm ci only when missing
# or older than the lockfile. --ignore-scripts: nothing runs at install (playwright-core downloads no
# browser; the test uses Debian's chromium).
ui_tests="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/gateway/src/test/ui"
if [ ! -d "$ui_tests/node_modules/playwright-core" ] || [ "$ui_tests/package-lock.json" -nt "$ui_tests/node_modules/.package-lock.json" ]; then
  echo "installing the browser test's npm packages in $ui_tests"
  (cd "$ui_tests" && npm ci --ignore-scripts --no-audit --no-fund)
fi
