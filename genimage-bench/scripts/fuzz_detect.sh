#!/usr/bin/env bash
# The long fuzz run of issue 18: N fuzzed files (default 10,000) made from real-looking PNG and JPEG
# images (seeded) through 'genimage detect --json'; checks 0 crashes, 0 hangs, every file named with its
# score or reason, exit code 3; prints the counts, the wall time, the CPU and the load average.
#   genimage-bench/scripts/fuzz_detect.sh [files=10000] [seed=18] [dir]
# With a dir the files are kept there (it must be empty); otherwise a temp folder is used and deleted.
# Set SKIP_BUILD=1 to reuse genimage-bench/target/benchmarks.jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/genimage-bench/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" || ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -o -q -Pfast -pl genimage-bench -am package -DskipTests)
fi
echo "$(lscpu | grep 'Model name' | sed 's/  */ /g'); nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java ${FUZZ_JAVA_OPTS:--Xmx2g} -cp "$jar" org.genimage.bench.dataset.FuzzDetect "$@"
