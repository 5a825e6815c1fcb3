#!/usr/bin/env bash
# Full-size .pth parity: a .pth written by PyTorch for a full-size ResNet-50 detector (CNNSpot: one logit,
# centre crop 224, ImageNet normalisation), in the three published layouts (plain state dict, CNNDetection's
# {'model': ...}, DataParallel's 'module.' prefixes), imported with `genimage import` and scored with
# `genimage detect` on 224x224 crops, against PyTorch's probabilities. Exits 1 when the worst difference is
# 1e-4 or more. Files (about 300 MB) go to DIR (default /tmp/pth-parity); nothing is committed.
#
#   genimage-bench/scripts/pth_parity.sh [DIR]
#
# Needs /usr/bin/python3 with torch, torchvision, numpy and Pillow. Builds the examples module through the
# reactor (offline, no install) unless GENIMAGE_CP gives the class path of the CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-/tmp/pth-parity}
PY=/usr/bin/python3
if [ -z "${GENIMAGE_CP:-}" ]; then
  mvn -B -o -q -pl examples -am package -DskipTests -Dmaven.javadoc.skip=true -Dcheckstyle.skip \
    dependency:build-classpath -Dmdep.outputFile=target/pth-parity-classpath.txt >&2
  GENIMAGE_CP="examples/target/classes:$(cat examples/target/pth-parity-classpath.txt)"
fi
genimage() {
  java ${GENIMAGE_JAVA_OPTS:--Xmx4g} -cp "$GENIMAGE_CP" org.genimage.examples.cli.GenImageCli "$@"
}
"$PY" genimage-bench/scripts/pth_parity.py make "$DIR"
outputs=()
for layout in plain cnndetection dataparallel; do
  genimage import "$DIR/$layout.pth" --family cnnspot50 -o "$DIR/$layout.gidet" > "$DIR/$layout.import.txt"
  genimage detect --json -q --model "$DIR/$layout.gidet" "$DIR"/crop_*.png > "$DIR/$layout.detect.json"
  outputs+=("$DIR/$layout.detect.json")
done
"$PY" genimage-bench/scripts/pth_parity.py compare "$DIR" "${outputs[@]}"
