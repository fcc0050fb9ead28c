#!/usr/bin/env bash
# Packs what the GPU machine needs for scripts/gpu-check.sh. That machine has CUDA and PyTorch but no Java, no
# Maven and no network, and receives only the checkout plus the ignored folders a run carries (64 MiB in all):
#   .devjre/jre25.tar.xz  a jlink'd Java 25 runtime (made by shared/bench/make-device-jre.sh)
#   .devlib/lib/          the project's jars and their run-time dependencies
#   .devlib/test/         the test classes gpu-check.sh runs with the JUnit console launcher: the tests module's
#                         as a folder (its Hugging Face fixtures are read as files from it), platform-runtime's
#                         test jar, which they use
#   .devlib/junit/        junit-platform-console-standalone
#   .devlib/bench/        torch_gpu_anchor.py, the PyTorch anchor run beside the Java benchmark
# Usage: scripts/make-devlib.sh            (then carry [".devjre", ".devlib"] and run scripts/gpu-check.sh)
# Env:   GRAFT_SHARED=<dir>  the shared folder (default: the first of ../shared, ../../shared holding bench/)
#        GRAFT_DEVLIB_OFFLINE=1  never reach Maven Central (the JUnit console jar must then be in ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIMIT=$((64 * 1024 * 1024))
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.14.4

for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -n "$c" ] && [ -x "$c/bin/jlink" ] && "$c/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
    export JAVA_HOME="$c"; break
  fi
done
[ -x "${JAVA_HOME:-}/bin/jlink" ] || { echo "make-devlib: needs a JDK 25 with jlink (set JAVA_HOME)" >&2; exit 1; }

SHARED=${GRAFT_SHARED:-}
if [ -z "$SHARED" ]; then
  for s in ../shared ../../shared; do
    if [ -f "$s/bench/make-device-jre.sh" ]; then SHARED=$(cd "$s" && pwd); break; fi
  done
fi
[ -n "$SHARED" ] && [ -f "$SHARED/bench/make-device-jre.sh" ] || {
  echo "make-devlib: shared folder not found (set GRAFT_SHARED to the folder holding bench/ and fixtures/)" >&2; exit 1; }

MVN=(./mvnw -q -B -ntp)
[ "${GRAFT_DEVLIB_OFFLINE:-0}" = 1 ] && MVN+=(-o)

echo "make-devlib: building the jars (tests are not run)" >&2
"${MVN[@]}" -DskipTests install

if [ ! -f .devjre/jre25.tar.xz ]; then
  "$SHARED/bench/make-device-jre.sh" .devjre >&2
fi

rm -rf .devlib
mkdir -p .devlib/lib .devlib/test .devlib/junit .devlib/bench
for m in platform-api registry gpu-backend platform-runtime; do
  if [ -d "$m/target" ]; then
    find "$m/target" -maxdepth 1 -name "$m-*.jar" ! -name '*-sources.jar' ! -name '*-tests.jar' -exec cp {} .devlib/lib/ \;
  fi
done
"${MVN[@]}" dependency:copy-dependencies -DincludeScope=runtime -DexcludeGroupIds=dev.graft \
  -DoutputDirectory="$ROOT/.devlib/lib" -pl platform-runtime,gpu-backend
# The HF parity tests: the tests module's classes stay a folder, since the fixtures are read as files from the
# class path; platform-runtime's test jar holds helpers they use.
cp -r tests/target/test-classes .devlib/test/tests
"$JAVA_HOME/bin/jar" cf .devlib/test/platform-runtime-tests.jar -C platform-runtime/target/test-classes .
"${MVN[@]}" dependency:copy -Dartifact="$JUNIT_CONSOLE" -DoutputDirectory="$ROOT/.devlib/junit"
cp "$SHARED/bench/torch_gpu_anchor.py" .devlib/bench/

# What travels is the whole checkout (tracked files and untracked ones git does not ignore) plus the carried
# folders, so the limit applies to their sum.
tree_bytes() { git ls-files -z --cached --others --exclude-standard | xargs -0 -r du -cb 2>/dev/null | awk '$2 == "total" { s += $1 } END { print s + 0 }'; }
total() { echo $(( $(du -cb .devjre .devlib | tail -1 | cut -f1) + $(tree_bytes) )); }
if [ "$(total)" -gt "$LIMIT" ]; then
  # The tokenizer jar bundles native libraries for four platforms (~18 MB); the device checks do not tokenize.
  for big in .devlib/lib/tokenizers-*.jar; do
    [ -f "$big" ] && { echo "make-devlib: dropping $(basename "$big") to stay under 64 MiB" >&2; rm -f "$big"; }
  done
fi
{
  echo "graft device bundle"
  echo "revision: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  (cd .devlib && find . -type f -printf '%10s %p\n' | sort -k2)
} > .devlib/MANIFEST.txt
size=$(total)
awk -v s="$size" 'BEGIN { printf "make-devlib: checkout + .devjre + .devlib = %.1f MiB (limit 64 MiB)\n", s / 1048576 }' >&2
[ "$size" -le "$LIMIT" ] || { echo "make-devlib: over the 64 MiB a device run may carry" >&2; exit 1; }
echo 'make-devlib: done; run with carry [".devjre", ".devlib"]: bash scripts/gpu-check.sh' >&2
