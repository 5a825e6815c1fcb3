#!/usr/bin/env bash
# Full-size training through the command-line tool, as a user runs it: resident memory over a long run, and a
# run killed mid-epoch (SIGKILL) resumed to the same weights as an uninterrupted one.
#
#   genimage-bench/scripts/train_run.sh memory    # 10,000 simulated 256 px images, resnet50 --batch 32, EPOCHS (3)
#   genimage-bench/scripts/train_run.sh resume    # 320 images, 2 epochs of 10 steps, killed in epoch 2, resumed
#
# WORK (default /tmp/genimage-train-run) holds the data, checkpoints and logs. memory: samples VmRSS of the java
# process every SAMPLE seconds (default 15) into $WORK/rss.csv (seconds, MB) and prints the peak and the largest
# range after the first epoch; it takes about 15 minutes per epoch on 2 cores. resume: prints whether the weights of the
# two detector files are identical byte for byte (exit 1 when not). Extra options for `genimage train`: TRAIN_OPTS.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${1:-memory}
WORK=${WORK:-/tmp/genimage-train-run}
SAMPLE=${SAMPLE:-15}
mkdir -p "$WORK"
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

rss_of() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }
java_child() { pgrep -f "GenImageCli train" | head -1; }

checkpoint_step() {
  /usr/bin/python3 - "$1" <<'PYEOF' 2>/dev/null || echo -1
import json, struct, sys
with open(sys.argv[1], 'rb') as f:
    n = struct.unpack('<Q', f.read(8))[0]
    header = json.loads(f.read(n))
print(json.loads(header['__metadata__']['state'])['step'])
PYEOF
}

weights_sha() {
  /usr/bin/python3 - "$1" <<'PYEOF'
import hashlib, struct, sys
b = open(sys.argv[1], 'rb').read()
n = struct.unpack('<q', b[12:20])[0]
print(hashlib.sha256(b[20 + n:]).hexdigest())
PYEOF
}

case "$MODE" in
  memory)
    DATA="$WORK/sim10k"
    [ -d "$DATA" ] || ./genimage make-sim-dataset "$DATA" --size 256 --train-per-label 1250 --val-per-label 64
    rm -rf "$WORK/ckpt-memory" "$WORK/memory.gidet"
    # shellcheck disable=SC2086
    ./genimage train --detector resnet50 --data "$DATA" --generator all --batch 32 --epochs "${EPOCHS:-3}" \
      --checkpoint-dir "$WORK/ckpt-memory" --checkpoint-every 100 -o "$WORK/memory.gidet" ${TRAIN_OPTS:-} \
      > "$WORK/memory.log" 2>&1 &
    launcher=$!
    echo "seconds,rss_mb" > "$WORK/rss.csv"
    start=$(date +%s)
    while kill -0 "$launcher" 2>/dev/null; do
      pid=$(java_child || true)
      [ -n "$pid" ] && echo "$(( $(date +%s) - start )),$(rss_of "$pid")" >> "$WORK/rss.csv"
      sleep "$SAMPLE"
    done
    wait "$launcher"
    tail -5 "$WORK/memory.log"
    /usr/bin/python3 - "$WORK/rss.csv" "$WORK/memory.log" <<'PYEOF'
import csv, sys
rows = [(int(r['seconds']), int(r['rss_mb'])) for r in csv.DictReader(open(sys.argv[1])) if int(r['rss_mb']) > 0]
print('samples %d, peak RSS %d MB' % (len(rows), max(r[1] for r in rows)))
epochs = [l for l in open(sys.argv[2]) if l[:1].isdigit()]
n = max(len(epochs), 1)
for e in range(n):
    part = rows[len(rows) * e // n:len(rows) * (e + 1) // n]
    print('epoch %d (by time): RSS %d..%d MB' % (e + 1, min(r[1] for r in part), max(r[1] for r in part)))
PYEOF
    ;;
  resume)
    DATA="$WORK/sim320"
    [ -d "$DATA" ] || ./genimage make-sim-dataset "$DATA" --size 256 --train-per-label 40 --val-per-label 8
    common=(train --detector resnet50 --data "$DATA" --generator all --batch 32 --epochs 2 --checkpoint-every 3)
    rm -rf "$WORK/ckpt-a" "$WORK/ckpt-b" "$WORK/a.gidet" "$WORK/b.gidet"
    ./genimage "${common[@]}" --checkpoint-dir "$WORK/ckpt-a" -o "$WORK/a.gidet" > "$WORK/a.log" 2>&1
    ./genimage "${common[@]}" --checkpoint-dir "$WORK/ckpt-b" -o "$WORK/b.gidet" > "$WORK/b.log" 2>&1 &
    launcher=$!
    # Kill once the checkpoint after step 15 (epoch 2, batch 5 of 10) is written.
    while kill -0 "$launcher" 2>/dev/null; do
      if [ -f "$WORK/ckpt-b/checkpoint.gickpt" ] && [ "$(checkpoint_step "$WORK/ckpt-b/checkpoint.gickpt")" = 15 ]; then
        kill -9 "$(java_child)" && echo "killed mid-epoch after the step-15 checkpoint"
        break
      fi
      sleep 1
    done
    wait "$launcher" || true
    if [ -f "$WORK/b.gidet" ]; then echo "the run was not killed before it ended" >&2; exit 1; fi
    ./genimage "${common[@]}" --checkpoint-dir "$WORK/ckpt-b" -o "$WORK/b.gidet" >> "$WORK/b.log" 2>&1
    grep -E '^[0-9]+ ' "$WORK/b.log" | sed 's/^/resumed run: epoch /' || true
    a=$(weights_sha "$WORK/a.gidet")
    b=$(weights_sha "$WORK/b.gidet")
    echo "uninterrupted: $a"
    echo "killed+resumed: $b"
    if [ "$a" = "$b" ]; then echo "identical weights"; else echo "weights differ"; exit 1; fi
    ;;
  *)
    echo "usage: train_run.sh memory|resume" >&2
    exit 2
    ;;
esac
