#!/usr/bin/env bash
# Forward pass of the seven paper-size architectures, ours against ONNX Runtime Java and PyTorch eager, in one
# sitting: one table, a row per model and batch size.
#
#   genimage-bench/scripts/forward_peer.sh                          # all seven, batch 8 and 1, 2 rounds
#   MODELS="deit_s swin_t" BATCHES=8 ROUNDS=3 genimage-bench/scripts/forward_peer.sh
#
# Per round, per model and batch, back to back: PyTorch eager (forward_peer.py, Debian python3-torch), ours
# (ModelForward: the engine AUTO picks, i.e. the oneDNN plan on a CPU; SAMEDIFF=1 adds SameDiff's executor), ONNX
# Runtime Java (OrtForward.java on the PyTorch model exported to ONNX, CPU provider, intra-op threads = THREADS).
# Every engine gets random weights and a different input on every timed call. The table gives the median over
# rounds of each run's median ms per batch and the throughput ratios ours/ORT and ours/PyTorch (> 1: ours faster);
# the ORT column also says whether ORT's logits matched PyTorch's on the exported input (<= 1e-3).
#
# Needs: genimage-bench/target/benchmarks.jar (mvn -B -o -Pfast -pl genimage-bench -am package -DskipTests), and
# once, the ORT jar fetched into genimage-bench/target/ort (`mvn dependency:copy`, done here when missing; no Maven
# build depends on it) and the ONNX exports in genimage-bench/target/onnx (written here when missing, about a
# minute; EXPORT=1 rewrites them). Settings: ROUNDS (2), BATCHES ("8 1"), MODELS (all), THREADS (2), ITERS (6),
# ORT_VERSION (1.20.0), JAVA_OPTS. OMP_WAIT_POLICY=passive also turns ORT's spinning off.
#
# DJL=1 adds libtorch 2.7.1 (a current PyTorch build) through DJL 0.36's PyTorch engine, in the harness only:
# `mvn dependency:copy-dependencies` on scripts/djl/pom.xml puts the engine and the pytorch-native-cpu jar into
# genimage-bench/target/djl; forward_peer.py --trace writes each model as TorchScript (traced by PyTorch 1.13, eval
# mode) into genimage-bench/target/djl/fwd; DjlForward.java times it. A run that crashes is reported as such.
#
# BF16=1 adds ours in bf16 (ModelForward -Dprecision=bf16: the oneDNN plan's convolutions and matrix products in
# bfloat16 with fp32 accumulation where the CPU has AVX512_BF16 or AMX), run right after ours in fp32; the table
# gains its ms, its ratio to ORT and bf16/fp32. TORCH=0 leaves PyTorch out (a machine without python3-torch) and
# needs the ONNX exports already in genimage-bench/target/onnx.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-2}
BF16=${BF16:-0}
TORCH=${TORCH:-1}
BATCHES=${BATCHES:-8 1}
MODELS=${MODELS:-resnet50 cnnspot50 spec f3net gramnet deit_s swin_t}
THREADS=${THREADS:-2}
ITERS=${ITERS:-6}
CP=${JAVA_CP:-genimage-bench/target/benchmarks.jar}
PY=/usr/bin/python3
ORT_VERSION=${ORT_VERSION:-1.20.0}
ORT_JAR=genimage-bench/target/ort/onnxruntime-$ORT_VERSION.jar
ONNX=genimage-bench/target/onnx
DJL_DIR=genimage-bench/target/djl
export OMP_NUM_THREADS=$THREADS
OUT=$(mktemp)
trap 'rm -f "$OUT" "$OUT.err"' EXIT

[ -f "$CP" ] || { echo "$CP missing: mvn -B -o -Pfast -pl genimage-bench -am package -DskipTests" >&2; exit 1; }
if [ ! -f "$ORT_JAR" ]; then
  mvn -q dependency:copy -Dartifact="com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION" \
    -DoutputDirectory=genimage-bench/target/ort
fi
if [ "${DJL:-0}" = 1 ] && [ ! -f "$DJL_DIR/.copied" ]; then
  mvn -q -f genimage-bench/scripts/djl/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$DJL_DIR"
  touch "$DJL_DIR/.copied"
fi
for m in $MODELS; do
  for b in $BATCHES; do
    if [ "$TORCH" = 0 ] && [ ! -f "$ONNX/${m}_b$b.onnx" ]; then
      echo "TORCH=0 needs the export $ONNX/${m}_b$b.onnx" >&2
      exit 1
    fi
    if [ "$TORCH" = 1 ] && { [ "${EXPORT:-0}" = 1 ] || [ ! -f "$ONNX/${m}_b$b.onnx" ]; }; then
      "$PY" genimage-bench/scripts/forward_peer.py --model "$m" --batch "$b" --export "$ONNX" 2>&1 | tail -1 >&2
    fi
    if [ "${DJL:-0}" = 1 ] && { [ "${EXPORT:-0}" = 1 ] || [ ! -f "$DJL_DIR/fwd/${m}_b$b.pt" ]; }; then
      "$PY" genimage-bench/scripts/forward_peer.py --model "$m" --batch "$b" --trace "$DJL_DIR/fwd" 2>/dev/null
    fi
  done
done

run() {
  # Runs one engine; its JSON line goes to $OUT, a failure stops the harness with the engine's own error.
  if ! "$@" > "$OUT.line" 2> "$OUT.err"; then
    tail -20 "$OUT.err" >&2
    exit 1
  fi
  grep '^{' "$OUT.line" >> "$OUT"
  rm -f "$OUT.line"
}
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "$(grep -qw avx512f /proc/cpuinfo && echo AVX-512 || echo 'no AVX-512'), load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset} JAVA_OPTS=${JAVA_OPTS:-none}"
echo "java: $(java -version 2>&1 | head -1)"
for r in $(seq "$ROUNDS"); do
  for m in $MODELS; do
    for b in $BATCHES; do
      if [ "$TORCH" = 1 ]; then
        run "$PY" genimage-bench/scripts/forward_peer.py --model "$m" --batch "$b" --threads "$THREADS" --iters "$ITERS"
      fi
      # shellcheck disable=SC2086
      run java ${JAVA_OPTS:-} -Dmodel="$m" -Dbatch="$b" -Diters="$ITERS" -cp "$CP" \
        org.genimage.bench.detectors.ModelForward
      if [ "$BF16" = 1 ]; then
        # shellcheck disable=SC2086
        run java ${JAVA_OPTS:-} -Dmodel="$m" -Dbatch="$b" -Diters="$ITERS" -Dprecision=bf16 -cp "$CP" \
          org.genimage.bench.detectors.ModelForward
      fi
      if [ "${SAMEDIFF:-0}" = 1 ]; then
        # shellcheck disable=SC2086
        run java ${JAVA_OPTS:-} -Dmodel="$m" -Dbatch="$b" -Diters="$ITERS" -Dengine=samediff -cp "$CP" \
          org.genimage.bench.detectors.ModelForward
      fi
      # shellcheck disable=SC2086
      run java ${JAVA_OPTS:-} -Dstem="${m}_b$b" -Dmodel="$m" -Diters="$ITERS" -Dthreads="$THREADS" -Ddir="$ONNX" \
        -cp "$ORT_JAR" genimage-bench/scripts/OrtForward.java
      if [ "${DJL:-0}" = 1 ]; then
        # shellcheck disable=SC2086
        if ! java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
            -Ddir="$DJL_DIR/fwd" -Dmodel="$m" -Dbatch="$b" -Diters="$ITERS" -cp "$DJL_DIR/*" \
            genimage-bench/scripts/DjlForward.java 2>/dev/null | grep '^{' >> "$OUT"; then
          echo "{\"engine\": \"libtorch-2.7.1-djl\", \"model\": \"$m\", \"batch\": $b, \"crashed\": true}" >> "$OUT"
        fi
      fi
    done
  done
  echo "round $r done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
cells = {}
for r in runs:
    cells.setdefault((r['model'], r['batch']), {}).setdefault(r['engine'], []).append(r)
def med(rs):
    return statistics.median(x['ms_per_batch'] for x in rs) if rs else float('nan')
torch = next((r for r in runs if r['engine'] == 'pytorch-eager'), {})
ort = next((r for r in runs if r['engine'] == 'onnxruntime-java'), {})
print('PyTorch %s (eager, torchvision %s); ONNX Runtime Java %s; ours: the engine AUTO picks, described below' % (
    torch.get('torch'), torch.get('torchvision'), ort.get('onnxruntime')))
bf16 = any(r['engine'] == 'genimage-plan-bf16' for r in runs)
print('| model | batch | ours ms | ONNX Runtime ms | PyTorch ms | ours vs ORT | ours vs PyTorch | libtorch 2.7.1 ms | SameDiff ms | ORT logits vs PyTorch |%s'
      % (' ours bf16 ms | bf16 vs ORT | bf16 vs ours fp32 |' if bf16 else ''))
print('|---|---|---|---|---|---|---|---|---|---|%s' % ('---|---|---|' if bf16 else ''))
details = {}
for (m, b), e in cells.items():
    ours_rs = e.get('genimage-plan', []) or e.get('genimage-samediff', [])
    ours, o, t = med(ours_rs), med(e.get('onnxruntime-java')), med(e.get('pytorch-eager'))
    sd = med(e.get('genimage-samediff', [])) if e.get('genimage-plan') else float('nan')
    lt = e.get('libtorch-2.7.1-djl', [])
    lt_ms = 'crashed' if any(x.get('crashed') for x in lt) else '%.0f' % med(lt) if lt else '-'
    check = e.get('onnxruntime-java', [{}])[0]
    ok = ('%.2g %s' % (check['max_abs_diff'], 'ok' if check['logits_ok'] else 'MISMATCH')) if check else '-'
    h = med(e.get('genimage-plan-bf16'))
    extra = (' %.0f | **%.2f** | %.2f |' % (h, o / h, ours / h)) if bf16 else ''
    print('| %s | %d | %.0f | %.0f | %.0f | **%.2f** | %.2f | %s | %s | %s |%s' % (
        m, b, ours, o, t, o / ours, t / ours, lt_ms, '%.0f' % sd if sd == sd else '-', ok, extra))
    if ours_rs:
        details[m, b] = '%s (%s)' % (ours_rs[0]['engine'], ours_rs[0]['detail'])
    if e.get('genimage-plan-bf16'):
        details[m, b, 'bf16'] = 'genimage-plan-bf16 (%s)' % e['genimage-plan-bf16'][0]['detail']
for k, d in details.items():
    print('- %s batch %d: %s' % (k[0], k[1], d))
PYEOF
