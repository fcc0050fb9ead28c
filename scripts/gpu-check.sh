#!/usr/bin/env bash
# The device check of the CUDA backend: one call on the GPU machine, which builds nothing (it has no Java, no
# Maven and no network). Prepare on a build machine with scripts/make-devlib.sh, then run from the repository
# root with .devjre and .devlib carried:
#     bash scripts/gpu-check.sh            (writes everything under $OUT, default ./gpu-check-out)
# Stages, most important first, each with its own log and a line in $OUT/summary.txt:
#   env       nvidia-smi, CUDA toolkit version, libraries present
#   probe     what the backend finds (libraries, versions, GPU)
#   kernels   every SPI kernel against the ReferenceBackend on random shapes (fp32, TF32 off), GEMM in
#             TF32/bf16, fused epilogues, graph capture/replay, release scopes, the kernel cache
#   hf-parity the Hugging Face parity tests on CUDA in fp32 (JUnit console, -Dgraft.test.backend=cuda)
#   train     gpt-tiny training on cpu and on cuda: losses compared step by step
#   bench     CudaBench (GEMM 8192^3, GELU bandwidth, launch cost) and, beside it, torch_gpu_anchor.py
#   train-bench  graft bench train on cuda for gpt-tiny, gpt-small, GPT-2 124M in fp32 and bf16
#   quickstart-cuda  graft quickstart on cuda, the README's main job, with what time is left
# A stage whose code is not in this build is reported MISSING, not passed. Exit status 0 only if every stage
# passed. The whole run stays under GRAFT_CHECK_BUDGET seconds (default 540) so a 600 s call returns logs.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
SUMMARY=$OUT/summary.txt
: > "$SUMMARY"
START=$(date +%s)
BUDGET=${GRAFT_CHECK_BUDGET:-540}
STATUS=0

note() { echo "$*" | tee -a "$SUMMARY"; }
left() { echo $(( BUDGET - ($(date +%s) - START) )); }

note "graft gpu-check $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
if ! . scripts/device-java.sh 2> "$OUT/setup.log"; then
  note "FAIL setup: $(cat "$OUT/setup.log")"
  exit 2
fi
[ -f .devlib/MANIFEST.txt ] && head -4 .devlib/MANIFEST.txt | sed 's/^/bundle: /' | tee -a "$SUMMARY"
PY=$(command -v python3 || command -v python || true)

# run_stage NAME SECONDS COMMAND...: runs with a timeout bounded by the budget; logs to $OUT/NAME.log.
run_stage() {
  local name=$1 limit=$2; shift 2
  local remaining; remaining=$(left)
  if [ "$remaining" -lt 20 ]; then note "SKIP $name: out of time budget"; STATUS=1; return 1; fi
  [ "$limit" -gt "$remaining" ] && limit=$remaining
  local t0; t0=$(date +%s)
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
  local rc=$?
  local dt=$(( $(date +%s) - t0 ))
  if [ $rc -eq 0 ]; then
    note "PASS $name (${dt}s)"
  elif [ $rc -eq 124 ]; then
    note "FAIL $name: timed out after ${limit}s"; STATUS=1
  else
    note "FAIL $name: exit $rc (${dt}s)"; STATUS=1
  fi
  tail -n 3 "$OUT/$name.log" | sed "s/^/    $name: /" | tee -a "$SUMMARY"
  return $rc
}

missing() { note "MISSING $1: $2"; STATUS=1; }


# ---------------------------------------------------------------- env
{
  nvidia-smi || true
  echo "CUDA_HOME=$CUDA_HOME"; cat "$CUDA_HOME/version.json" 2>/dev/null | head -20 || true
  ls -la "$CUDA_HOME/lib64" 2>/dev/null | grep -E 'libnvrtc|libcublas' || true
  ldconfig -p | grep -E 'libcuda\.so' || true
  timeout 20 find /usr/local /usr/lib /opt -maxdepth 7 \( -name 'libcuda.so*' -o -name 'libnvrtc.so*' \
    -o -name 'libcublas*.so*' \) 2>/dev/null | head -40 || true
  "$JAVA" -version
} > "$OUT/env.log" 2>&1
note "INFO env: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"

# ---------------------------------------------------------------- probe, kernels
run_stage probe 60 "$JAVA" "${JOPTS[@]}" -cp "$CP" dev.graft.cuda.tools.Probe
run_stage kernels 180 "$JAVA" "${JOPTS[@]}" -cp "$CP" dev.graft.cuda.tools.KernelCheck
grep -E '^FAIL' "$OUT/kernels.log" | head -20 | sed 's/^/    kernels: /' | tee -a "$SUMMARY"

# ---------------------------------------------------------------- HF parity on CUDA (fp32, TF32 off)
CONSOLE=$(ls .devlib/junit/junit-platform-console-standalone-*.jar 2>/dev/null | head -1)
if [ -z "$CONSOLE" ] || [ ! -d .devlib/test/tests ]; then
  missing hf-parity "no JUnit console launcher or no .devlib/test/tests in the bundle"
else
  run_stage hf-parity 120 "$JAVA" "${JOPTS[@]}" -Dgraft.test.backend=cuda -Dgraft.cuda.precision=fp32 \
    -jar "$CONSOLE" execute --disable-banner --details=tree \
    --class-path ".devlib/test/tests:$(ls .devlib/test/*.jar .devlib/lib/*.jar | tr '\n' ':')" \
    --select-class dev.graft.tests.hf.ModelParityTest --fail-if-no-tests
fi

# ---------------------------------------------------------------- gpt-tiny training: cuda follows cpu
MAIN=dev.graft.runtime.Main
if "$JAVA" "${JOPTS[@]}" -cp "$CP" "$MAIN" bench train --help > "$OUT/train-help.log" 2>&1 \
   && grep -q -- '--device' "$OUT/train-help.log"; then
  TRAIN=(bench train --model gpt --config tiny --steps 20 --seed 1 --json)
  run_stage train-cpu 90 "$JAVA" "${JOPTS[@]}" -cp "$CP" "$MAIN" "${TRAIN[@]}" --device cpu
  run_stage train-cuda 60 "$JAVA" "${JOPTS[@]}" -cp "$CP" "$MAIN" "${TRAIN[@]}" --device cuda --precision fp32
  if [ -n "$PY" ]; then
    "$PY" - "$OUT/train-cpu.log" "$OUT/train-cuda.log" > "$OUT/train-compare.log" 2>&1 <<'PYEOF'
import json, sys
def losses(path):
    out = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if "losses" in d:
                out = list(enumerate(d["losses"]))
    return out
cpu, gpu = losses(sys.argv[1]), losses(sys.argv[2])
if not cpu or len(cpu) != len(gpu):
    print(f"cannot compare: {len(cpu)} cpu steps, {len(gpu)} cuda steps"); sys.exit(1)
worst = 0.0
for (s, a), (_, b) in zip(cpu, gpu):
    rel = abs(a - b) / max(1e-8, abs(a))
    worst = max(worst, rel)
    print(f"step {s}: cpu {a:.6f} cuda {b:.6f} rel {rel:.2e}")
print(f"worst relative difference {worst:.2e} (tolerance 1e-3)")
sys.exit(0 if worst <= 1e-3 else 1)
PYEOF
    if [ $? -eq 0 ]; then note "PASS train-compare: $(tail -1 "$OUT/train-compare.log")"; else
      note "FAIL train-compare: $(tail -1 "$OUT/train-compare.log")"; STATUS=1; fi
  fi
  # ---------------------------------------------------------------- benchmarks, the PyTorch anchor beside them
  run_stage bench-java 60 "$JAVA" "${JOPTS[@]}" -cp "$CP" dev.graft.cuda.tools.CudaBench
  if [ -n "$PY" ] && [ -f .devlib/bench/torch_gpu_anchor.py ]; then
    run_stage bench-torch 150 "$PY" .devlib/bench/torch_gpu_anchor.py
  else
    missing bench-torch "python3 or .devlib/bench/torch_gpu_anchor.py not found"
  fi

  for cfg in tiny small base-124m; do
    for prec in fp32 bf16; do
      run_stage "train-bench-$cfg-$prec" 60 "$JAVA" "${JOPTS[@]}" -cp "$CP" "$MAIN" bench train --model gpt \
        --config "$cfg" --device cuda --precision "$prec" --json
    done
  done
  # With GRAFT_CHECK_ATTENTION=1, runs with attention forced each way (-Dgraft.cuda.attention), to check auto.
  [ "${GRAFT_CHECK_ATTENTION:-0}" = 1 ] && AB_RUNS=(tiny:fp32:gemm small:fp32:gemm small:bf16:gemm
    base-124m:fp32:fused base-124m:bf16:fused) || AB_RUNS=()
  for run in "${AB_RUNS[@]}"; do
    IFS=: read -r cfg prec way <<< "$run"
    run_stage "train-bench-$cfg-$prec-$way" 60 "$JAVA" "${JOPTS[@]}" -Dgraft.cuda.attention="$way" -cp "$CP" \
      "$MAIN" bench train --model gpt --config "$cfg" --device cuda --precision "$prec" --json
  done
  # The README's main job on the GPU, end to end (its table goes into the summary, to compare with the CPU's in
  # docs/reproductions.md); last, so that it only uses what time is left.
  run_stage quickstart-cuda 200 "$JAVA" "${JOPTS[@]}" -cp "$CP" "$MAIN" quickstart --device cuda \
    --out "$OUT/quickstart" && grep -E '^\| (scratch|ki|bert2bert)' "$OUT/quickstart-cuda.log" | sed 's/^/    /' \
    | tee -a "$SUMMARY"
else
  missing train "this build's CLI has no 'graft bench train ... --device' (see $OUT/train-help.log)"
  missing train-bench "needs 'graft bench train --device cuda --precision fp32|bf16'"
fi

# ---------------------------------------------------------------- ratios
if [ -n "$PY" ]; then
  "$PY" - "$OUT" > "$OUT/ratios.txt" 2>&1 <<'PYEOF'
import glob, json, os, re, sys
out = sys.argv[1]
def read(name):
    p = os.path.join(out, name)
    return open(p).read() if os.path.exists(p) else ""
torch, java = read("bench-torch.log"), read("bench-java.log")
for label in ("fp32 strict", "tf32", "bf16"):
    t = re.search(r"TORCH_GEMM %s \d+\^3: ([\d.]+)" % re.escape(label), torch)
    g = re.search(r"GRAFT_GEMM %s \d+\^3: ([\d.]+)" % re.escape(label), java)
    if t and g:
        print(f"GEMM {label}: graft {g.group(1)} / torch {t.group(1)} TFLOP/s = {float(g.group(1)) / float(t.group(1)):.2f}x")
t = re.search(r"TORCH gelu\(tanh\): ([\d.]+)", torch)
g = re.search(r"GRAFT gelu\(tanh\): ([\d.]+)", java)
if t and g:
    print(f"GELU: graft {g.group(1)} / torch {t.group(1)} GB/s = {float(g.group(1)) / float(t.group(1)):.2f}x")
def tokens_per_s(log):
    tps = None
    for line in read(log).splitlines():
        if line.startswith("{"):
            try:
                tps = json.loads(line).get("tokens_per_s", tps)
            except ValueError:
                pass
    return tps
names = {"tiny": "TINY", "small": "SMALL", "base-124m": "BASE-124M"}
for cfg, tname in names.items():
    for prec in ("fp32", "bf16"):
        t = re.search(r"TORCH_TRAIN %s %s: (\d+) tokens/s" % (re.escape(tname), prec), torch)
        tps = tokens_per_s(f"train-bench-{cfg}-{prec}.log")
        if t and tps:
            print(f"train gpt-{cfg} {prec}: graft {tps:.0f} / torch {t.group(1)} tokens/s = {tps / float(t.group(1)):.2f}x")
        elif t:
            print(f"train gpt-{cfg} {prec}: torch {t.group(1)} tokens/s, graft not measured")
        for way in ("fused", "gemm"):
            alt = tokens_per_s(f"train-bench-{cfg}-{prec}-{way}.log")
            if alt and t:
                print(f"train gpt-{cfg} {prec}, attention {way}: graft {alt:.0f} / torch {t.group(1)} tokens/s = "
                      f"{alt / float(t.group(1)):.2f}x")
PYEOF
  sed 's/^/RATIO /' "$OUT/ratios.txt" | tee -a "$SUMMARY"
fi

note "gpu-check finished in $(( $(date +%s) - START ))s, status $STATUS"
exit $STATUS
