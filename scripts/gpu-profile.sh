#!/usr/bin/env bash
# Where a CUDA training step's time goes: graft bench train --profile on the GPU machine, which synchronizes the
# device around every kernel so each row is that kernel's launch and execution. Prepare with
# scripts/make-devlib.sh and carry .devjre and .devlib, as for scripts/gpu-check.sh.
#     bash scripts/gpu-profile.sh [CONFIG:PRECISION ...]     (default: tiny:fp32 small:fp32 base-124m:bf16)
# Writes one log per run under $OUT (default ./gpu-profile-out) and prints each profile.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-profile-out}
mkdir -p "$OUT"
[ -f .devjre/jre25.tar.xz ] && [ -d .devlib/lib ] || {
  echo "gpu-profile: .devjre/jre25.tar.xz or .devlib/lib is missing: run scripts/make-devlib.sh and carry both" >&2
  exit 2; }
JRE=$(mktemp -d /tmp/graft-jre.XXXXXX)
trap 'rm -rf "$JRE"' EXIT
tar xJf .devjre/jre25.tar.xz -C "$JRE"
export CUDA_HOME=${CUDA_HOME:-/usr/local/cuda}
export LD_LIBRARY_PATH="$CUDA_HOME/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GRAFT_HOME="$OUT/graft-home"
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(tiny:fp32 small:fp32 base-124m:bf16)
status=0
for run in "${RUNS[@]}"; do
  cfg=${run%%:*}
  prec=${run#*:}
  log="$OUT/profile-$cfg-$prec.log"
  timeout 120 "$JRE/jre25/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx24g \
    -cp '.devlib/lib/*' dev.graft.runtime.Main bench train --model gpt --config "$cfg" --device cuda \
    --precision "$prec" --steps 3 --warmup 2 --profile > "$log" 2>&1 || status=1
  echo "== $cfg $prec"
  grep -v 'incubator' "$log"
done
exit $status
