#!/usr/bin/env bash
# ResNet-50 forward, ours against PyTorch eager, in one sitting. Ours runs twice: the engine a ResNet detector
# uses by default (the oneDNN plan compiled from the SameDiff graph, genimage-onednn) and SameDiff's own
# executor on the same graph (dl4j-samediff-nhwc, BN folded, oneDNN-classifier ND4J build).
#
#   genimage-bench/scripts/resnet_peer.sh            # batch 8 at 224, 2 threads, 3 interleaved rounds
#   ROUNDS=5 BATCH=16 ITERS=8 genimage-bench/scripts/resnet_peer.sh
#
# Each round runs, back to back: PyTorch NCHW, ours oneDNN plan, PyTorch channels_last, ours SameDiff NHWC
# (SAMEDIFF_NCHW=1 adds SameDiff NCHW). The table gives,
# per engine, the median over rounds of each run's median ms per batch, the best run's minimum, img/s and the
# ratio ours/PyTorch-NCHW in throughput (> 1 means we are faster). Shared machines are noisy: look at both
# columns and rerun. Java class path: JAVA_CP, default genimage-bench/target/benchmarks.jar
# (mvn -B -o -pl genimage-bench package -DskipTests). Extra JVM/env settings pass through, e.g.
# OMP_PROC_BIND=true or JAVA_OPTS=-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx512.
#
# Optional: ORT=1 adds an onnxruntime-java row (ONNX Runtime Java, CPU provider, intra-op threads = THREADS,
# spinning off when OMP_WAIT_POLICY=passive), run last in each round. It fetches
# com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION (default 1.20.0) into genimage-bench/target/ort with
# `mvn dependency:copy` (no Maven build depends on it), exports the PyTorch peer's seeded model and input with
# resnet_onnx_export.py into genimage-bench/target/onnx, runs OrtForward.java as a single-file program and prints
# its max abs logits difference against PyTorch once. Without ORT=1 nothing of this runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
BATCH=${BATCH:-8}
SIZE=${SIZE:-224}
THREADS=${THREADS:-2}
ITERS=${ITERS:-6}
CP=${JAVA_CP:-genimage-bench/target/benchmarks.jar}
PY=/usr/bin/python3
ORT=${ORT:-0}
ORT_VERSION=${ORT_VERSION:-1.20.0}
ORT_JAR=genimage-bench/target/ort/onnxruntime-$ORT_VERSION.jar
export OMP_NUM_THREADS=$THREADS
OUT=$(mktemp)
trap 'rm -f "$OUT" "$OUT.ort" "$OUT.err"' EXIT
java_run() {
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -Dbatch="$BATCH" -Dsize="$SIZE" -Diters="$ITERS" -Dlayout="$1" -Dengine="$2" -cp "$CP" \
    org.genimage.bench.detectors.ResNetForward 2>/dev/null | grep '^{' >> "$OUT"
}
torch_run() {
  "$PY" genimage-bench/scripts/resnet_peer.py --batch "$BATCH" --size "$SIZE" --threads "$THREADS" \
    --iters "$ITERS" --layout "$1" >> "$OUT"
}
ort_run() {
  # shellcheck disable=SC2086
  if ! java ${JAVA_OPTS:-} -Dstem="resnet50_b${BATCH}_s${SIZE}" -Diters="$ITERS" -Dthreads="$THREADS" -cp "$ORT_JAR" \
      genimage-bench/scripts/OrtForward.java > "$OUT.ort" 2> "$OUT.err"; then
    cat "$OUT.err" >&2
    exit 1
  fi
  grep '^{' "$OUT.ort" >> "$OUT"
}
if [ "$ORT" = 1 ]; then
  if [ ! -f "$ORT_JAR" ]; then
    mvn -q dependency:copy -Dartifact="com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION" \
      -DoutputDirectory=genimage-bench/target/ort
  fi
  # Re-exported every time (a few seconds, untimed) so the model and reference logits follow resnet_peer.py.
  "$PY" genimage-bench/scripts/resnet_onnx_export.py --batch "$BATCH" --size "$SIZE" >&2
fi
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "OMP_NUM_THREADS=$THREADS OMP_PROC_BIND=${OMP_PROC_BIND:-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}" \
  "JAVA_OPTS=${JAVA_OPTS:-none}"
echo "java: $(java -version 2>&1 | head -1)"
for r in $(seq "$ROUNDS"); do
  torch_run nchw
  java_run nchw onednn
  torch_run channels_last
  java_run nhwc samediff
  if [ "${SAMEDIFF_NCHW:-0}" = 1 ]; then java_run nchw samediff; fi
  if [ "$ORT" = 1 ]; then ort_run; fi
  echo "round $r done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
by = {}
for r in runs:
    by.setdefault(r['engine'], []).append(r)
first = {k: v[0] for k, v in by.items()}
t = first.get('pytorch-eager-nchw', {})
l = first.get('dl4j-samediff-nhwc', {})
g = first.get('genimage-onednn')
if g:
    print('genimage-onednn: %s' % g['detail'])
print('versions: torch %s, torchvision %s, libopenblas0-pthread %s; nd4j 1.0.0-M2.1, libnd4jcpu %s' % (
    t.get('torch'), t.get('torchvision'), t.get('libopenblas0-pthread'), l.get('libnd4jcpu')))
ref_med = statistics.median(x['ms_per_batch'] for x in by['pytorch-eager-nchw'])
ref_min = min(x['min_ms'] for x in by['pytorch-eager-nchw'])
b = runs[0]['batch']
print('batch %d at %d, %s threads, %d rounds' % (b, runs[0]['size'], runs[0]['threads'], len(by['pytorch-eager-nchw'])))
print('| engine | median ms/batch | best ms/batch | img/s (median) | ratio vs PyTorch NCHW (median) | ratio (best) |')
print('|---|---|---|---|---|---|')
for k, v in by.items():
    med = statistics.median(x['ms_per_batch'] for x in v)
    mn = min(x['min_ms'] for x in v)
    print('| %s | %.0f | %.0f | %.2f | %.2f | %.2f |' % (k, med, mn, b / med * 1e3, ref_med / med, ref_min / mn))
o = first.get('onnxruntime-java')
if o:
    print('onnxruntime-java %s (intra-op threads %s, spinning %s): logits vs PyTorch on the same input, max abs diff '
          '%.3g, max rel diff %.3g: %s' % (o['onnxruntime'], o['threads'], 'on' if o['spin'] else 'off',
          o['max_abs_diff'], o['max_rel_diff'], 'OK (<= 1e-3)' if o['logits_ok'] else 'MISMATCH (> 1e-3)'))
PYEOF
