#!/usr/bin/env bash
# Where the oneDNN plan spends ResNet-50's forward time: runs ResNetForward on the oneDNN engine with oneDNN's
# own verbose mode (ONEDNN_VERBOSE=1 prints one line per executed primitive with its time) and sums the
# times of the timed passes by primitive kind and kernel.
#
#   genimage-bench/scripts/onednn_profile.sh                 # batch 8 at 224, 2 threads, 5 timed passes
#   BATCH=1 ITERS=10 genimage-bench/scripts/onednn_profile.sh
#
# Verbose mode costs a little time per primitive; use resnet_peer.sh for speed, this for shares.
set -euo pipefail
cd "$(dirname "$0")/../.."
BATCH=${BATCH:-8}
SIZE=${SIZE:-224}
ITERS=${ITERS:-5}
export OMP_NUM_THREADS=${THREADS:-2}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
CP=${JAVA_CP:-genimage-bench/target/benchmarks.jar}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
ONEDNN_VERBOSE=1 java -Dbatch="$BATCH" -Dsize="$SIZE" -Dwarmup=2 -Diters="$ITERS" -Dengine=onednn -cp "$CP" \
  org.genimage.bench.detectors.ResNetForward 2>/dev/null > "$LOG"
/usr/bin/python3 - "$LOG" "$ITERS" <<'PYEOF'
import collections, json, sys
lines = open(sys.argv[1]).read().splitlines()
iters = int(sys.argv[2])
execs = [l.split(',') for l in lines if l.startswith(('onednn_verbose,exec', 'dnnl_verbose,exec'))]
result = json.loads([l for l in lines if l.startswith('{')][0])
# Compiling the plan reorders the weights (exec lines before the first convolution); the passes follow. A
# pass may start with a reorder of the input, so the first pass can lack one line: round up.
first_conv = next(i for i, f in enumerate(execs) if f[3] == 'convolution')
passes = execs[first_conv:]
per_pass = -(-len(passes) // (iters + 2))
timed = passes[-per_pass * iters:]
by = collections.defaultdict(lambda: [0, 0.0])
for f in timed:
    key = (f[3], f[4])  # primitive kind, implementation
    by[key][0] += 1
    by[key][1] += float(f[-1])
total = sum(v[1] for v in by.values())
print('%s, %s primitives per pass; wall %.1f ms per pass (median, with verbose on)' % (result['detail'], per_pass,
      result['ms_per_batch']))
print('| primitive | kernel | calls per pass | ms per pass | share of primitive time |')
print('|---|---|---|---|---|')
for (kind, impl), (n, ms) in sorted(by.items(), key=lambda kv: -kv[1][1]):
    print('| %s | %s | %d | %.1f | %.1f%% |' % (kind, impl, n // iters, ms / iters, 100 * ms / total))
print('primitive time %.1f ms per pass; the rest of the wall time is Java and the 2-d head' % (total / iters))
PYEOF
