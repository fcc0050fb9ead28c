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
. scripts/device-java.sh || exit 2
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(tiny:fp32 small:fp32 base-124m:bf16)
status=0
for run in "${RUNS[@]}"; do
  cfg=${run%%:*}
  prec=${run#*:}
  log="$OUT/profile-$cfg-$prec.log"
  timeout 120 "$JAVA" "${JOPTS[@]}" -cp "$CP" dev.graft.runtime.Main bench train --model gpt --config "$cfg" --device cuda \
    --precision "$prec" --steps 3 --warmup 2 --profile > "$log" 2>&1 || status=1
  echo "== $cfg $prec"
  grep -v 'incubator' "$log"
done
exit $status
