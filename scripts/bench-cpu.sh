#!/usr/bin/env bash
# Runs Graft's training benchmark and the PyTorch anchor side by side on this machine, interleaved
# (graft, torch, graft, torch, ...) so that both see the same machine state, and prints one JSON line per run.
#
# Usage: scripts/bench-cpu.sh [REPEATS] [MODEL:CONFIG ...]     e.g. scripts/bench-cpu.sh 3 gpt:tiny bert:small
# Needs Debian's python3-torch and libopenblas0-openmp (apt-get install -y python3-torch libopenblas0-openmp).
# OpenBLAS 0.3.21 does not recognise recent Xeons and falls back to its SSE3 "Prescott" kernels, which makes the
# anchor about 5x slower than it should be; OPENBLAS_CORETYPE (default Cooperlake, the AVX-512 kernels) is set so
# that PyTorch runs at its best. Override it with GRAFT_OPENBLAS_CORETYPE ('' lets OpenBLAS detect the CPU).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPEATS="${1:-3}"; shift || true
CASES=("$@"); [ ${#CASES[@]} -gt 0 ] || CASES=(gpt:tiny bert:tiny gpt:small bert:small)
ANCHOR="${GRAFT_TORCH_ANCHOR:-$ROOT/../shared/bench/torch_gpt.py}"
PY=$(dpkg -L python3-minimal | grep '/bin/python3$' | head -1)
CORETYPE="${GRAFT_OPENBLAS_CORETYPE-Cooperlake}"
BLAS=$(dirname "$(dpkg -L libopenblas0-openmp | grep 'libopenblas.so.0$' | head -1)")
[ -f "$ANCHOR" ] || { echo "anchor not found: $ANCHOR (set GRAFT_TORCH_ANCHOR)" >&2; exit 66; }
"$ROOT/graft" --version >/dev/null
for r in $(seq "$REPEATS"); do
  for c in "${CASES[@]}"; do
    m=${c%%:*}; s=${c##*:}
    steps=10; [ "$s" = small ] && steps=6
    echo "{\"side\":\"graft\",\"repeat\":$r,\"result\":$("$ROOT/graft" bench train --model "$m" --config "$s" --threads 2 --steps $steps --warmup 3 --json 2>/dev/null)}"
    echo "{\"side\":\"torch\",\"repeat\":$r,\"result\":$(OPENBLAS_CORETYPE=$CORETYPE OMP_NUM_THREADS=2 LD_LIBRARY_PATH=$BLAS $PY "$ANCHOR" --model "$m" --config "$s" --mode train --threads 2 --steps $steps --warmup 3)}"
  done
done
