#!/usr/bin/env python3
"""Side-by-side sgemm throughput: Graft's cpu backend (GemmBench, Java) against PyTorch with OpenBLAS.

Alternates rounds of the two (Java, PyTorch, Java, PyTorch, ...) so that both see the same machine
conditions, takes the median GFLOP/s per shape over the rounds, and prints a Markdown table with the
ratio. Needs the test classes built first:

    ./mvnw -q -B -pl platform-runtime -am test-compile
    python3 docs/bench/gemm_compare.py --rounds 3 --threads 2

PyTorch runs under Debian's python3 with OpenBLAS chosen explicitly (found with dpkg, as the bench
README describes); JAVA_HOME must point at a JDK 25.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Where each default shape occurs in a training step (tokens = batch x sequence = 2048).
ROLES = {
    "2048x768x256:NN": "gpt-tiny QKV projection, forward",
    "2048x1024x256:NN": "gpt-tiny MLP up, forward",
    "2048x256x1024:NN": "gpt-tiny MLP down, forward",
    "2048x8192x256:NT": "gpt-tiny tied LM head, forward",
    "2048x256x768:NT": "gpt-tiny QKV input gradient",
    "256x768x2048:TN": "gpt-tiny QKV weight gradient",
    "2048x256x8192:NN": "gpt-tiny LM head input gradient",
    "8192x256x2048:TN": "gpt-tiny embedding gradient (tied head)",
    "2048x1536x512:NN": "gpt-small QKV projection, forward",
    "2048x2048x512:NN": "gpt-small MLP up, forward",
    "2048x512x2048:NN": "gpt-small MLP down, forward",
    "512x2048x2048:TN": "gpt-small MLP up weight gradient",
    "2048x8192x512:NT": "gpt-small tied LM head, forward",
    "64x128x128x64:NT": "attention-sized scores (64 heads), batched",
    "64x128x64x128:NN": "attention-sized values (64 heads), batched",
}
PEAK = 469.0  # measured fp32 FMA peak of this CPU on 2 cores (GFLOP/s)


def dpkg_path(package, suffix):
    out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True).stdout
    return next(line for line in out.splitlines() if line.endswith(suffix))


def run_json(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode != 0:
        sys.exit("command failed: %s\n%s" % (" ".join(cmd), out.stderr))
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def torch_version(py, env):
    out = subprocess.run([py, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True, env=env)
    return out.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--openblas-coretype", default="Cooperlake",
                    help="OPENBLAS_CORETYPE for PyTorch ('' to let OpenBLAS detect the CPU; its 0.3.21 falls back "
                         "to SSE3 kernels on CPUs it does not know)")
    args = ap.parse_args()

    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    cp = ":".join(os.path.join(ROOT, p) for p in
                  ["platform-runtime/target/classes", "platform-runtime/target/test-classes", "platform-api/target/classes"])
    java_cmd = [java, "--add-modules", "jdk.incubator.vector", "-cp", cp, "dev.graft.runtime.cpu.GemmBench",
                "--threads", str(args.threads), "--reps", str(args.reps), "--warmup", str(args.warmup)]
    py = dpkg_path("python3-minimal", "/bin/python3")
    blas = os.path.dirname(dpkg_path("libopenblas0-openmp", "libopenblas.so.0"))
    env = dict(os.environ, LD_LIBRARY_PATH=blas)
    if args.openblas_coretype:
        env["OPENBLAS_CORETYPE"] = args.openblas_coretype
    else:
        env.pop("OPENBLAS_CORETYPE", None)
    torch_cmd = [py, os.path.join(ROOT, "docs/bench/torch_sgemm.py"), "--threads", str(args.threads),
                 "--reps", str(args.reps), "--warmup", str(args.warmup)]

    graft, torch, peaks, cores = {}, {}, [], set()
    for r in range(args.rounds):
        for rec in run_json(java_cmd):
            if "fma_peak_gflops" in rec:
                peaks.append(rec["fma_peak_gflops"])
                continue
            graft.setdefault(rec["shape"], []).append(rec["gflops"])
        for rec in run_json(torch_cmd, env):
            torch.setdefault(rec["shape"], []).append(rec["gflops"])
            cores.add(rec.get("openblas_core", "?"))
        print("round %d done, load average %s" % (r + 1, os.getloadavg()), file=sys.stderr)

    print("Measured %s on %s (%s), %d threads, median of %d rounds x %d timed calls; load average at the end %.2f;"
          " FMA throughput available to %d threads during the rounds: %s GFLOP/s"
          % (time.strftime("%Y-%m-%d"), platform.processor() or platform.machine(), os.uname().nodename,
             args.threads, args.rounds, args.reps, os.getloadavg()[0], args.threads,
             ", ".join("%.0f" % p for p in peaks)))
    print("PyTorch %s, OpenBLAS kernels: %s" % (torch_version(py, env), ", ".join(sorted(cores))))
    print()
    print("| M x N x K : op(A) op(B) | where | Graft cpu GFLOP/s | % of peak | PyTorch GFLOP/s | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for shape in graft:
        g = statistics.median(graft[shape])
        t = statistics.median(torch.get(shape, [float("nan")]))
        print("| %s | %s | %.0f | %.0f %% | %.0f | %.2f |" % (shape, ROLES.get(shape, ""), g, 100 * g / PEAK, t, g / t))


if __name__ == "__main__":
    main()
