#!/usr/bin/env bash
# Builds the benchmarks jar and runs every benchmark; JMH's JSON lands in
# bt-benchmarks/target/jmh-result.json (and the text report in bt-benchmarks/target/jmh-result.txt).
#
#   bt-benchmarks/run.sh            full run: the annotations' settings (about 10 minutes on 2 cores)
#   bt-benchmarks/run.sh --quick    one fork, short iterations, 100,000 tasks for the heap figure
#                                   (under 3 minutes on 2 cores)
#   bt-benchmarks/run.sh [--quick] [JMH options...]   e.g. EndToEnd -p threads=2,4,8 -prof gc
#
# Uses JAVA_HOME's java when set, else the java on the PATH; builds with ./mvnw, or mvn without it.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

jmh_options=()
if [[ "${1:-}" == "--quick" ]]; then
  shift
  jmh_options=(-f 1 -wi 1 -w 1s -i 2 -r 1s -p heapTasks=100000)
fi

mvn_cmd=(mvn)
if [[ -x ./mvnw ]]; then
  mvn_cmd=(./mvnw)
fi
# -am builds bt-core and bt-executor-local from this checkout; package stops before the
# verify-phase checks (formatting, dependency analysis), which a benchmark run does not need.
"${mvn_cmd[@]}" -q -B -pl bt-benchmarks -am package -DskipTests

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out=bt-benchmarks/target
"$java_cmd" -jar "$out/benchmarks.jar" "${jmh_options[@]}" "$@" \
  -rf json -rff "$out/jmh-result.json" -o "$out/jmh-result.txt"
echo "JMH report: $out/jmh-result.txt; JSON: $out/jmh-result.json"
