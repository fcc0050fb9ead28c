#!/usr/bin/python3
"""PyTorch (OpenBLAS) sgemm on the same shapes as dev.graft.runtime.cpu.GemmBench, for side-by-side ratios.

Shapes use GemmBench's syntax: MxNxK:XY (X, Y = N or T: operand A stored [K, M] / B stored [N, K]),
with an optional batch prefix Bx. Transposed operands are transposed views, so BLAS gets the
transpose flags and nothing is copied. Prints one JSON object per shape (median of --reps timed
calls after --warmup untimed ones).

Run under Debian's python3 with OpenBLAS chosen explicitly (see the bench README):
    LD_LIBRARY_PATH=$BLAS /usr/bin/python3 docs/bench/torch_sgemm.py --threads 2 [--shape 2048x768x256:NN ...]
Each line names the OpenBLAS kernel set in use ("openblas_core"): Debian's OpenBLAS 0.3.21 does not
recognise every recent Xeon and then falls back to its SSE3 "Prescott" kernels unless OPENBLAS_CORETYPE
names an AVX-512 core (Cooperlake, SkylakeX).
"""
import argparse
import ctypes
import json
import statistics
import time

import torch

SHAPES = ["2048x768x256:NN", "2048x1024x256:NN", "2048x256x1024:NN", "2048x8192x256:NT",
          "2048x256x768:NT", "256x768x2048:TN", "2048x256x8192:NN", "8192x256x2048:TN",
          "2048x1536x512:NN", "2048x2048x512:NN", "2048x512x2048:NN", "512x2048x2048:TN", "2048x8192x512:NT",
          "64x128x128x64:NT", "64x128x64x128:NN"]


def parse(text):
    dims, _, flags = text.partition(":")
    d = [int(x) for x in dims.split("x")]
    batch = d[0] if len(d) == 4 else 1
    m, n, k = d[-3:]
    flags = flags or "NN"
    return batch, m, n, k, flags[0] == "T", flags[1] == "T"


def operands(batch, m, n, k, ta, tb):
    g = torch.Generator().manual_seed(1)
    a = torch.randn(batch, k, m, generator=g).transpose(1, 2) if ta else torch.randn(batch, m, k, generator=g)
    b = torch.randn(batch, n, k, generator=g).transpose(1, 2) if tb else torch.randn(batch, k, n, generator=g)
    if batch == 1:
        return a[0], b[0]
    return a, b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--shape", action="append")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode()
    except OSError:
        core = "no OpenBLAS"
    for text in args.shape or SHAPES:
        batch, m, n, k, ta, tb = parse(text)
        a, b = operands(batch, m, n, k, ta, tb)
        mm = torch.bmm if batch > 1 else torch.mm
        out = mm(a, b)
        for _ in range(args.warmup):
            mm(a, b, out=out)
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            mm(a, b, out=out)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        flops = 2.0 * batch * m * n * k
        print(json.dumps({"shape": text, "threads": torch.get_num_threads(), "median_ms": round(med * 1e3, 3),
                          "gflops": round(flops / med / 1e9, 1), "best_gflops": round(flops / min(times) / 1e9, 1),
                          "torch": torch.__version__, "openblas_core": core}), flush=True)


if __name__ == "__main__":
    main()
