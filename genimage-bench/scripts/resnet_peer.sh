#!/usr/bin/env bash
# ResNet-50 forward, ours against PyTorch eager, in one sitting. Ours runs twice: the engine a ResNet detector
# uses by default (the oneDNN plan compiled from the SameDiff graph, genimage-onednn) and SameDiff's own
# executor on the same graph (dl4j-samediff-nhwc, BN folded, oneDNN-classifier ND4J build).
#
#   genimage-bench/scripts/resnet_peer.sh            # batch 8 at 224, 2 threads, 3 interleaved rounds
#   ROUNDS=5 BATCH=16 ITERS=8 genimage-bench/scripts/resnet_peer.sh
#
# Each round runs, back to back: PyTorch NCHW, ours oneDNN plan, ours bf16, PyTorch bf16, [ours int8], PyTorch
# int8, PyTorch channels_last, ours SameDiff NHWC (SAMEDIFF_NCHW=1 adds SameDiff NCHW), ONNX Runtime fp32 and
# int8 (each row present as its switch below says). The table gives,
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
#
# Precision rows: BF16=1 (the default) adds genimage-onednn-nhwc-bf16, the oneDNN plan in bf16 (convolutions in
# bfloat16 with fp32 accumulation where the CPU has AVX512_BF16 or AMX; fp32 elsewhere, said in its detail line),
# run right after the fp32 plan in every round so the two are interleaved; the summary adds bf16/fp32 and, with
# ORT=1, each row's ratio to ONNX Runtime Java. TORCH=0 leaves the PyTorch rows out (a machine without
# python3-torch; ratios are then to ONNX Runtime, else to the fp32 plan) and, with ORT=1, reuses the ONNX export
# already in genimage-bench/target/onnx instead of re-exporting. SAMEDIFF=0 leaves the SameDiff row out.
#
# Peers at the same precisions (issue 22), default on with TORCH=1 (each costs a run of about 10 s a round):
#   TORCH_INT8=1  pytorch-int8-fx-onednn: resnet_peer.py --precision int8, static FX quantisation on PyTorch's
#                 onednn quantized engine (qconfig mapping 'onednn': int8 weights per channel, uint8 activations),
#                 calibrated on CALIB (4) batches drawn like the timed input; layout TORCH_INT8_LAYOUT (nchw).
#   TORCH_BF16=1  pytorch-bf16-autocast: the fp32 model under torch.autocast('cpu', dtype=torch.bfloat16);
#                 layout TORCH_BF16_LAYOUT (channels_last: faster than NCHW here, see genimage-bench/README.md).
#   ORT_INT8=1    onnxruntime-java-int8 (default: on with ORT=1 and TORCH=1): PyTorch's int8 model exported as QDQ
#                 ONNX (resnet_onnx_export.py --int8, same calibration) and run by OrtForward.java, whose graph
#                 optimiser fuses it into QLinearConv; its logits must be within INT8_REL_TOL (0.05) of the largest
#                 fp32 logit.
#   INT8=1        genimage-onednn-nhwc-int8 (default on), the oneDNN plan in int8 (ResNetForward -Dprecision=int8:
#                 activation ranges from two other random batches, untimed; VNNI or AMX, else fp32 and said so).
# The summary gives, for each low-precision row that reports it, the agreement with fp32 on the timed input:
# max |logit - fp32 logit| / max |fp32 logit| (rel_to_max). Every JSON line gets the 1-minute load average at
# its end (load1), and the table a column with its range: on a shared 2-core machine, read the figures with it.
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
BF16=${BF16:-1}
TORCH=${TORCH:-1}
SAMEDIFF=${SAMEDIFF:-1}
TORCH_INT8=${TORCH_INT8:-$TORCH}
TORCH_BF16=${TORCH_BF16:-$TORCH}
TORCH_INT8_LAYOUT=${TORCH_INT8_LAYOUT:-nchw}
TORCH_BF16_LAYOUT=${TORCH_BF16_LAYOUT:-channels_last}
CALIB=${CALIB:-4}
INT8=${INT8:-1}
INT8_REL_TOL=${INT8_REL_TOL:-0.05}
if [ "$ORT" = 1 ] && [ "$TORCH" = 1 ]; then ORT_INT8=${ORT_INT8:-1}; else ORT_INT8=${ORT_INT8:-0}; fi
ORT_VERSION=${ORT_VERSION:-1.20.0}
ORT_JAR=genimage-bench/target/ort/onnxruntime-$ORT_VERSION.jar
export OMP_NUM_THREADS=$THREADS
OUT=$(mktemp)
trap 'rm -f "$OUT" "$OUT.ort" "$OUT.err"' EXIT
stamp() {
  # Appends the 1-minute load average, read as the run ends, to each JSON line.
  sed "s/}\$/, \"load1\": $(cut -d' ' -f1 /proc/loadavg)}/" >> "$OUT"
}
java_run() {
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -Dbatch="$BATCH" -Dsize="$SIZE" -Diters="$ITERS" -Dlayout="$1" -Dengine="$2" \
    -Dprecision="${3:-fp32}" -cp "$CP" \
    org.genimage.bench.detectors.ResNetForward 2>/dev/null | grep '^{' | stamp
}
torch_run() {
  # stderr kept aside (torch.ao warns at every prepare_fx), shown if the run fails.
  if ! "$PY" genimage-bench/scripts/resnet_peer.py --batch "$BATCH" --size "$SIZE" --threads "$THREADS" \
      --iters "$ITERS" --layout "$1" --precision "${2:-fp32}" --calib "$CALIB" > "$OUT.ort" 2> "$OUT.err"; then
    cat "$OUT.err" >&2
    exit 1
  fi
  grep '^{' "$OUT.ort" | stamp
}
ort_run() {
  # $1: the export's stem suffix ("" or _int8); further arguments go to the JVM (row name, tolerance).
  local suffix=$1
  shift
  # shellcheck disable=SC2086
  if ! java ${JAVA_OPTS:-} -Dstem="resnet50_b${BATCH}_s${SIZE}$suffix" -Diters="$ITERS" -Dthreads="$THREADS" "$@" \
      -cp "$ORT_JAR" genimage-bench/scripts/OrtForward.java > "$OUT.ort" 2> "$OUT.err"; then
    cat "$OUT.err" >&2
    exit 1
  fi
  grep '^{' "$OUT.ort" | stamp
}
if [ "$ORT" = 1 ] || [ "$ORT_INT8" = 1 ]; then
  if [ ! -f "$ORT_JAR" ]; then
    mvn -q dependency:copy -Dartifact="com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION" \
      -DoutputDirectory=genimage-bench/target/ort
  fi
  # Re-exported every time (a few seconds, untimed) so the model and reference logits follow resnet_peer.py.
  if [ "$TORCH" = 1 ]; then
    int8_flag=()
    if [ "$ORT_INT8" = 1 ]; then int8_flag=(--int8 --calib "$CALIB"); fi
    if ! "$PY" genimage-bench/scripts/resnet_onnx_export.py --batch "$BATCH" --size "$SIZE" "${int8_flag[@]}" \
        > "$OUT.ort" 2> "$OUT.err"; then
      cat "$OUT.err" >&2
      exit 1
    fi
    cat "$OUT.ort" >&2
  elif [ ! -f "genimage-bench/target/onnx/resnet50_b${BATCH}_s${SIZE}.onnx" ] || { [ "$ORT_INT8" = 1 ] &&
      [ ! -f "genimage-bench/target/onnx/resnet50_b${BATCH}_s${SIZE}_int8.onnx" ]; }; then
    echo "TORCH=0 needs an earlier export in genimage-bench/target/onnx (resnet50_b${BATCH}_s${SIZE}*.*;" \
      "ORT_INT8=1 the _int8 one too)" >&2
    exit 1
  fi
fi
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "OMP_NUM_THREADS=$THREADS OMP_PROC_BIND=${OMP_PROC_BIND:-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}" \
  "JAVA_OPTS=${JAVA_OPTS:-none}"
echo "java: $(java -version 2>&1 | head -1)"
for r in $(seq "$ROUNDS"); do
  if [ "$TORCH" = 1 ]; then torch_run nchw; fi
  java_run nchw onednn
  if [ "$BF16" = 1 ]; then java_run nchw onednn bf16; fi
  if [ "$TORCH_BF16" = 1 ]; then torch_run "$TORCH_BF16_LAYOUT" bf16; fi
  # Right before PyTorch's int8, so the two are interleaved like fp32/bf16 above.
  if [ "$INT8" = 1 ]; then java_run nchw onednn int8; fi
  if [ "$TORCH_INT8" = 1 ]; then torch_run "$TORCH_INT8_LAYOUT" int8; fi
  if [ "$TORCH" = 1 ]; then torch_run channels_last; fi
  if [ "$SAMEDIFF" = 1 ]; then java_run nhwc samediff; fi
  if [ "${SAMEDIFF_NCHW:-0}" = 1 ]; then java_run nchw samediff; fi
  if [ "$ORT" = 1 ]; then ort_run ""; fi
  if [ "$ORT_INT8" = 1 ]; then ort_run _int8 -Dengine=onnxruntime-java-int8 -DrelTol="$INT8_REL_TOL"; fi
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
for name in ('genimage-onednn', 'genimage-onednn-nhwc-bf16', 'genimage-onednn-nhwc-int8'):
    if first.get(name):
        print('%s: %s' % (name, first[name]['detail']))
print('versions: torch %s, torchvision %s, libopenblas0-pthread %s; nd4j 1.0.0-M2.1, libnd4jcpu %s' % (
    t.get('torch'), t.get('torchvision'), t.get('libopenblas0-pthread'), l.get('libnd4jcpu')))
ref = next(k for k in ('pytorch-eager-nchw', 'onnxruntime-java', 'genimage-onednn') if k in by)
def med(k):
    return statistics.median(x['ms_per_batch'] for x in by[k])
ref_med = med(ref)
ref_min = min(x['min_ms'] for x in by[ref])
b = runs[0]['batch']
print('batch %d at %d, %s threads, %d rounds' % (b, runs[0]['size'], runs[0]['threads'], len(by[ref])))
ort_col = 'onnxruntime-java' in by and ref != 'onnxruntime-java'
print('| engine | median ms/batch | best ms/batch | img/s (median) | ratio vs %s (median) | ratio (best) |%s'
      ' load1 |' % (ref, ' vs ONNX Runtime Java (median) |' if ort_col else ''))
print('|---|---|---|---|---|---|%s---|' % ('---|' if ort_col else ''))
for k, v in by.items():
    m = med(k)
    mn = min(x['min_ms'] for x in v)
    loads = [x['load1'] for x in v if 'load1' in x]
    print('| %s | %.0f | %.0f | %.2f | %.2f | %.2f |%s %s |' % (k, m, mn, b / m * 1e3, ref_med / m, ref_min / mn,
          ' %.2f |' % (med('onnxruntime-java') / m) if ort_col else '',
          '%.1f-%.1f' % (min(loads), max(loads)) if loads else '-'))
for k in ('pytorch-int8-fx-onednn', 'pytorch-bf16-autocast'):
    if first.get(k):
        f = first[k]
        print('%s: %s, %s%s' % (k, f['layout'], 'quantized engine %s, %d calibration batches' % (
            f['quantized_engine'], f['calib_batches']) if f['precision'] == 'int8' else 'torch.autocast cpu bfloat16',
            ', ratio vs ONNX Runtime Java fp32 (median) %.2f' % (med('onnxruntime-java') / med(k))
            if 'onnxruntime-java' in by else ''))
# Agreement with fp32 on the timed input, as each low-precision row reports it (the first run's; the others are the
# same model on the same input). PyTorch and ONNX Runtime rows compare with PyTorch's fp32 logits, genimage's rows
# with genimage's fp32 plan on ResNetForward's own weights.
agree = [(k, v[0]) for k, v in by.items() if 'rel_to_max' in v[0] and k != 'onnxruntime-java']
if agree:
    print('agreement with fp32 on the timed input, max |logit - fp32 logit| / max |fp32 logit|: %s' % '; '.join(
        '%s %.3g (max abs %.3g)' % (k, f['rel_to_max'], f['max_abs_diff']) for k, f in agree))
quiet = [k for k in by if k.startswith('genimage-onednn-nhwc-') and 'rel_to_max' not in by[k][0]]
if quiet:
    print('(%s: no agreement figure in its line; ResNetForward runs weights of its own, not PyTorch\'s)' % ', '.join(
        quiet))
if 'genimage-onednn-nhwc-int8' in by and 'pytorch-int8-fx-onednn' in by:
    # Our int8 ran right before PyTorch's in every round: the goal of issue 22 is >= 1 here.
    pairs = list(zip(by['pytorch-int8-fx-onednn'], by['genimage-onednn-nhwc-int8']))
    per_round = [t['ms_per_batch'] / o['ms_per_batch'] for t, o in pairs]
    print('int8 plan vs PyTorch int8, per round (PyTorch ms / ours ms): %s; median %.2f' % (
        ', '.join('%.2f' % x for x in per_round), statistics.median(per_round)))
if 'genimage-onednn' in by and 'genimage-onednn-nhwc-bf16' in by:
    # Per round: the bf16 run came right after the fp32 one, so their ratio is the least noisy figure here.
    pairs = list(zip(by['genimage-onednn'], by['genimage-onednn-nhwc-bf16']))
    per_round = [f['ms_per_batch'] / h['ms_per_batch'] for f, h in pairs]
    print('bf16 speed-up over the fp32 plan, per round (fp32 ms / bf16 ms): %s; median %.2f' % (
        ', '.join('%.2f' % x for x in per_round), statistics.median(per_round)))
o = first.get('onnxruntime-java')
if o:
    print('onnxruntime-java %s (intra-op threads %s, spinning %s): logits vs PyTorch on the same input, max abs diff '
          '%.3g, max rel diff %.3g: %s' % (o['onnxruntime'], o['threads'], 'on' if o['spin'] else 'off',
          o['max_abs_diff'], o['max_rel_diff'], 'OK (<= 1e-3)' if o['logits_ok'] else 'MISMATCH (> 1e-3)'))
o = first.get('onnxruntime-java-int8')
if o:
    print('onnxruntime-java-int8: PyTorch\'s FX int8 model as QDQ ONNX; vs PyTorch fp32 logits relative to the largest '
          '%.3g: %s' % (o['rel_to_max'], 'OK' if o['logits_ok'] else 'MISMATCH (over INT8_REL_TOL)'))
PYEOF
