#!/usr/bin/env bash
# Runs a Jazzer fuzz test in fuzzing mode for a bounded time.
#
#   bench/fuzz.sh [TestClass[#method]] [seconds]
#
#   bench/fuzz.sh                                  # DataSetReaderFuzzTest, every @FuzzTest method, 60 s each
#   bench/fuzz.sh DataSetReaderFuzzTest#readDataSet 300
#   bench/fuzz.sh PduDecoderFuzzTest 120
#
# The class is found by its file name under */src/test/java, so any module's fuzz test works.
# Jazzer fuzzes one method per JVM, so a class with several @FuzzTest methods is fuzzed one method
# after the other, each for the given time (JAZZER_MAX_DURATION overrides @FuzzTest(maxDuration)).
#
# A finding (crash, hang, excessive allocation) fails the run and Jazzer writes the input that caused
# it into the test's inputs directory, src/test/resources/<package>/<Class>Inputs/<method>/, which is
# what the plain test suite (regression mode) replays. To keep it as a regression input: fix the bug,
# check that `mvn test -Dtest=<Class>` passes with the new file, then `git add` that file.
# The corpus Jazzer grows while fuzzing lives in <module>/.cifuzz-corpus/ (ignored by git).
set -euo pipefail

target="${1:-DataSetReaderFuzzTest}"
seconds="${2:-60}"
class="${target%%#*}"
method=""
[[ "$target" == *"#"* ]] && method="${target#*#}"

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

source_file="$(find . -path '*/src/test/java/*' -name "$class.java" -not -path '*/target*' | head -n 1)"
if [[ -z "$source_file" ]]; then
    echo "fuzz.sh: no test class $class.java under */src/test/java" >&2
    exit 2
fi
module="${source_file#./}"
module="${module%%/src/test/java/*}"
package_path="$(dirname "${source_file#*/src/test/java/}")"
package="${package_path//\//.}"

if [[ -n "$method" ]]; then
    methods=("$method")
else
    # method names following each @FuzzTest annotation
    mapfile -t methods < <(awk '/@FuzzTest/ {want=1; next} want && /void [A-Za-z0-9_]+\(/ {
        match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); want=0 }' "$source_file")
fi
if [[ ${#methods[@]} -eq 0 ]]; then
    echo "fuzz.sh: no @FuzzTest method in $source_file" >&2
    exit 2
fi

offline="-o"
[[ "${FUZZ_ONLINE:-0}" == "1" ]] && offline=""

inputs="$module/src/test/resources/$package_path/${class}Inputs"
status=0
for m in "${methods[@]}"; do
    echo "== fuzzing $package.$class#$m in $module for ${seconds}s"
    if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" \
        mvn -B $offline -Dvarde.buildDir=target-fuzz -pl "$module" -am test \
            -Dtest="$package.$class#$m" -Dsurefire.failIfNoSpecifiedTests=false \
            -Djazzer.max_duration="${seconds}s" -DargLine="-Xmx1g"; then
        status=1
        echo "== FINDING in $class#$m: the input that caused it is now under $inputs/$m/" >&2
        echo "   reproduce:  mvn -B -o -pl $module test -Dtest='$class'   (regression mode replays it)" >&2
        echo "   keep it:    fix the bug, rerun the line above until it passes, then git add $inputs/$m/" >&2
    fi
done
if [[ $status -eq 0 ]]; then
    echo "== no findings; new corpus entries (if any) are in $module/.cifuzz-corpus/ (not committed)"
fi
exit $status
