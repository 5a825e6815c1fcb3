#!/usr/bin/env bash
# Full-size training steps, genimage against PyTorch eager, in one sitting: ResNet-50 at batch 8 and 32, DeiT-S
# and Swin-T at batch 8 and 16 (CONFIGS), each engine in its own process so that its peak resident set is its own.
#
#   genimage-bench/scripts/train_peer.sh                      # 2 interleaved rounds, 2 threads
#   ROUNDS=3 CONFIGS="resnet50:8 deit_s:16" genimage-bench/scripts/train_peer.sh
#   SAMEDIFF=1 CONFIGS="resnet50:2" genimage-bench/scripts/train_peer.sh   # adds SameDiff's executor (slow)
#   DJL=1 genimage-bench/scripts/train_peer.sh                # adds libtorch 2.7.1 through DJL (see below)
#   TORCH_CHANNELS_LAST=1 CONFIGS="resnet50:8" ...            # adds PyTorch eager with channels_last (ResNet)
#
# Each round runs, per configuration: PyTorch eager NCHW (train_peer.py), genimage on the oneDNN training plan
# (TrainStep). A step is forward, backward and the optimiser update (SGD with momentum for ResNet-50, AdamW for the
# transformers) on a random preprocessed batch reused every step; STEPS timed after WARMUP. The table gives per
# engine the median over rounds of each run's median ms per step, img/s, the largest peak RSS over rounds
# (VmHWM / ru_maxrss) and the throughput ratio genimage / PyTorch (> 1: genimage faster).
# Class path: JAVA_CP, default genimage-bench/target/benchmarks.jar (mvn -B -o -Pfast -pl genimage-bench -am
# package -DskipTests). Extra JVM settings: JAVA_OPTS. PROFILE=1 prints genimage's time per step kind.
#
# DJL=1: a current libtorch as a second peer, in the harness only: `mvn dependency:copy-dependencies` on
# scripts/djl/pom.xml puts DJL 0.36's PyTorch engine and the pytorch-native-cpu 2.7.1 jar (no download at run time)
# into genimage-bench/target/djl; train_peer.py --trace writes each model as TorchScript (traced by PyTorch 1.13 in
# train mode) into genimage-bench/target/djl/models; DjlTrainPeer.java trains it in libtorch. A run that crashes
# prints a row marked crashed (libtorch 2.7.1's bundled oneDNN dies with SIGFPE in its brgemm convolution backward
# on the AMD EPYC Zen 5 machines here, so ResNet-50 has no libtorch row there).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
STEPS=${STEPS:-4}
WARMUP=${WARMUP:-2}
CONFIGS=${CONFIGS:-"resnet50:8 resnet50:32 deit_s:8 deit_s:16 swin_t:8 swin_t:16"}
CP=${JAVA_CP:-genimage-bench/target/benchmarks.jar}
PY=/usr/bin/python3
DJL_DIR=genimage-bench/target/djl
export OMP_NUM_THREADS=$THREADS
if [ "${DJL:-0}" = 1 ]; then
  if [ ! -f "$DJL_DIR/.copied" ]; then
    mvn -q -f genimage-bench/scripts/djl/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$DJL_DIR"
    touch "$DJL_DIR/.copied"
  fi
  mkdir -p "$DJL_DIR/models"
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs), model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs)), $(nproc) cores," \
  "$(grep -o -m1 'avx512f' /proc/cpuinfo || echo 'no avx512'), load $(cut -d' ' -f1-3 /proc/loadavg), OMP_NUM_THREADS=$THREADS"
echo "java: $(java -version 2>&1 | head -1)"
for r in $(seq "$ROUNDS"); do
  for c in $CONFIGS; do
    model=${c%%:*}
    batch=${c##*:}
    "$PY" genimage-bench/scripts/train_peer.py --model "$model" --batch "$batch" --steps "$STEPS" \
      --warmup "$WARMUP" --threads "$THREADS" >> "$OUT"
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -Dmodel="$model" -Dbatch="$batch" -Dsteps="$STEPS" -Dwarmup="$WARMUP" -Dengine=onednn \
      -Dprofile="${PROFILE:-false}" -cp "$CP" org.genimage.bench.training.TrainStep 2> >(grep -v -e WARN -e SLF4J \
      -e 'Added differentiated' >&2) | grep '^{' >> "$OUT"
    if [ "${TORCH_CHANNELS_LAST:-0}" = 1 ]; then
      "$PY" genimage-bench/scripts/train_peer.py --model "$model" --batch "$batch" --steps "$STEPS" \
        --warmup "$WARMUP" --threads "$THREADS" --layout channels_last >> "$OUT"
    fi
    if [ "${DJL:-0}" = 1 ]; then
      [ -f "$DJL_DIR/models/${model}_b$batch.pt" ] || "$PY" genimage-bench/scripts/train_peer.py --model "$model" \
        --batch "$batch" --trace "$DJL_DIR/models" 2>/dev/null
      if ! java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
          -Ddir="$DJL_DIR/models" -Dmodel="$model" -Dbatch="$batch" -cp "$DJL_DIR/*" \
          genimage-bench/scripts/DjlTrainPeer.java 2>/dev/null | grep '^{' >> "$OUT"; then
        echo "{\"engine\": \"libtorch-2.7.1-djl\", \"model\": \"$model\", \"batch\": $batch, \"crashed\": true}" >> "$OUT"
      fi
    fi
    if [ "${SAMEDIFF:-0}" = 1 ]; then
      # shellcheck disable=SC2086
      java ${JAVA_OPTS:-} -Dmodel="$model" -Dbatch="$batch" -Dsteps="$STEPS" -Dwarmup="$WARMUP" -Dengine=samediff \
        -cp "$CP" org.genimage.bench.training.TrainStep 2>/dev/null | grep '^{' >> "$OUT"
    fi
    echo "round $r $c done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done
"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
torch = next((r for r in runs if r['engine'].startswith('pytorch')), {})
print('versions: torch %s, libopenblas0-pthread %s' % (torch.get('torch'), torch.get('openblas')))
for r in runs:
    if r['engine'].startswith('genimage'):
        print('%s %s batch %d: %s' % (r['engine'], r['model'], r['batch'], r['detail']))
        break
by = {}
for r in runs:
    by.setdefault((r['model'], r['batch'], r['engine']), []).append(r)
print('| model | batch | engine | median ms/step | img/s | peak RSS MB | ratio vs PyTorch (img/s) |')
print('|---|---|---|---|---|---|---|')
for (model, batch) in dict.fromkeys((k[0], k[1]) for k in by):
    ref = by.get((model, batch, 'pytorch-eager'))
    ref_med = statistics.median(x['ms_per_step'] for x in ref) if ref else None
    for (m, b, engine), v in by.items():
        if (m, b) != (model, batch):
            continue
        done = [x for x in v if not x.get('crashed')]
        if not done:
            print('| %s | %d | %s | crashed | - | - | - |' % (m, b, engine))
            continue
        med = statistics.median(x['ms_per_step'] for x in done)
        rss = max(x['peak_rss_mb'] for x in done)
        ratio = '%.2f' % (ref_med / med) if ref_med else '-'
        print('| %s | %d | %s | %.0f | %.2f | %.0f | %s |' % (m, b, engine, med, b * 1e3 / med, rss, ratio))
PYEOF
