#!/usr/bin/env bash
# Builds the benchmarks jar and runs the benchmarks; JMH's JSON lands in
# bt-benchmarks/target/jmh-result.json (and the console report in bt-benchmarks/target/jmh-result.txt).
#
#   bt-benchmarks/run.sh              full run: every benchmark with the annotations' settings
#                                     (the SQL set alone about 17 minutes on 2 cores)
#   bt-benchmarks/run.sh --quick      the in-memory set (end to end beside the bare pool, submit and
#                                     dedup-join latency, queue position at 100k, heap per task at
#                                     1M) with 1 fork, 2 warm-up + 3 measured iterations of 2 s: under 3 min
#   bt-benchmarks/run.sh --quick --postgres
#                                     the PostgreSQL comparison (bt-manager 1 node, db-scheduler,
#                                     JobRunr, bt-manager on Quartz, Quartz's JDBC store) with
#                                     1,000-task batches, and Submit.latencyPostgres
#   bt-benchmarks/run.sh --postgres   only the SQL set (EndToEnd.postgres/h2/dbScheduler/jobRunr,
#                                     EndToEnd.quartz/quartzJdbc,
#                                     Submit.latencyPostgres, QueuePosition.postgres100k*)
#   bt-benchmarks/run.sh --redis      only the Redis set: EndToEnd.redis (1 and 2 nodes) beside
#                                     EndToEnd.bullmq (BullMQ from npm, installed into
#                                     bt-benchmarks/bullmq by npm ci on first use, driven by the
#                                     harness), Submit.latencyRedis(+SetFloor), QueuePosition.redis100k*; each
#                                     fork starts its own redis-server (Debian's) with the same settings
#   bt-benchmarks/run.sh --quick --redis
#                                     the same with 1,000-task batches and short iterations
#   bt-benchmarks/run.sh [--quick|--postgres|--redis] [JMH options...]
#                                     e.g. EndToEnd.inMemory -p threads=2,4,8 -prof gc
#
# A JMH regex among the options replaces the mode's set; options alone (e.g. -f 1) apply to it. The SQL end-to-end benchmarks run
# `sqlBatch` tasks per invocation and JMH must divide by the same number: a run with other batches
# passes both, e.g. -p sqlBatch=1000 -opi 1000 (the benchmark refuses a mismatch); since -opi
# applies to every benchmark of a JMH run, --quick runs the end-to-end set in a JMH run of its own
# and merges the JSON files.
#
# Uses JAVA_HOME's java when set, else the java on the PATH; builds with ./mvnw, or mvn without it.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode=full
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick; shift ;;
    --postgres) postgres_only=1; shift ;;
    --redis) redis_only=1; shift ;;
    *) break ;;
  esac
done
postgres_only="${postgres_only:-0}"
redis_only="${redis_only:-0}"

in_memory='EndToEnd\.(inMemory|inMemorySubmitLoop|bareThreadPool)$|Submit\.(latency|dedupJoin)$|QueuePosition\.pending100k$|HeapPerTask'
sql_e2e='EndToEnd\.(postgres|h2|dbScheduler|jobRunr|quartz|quartzJdbc)$'
sql_reads='Submit\.latencyPostgres$|QueuePosition\.postgres100k'
redis_set='EndToEnd\.(redis|bullmq)$|Submit\.latencyRedis(SetFloor)?$|QueuePosition\.redis100k'

# BullMQ (EndToEnd.bullmq) runs in Node.js from bt-benchmarks/bullmq: install it once, as locked.
if [[ ! -d bt-benchmarks/bullmq/node_modules ]] && command -v npm > /dev/null; then
  npm ci --prefix bt-benchmarks/bullmq --no-audit --no-fund > /dev/null
fi

mvn_cmd=(mvn)
if [[ -x ./mvnw ]]; then
  mvn_cmd=(./mvnw)
fi
# -am builds bt-core, bt-executor-local and bt-store-jdbc from this checkout; package stops
# before the verify-phase checks (formatting, dependency analysis), which a benchmark run does
# not need.
"${mvn_cmd[@]}" -q -B -pl bt-benchmarks -am package -DskipTests

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out=bt-benchmarks/target
rm -f "$out"/jmh-part-*.json "$out"/jmh-part-*.txt
part=0

# has_regex ARGS...: whether JMH's arguments name benchmarks (an argument that is neither an option
# nor an option's value), so that options alone (e.g. -f 1) keep the mode's set.
has_regex() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | -l | -lp | -lprof | -lrf) shift ;;
      -*) shift 2 ;;
      *) return 0 ;;
    esac
  done
  return 1
}

# run_jmh ARGS...: one JMH run into the next part files. The console output is kept whole (not
# JMH's -o), so the forked JVMs' lines are in the report too: the PostgreSQL version and settings
# ([pg]), each system's settings ([bench]) and each invocation's database cost ([pg-cost]).
run_jmh() {
  part=$((part + 1))
  "$java_cmd" -jar "$out/benchmarks.jar" "$@" \
    -rf json -rff "$out/jmh-part-$part.json" 2>&1 | tee "$out/jmh-part-$part.txt"
}

if [[ "$redis_only" == 1 ]]; then
  if [[ "$mode" == quick ]] && ! has_regex "$@"; then
    # -opi applies to every benchmark of a JMH run: the end-to-end set runs apart from the
    # latencies, which it would otherwise divide by the batch.
    quick=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
    run_jmh "${quick[@]}" -p sqlBatch=1000 -opi 1000 "$@" 'EndToEnd\.(redis|bullmq)$'
    run_jmh "${quick[@]}" "$@" 'Submit\.latencyRedis(SetFloor)?$|QueuePosition\.redis100k'
  elif [[ "$mode" == quick ]]; then
    run_jmh -f 1 -wi 2 -w 1s -i 3 -r 1s "$@"
  elif has_regex "$@"; then
    run_jmh "$@"
  else
    run_jmh "$@" "$redis_set"
  fi
elif [[ "$mode" == quick ]]; then
  quick=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  if has_regex "$@"; then
    run_jmh "${quick[@]}" -p heapTasks=100000 "$@"
  elif [[ "$postgres_only" == 1 ]]; then
    run_jmh "${quick[@]}" -p sqlBatch=1000 -opi 1000 -p nodes=1 "$@" \
      'EndToEnd\.(postgres|dbScheduler|jobRunr|quartz|quartzJdbc)$'
    run_jmh "${quick[@]}" "$@" 'Submit\.latencyPostgres$'
  else
    run_jmh "${quick[@]}" -p heapTasks=1000000 "$@" "$in_memory"
  fi
elif [[ "$postgres_only" == 1 ]]; then
  if has_regex "$@"; then
    run_jmh "$@"
  else
    run_jmh "$@" "$sql_e2e|$sql_reads"
  fi
else
  run_jmh "$@"
fi

# Merges the parts: each is a JSON array ("[" first, "]" last); the text reports are concatenated.
{
  echo "["
  first=1
  for f in "$out"/jmh-part-*.json; do
    [[ -s "$f" ]] || continue
    body="$(awk '{ line[NR] = $0 } $0 == "]" { last = NR } END { for (i = 2; i < last; i++) print line[i] }' "$f")"
    [[ -n "$body" ]] || continue
    if [[ $first == 0 ]]; then
      echo ","
    fi
    printf '%s\n' "$body"
    first=0
  done
  echo "]"
} > "$out/jmh-result.json"
cat "$out"/jmh-part-*.txt > "$out/jmh-result.txt"
rm -f "$out"/jmh-part-*.json "$out"/jmh-part-*.txt
echo "JMH report: $out/jmh-result.txt; JSON: $out/jmh-result.json"
