#!/usr/bin/env bash
# All JMH benchmarks of genimage-bench, quick or full, with the machine, threads and versions printed first
# and every result written as JMH JSON (one file per benchmark class) into a results folder.
#
#   genimage-bench/scripts/run-benchmarks.sh quick            # a few minutes: 1 fork, short warm-up and
#                                                             # iterations, one size/batch/layout each
#   genimage-bench/scripts/run-benchmarks.sh full             # every @Param, the classes' own iteration counts
#   RESULTS=/tmp/r ONLY="EndToEndBenchmark" genimage-bench/scripts/run-benchmarks.sh quick
#
# Needs genimage-bench/target/benchmarks.jar (mvn -B -o -Pfast -pl genimage-bench package -DskipTests).
# Environment: OMP_NUM_THREADS (default 2) and OMP_WAIT_POLICY (default passive, the setting the README
# recommends on shared machines) are exported to the forks; JAVA_OPTS is passed to each fork; RESULTS is the
# results folder (default genimage-bench/target/jmh-results/<mode>-<date>); ONLY is a space-separated list of
# class names to run. The load average is printed before and after each class, and kept in load.txt.
set -euo pipefail
MODE=${1:-}
if [[ "$MODE" != quick && "$MODE" != full ]]; then
  echo "usage: $0 quick|full" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
JAR=genimage-bench/target/benchmarks.jar
if [[ ! -f "$JAR" ]]; then
  echo "$JAR missing: mvn -B -o -Pfast -pl genimage-bench package -DskipTests" >&2
  exit 1
fi
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
RESULTS=${RESULTS:-genimage-bench/target/jmh-results/$MODE-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULTS"

{
  echo "== genimage-bench $MODE, $(date -Is)"
  echo "-- CPU (lscpu)"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket|Socket\(s\)|Hypervisor vendor|L2 cache|L3 cache)' || true
  echo "flags with avx512: $(grep -m1 -o 'avx512[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo "-- threads: nproc=$(nproc) OMP_NUM_THREADS=$OMP_NUM_THREADS OMP_WAIT_POLICY=$OMP_WAIT_POLICY" \
    "OMP_PROC_BIND=${OMP_PROC_BIND:-unset} JAVA_OPTS=${JAVA_OPTS:-none}"
  echo "-- load: $(uptime)"
  echo "-- versions"
  java -version 2>&1 | head -2
  echo "genimage $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([[ -n "$(git status --porcelain -- genimage-bench 2>/dev/null)" ]] && echo ' (genimage-bench has local changes)')"
  echo "JMH $(unzip -p "$JAR" META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties 2>/dev/null | grep '^version' | cut -d= -f2)," \
    "ND4J $(unzip -p "$JAR" META-INF/maven/org.nd4j/nd4j-api/pom.properties 2>/dev/null | grep '^version' | cut -d= -f2)," \
    "native builds in the jar: $(unzip -l "$JAR" | grep -o 'bindings/[a-z0-9_-]*/libnd4j[a-z]*\.so' | cut -d/ -f2 | sort -u | tr '\n' ' ')"
  echo "(which one loads: resnet_peer.sh prints the libnd4jcpu.so the JVM mapped; README: the onednn one)"
} | tee "$RESULTS/machine.txt"

# name | quick options | full options
PLAN=(
  "PreprocessBenchmark|-p layout=nhwc -wi 1 -w 1 -i 3 -r 1|"
  "DegradeBenchmark|-p size=256 -wi 1 -w 1 -i 2 -r 1|"
  "SpectralBenchmark|-p size=256 -wi 1 -w 1 -i 2 -r 1|"
  "ResNetForwardBenchmark|-p batch=8 -p layout=nhwc -wi 1 -w 3 -i 2 -r 4|"
  "EndToEndBenchmark|-p loaderThreads=1 -wi 1 -w 4 -i 3 -r 4|"
  "FrequencyForwardBenchmark|-p batch=1 -wi 1 -w 3 -i 2 -r 3|"
  "TransformerForwardBench|-p batch=1 -wi 1 -w 3 -i 2 -r 3|"
  "IndexReloadBenchmark|SKIP|"
)
for entry in "${PLAN[@]}"; do
  IFS='|' read -r name quick full <<< "$entry"
  if [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]]; then
    continue
  fi
  opts=$full
  if [[ "$MODE" == quick ]]; then
    if [[ "$quick" == SKIP ]]; then
      echo "-- $name: full mode only (builds a 2.7M-entry index, needs -Xmx3g)"
      continue
    fi
    opts="-f 1 $quick"
  fi
  echo "-- $name $opts; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/load.txt"
  # shellcheck disable=SC2086
  java -jar "$JAR" "^org\.genimage\.bench\..*\.$name\." $opts ${JAVA_OPTS:+-jvmArgsAppend "$JAVA_OPTS"} \
    -rf json -rff "$RESULTS/$name.json" > "$RESULTS/$name.log" 2>&1 || echo "!! $name failed, see $RESULTS/$name.log"
  grep -E '^(Benchmark|[A-Z][A-Za-z]+\.)' "$RESULTS/$name.log" | tail -n +1 || true
  echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/load.txt"
done
echo "== results in $RESULTS"
