# Sourced by scripts/gpu-check.sh and scripts/gpu-profile.sh on the GPU machine: unpacks the Java runtime that
# scripts/make-devlib.sh packed into .devjre (removed again when the script exits) and finds CUDA. Sets JAVA,
# CUDA_HOME, LD_LIBRARY_PATH, CP (the jars of .devlib/lib) and JOPTS; GRAFT_HOME goes under $OUT.
# Returns 2 when .devjre or .devlib is missing.
if [ ! -f .devjre/jre25.tar.xz ] || [ ! -d .devlib/lib ]; then
  echo ".devjre/jre25.tar.xz or .devlib/lib is missing: run scripts/make-devlib.sh and carry both" >&2
  return 2
fi
DEVICE_JRE=$(mktemp -d /tmp/graft-jre.XXXXXX)
trap 'rm -rf "$DEVICE_JRE"' EXIT
tar xJf .devjre/jre25.tar.xz -C "$DEVICE_JRE"
JAVA="$DEVICE_JRE/jre25/bin/java"
if [ -z "${CUDA_HOME:-}" ]; then
  CUDA_HOME=/usr/local/cuda
  if [ ! -d "$CUDA_HOME/lib64" ] && command -v nvcc > /dev/null; then
    CUDA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")
  fi
fi
export CUDA_HOME
export LD_LIBRARY_PATH="$CUDA_HOME/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# No NVIDIA_TF32_OVERRIDE: it would turn TF32 off in every library of the process, so the TF32 GEMM check and
# benchmark would measure fp32. Strict fp32 is what --precision fp32 asks cuBLAS for anyway.
export GRAFT_HOME="$OUT/graft-home"
CP=".devlib/lib/*"
JOPTS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss8m -Xmx24g -XX:+UseParallelGC
       -Dai.djl.offline=true)
