package dev.graft.cuda.tools;

import dev.graft.cuda.CudaProbe;
import dev.graft.cuda.CudaReport;

/**
 * Prints what CUDA this machine offers (libraries and versions, driver, GPUs, search settings). Exit status 0
 * when the CUDA backend can run, 2 when it cannot.
 */
public final class Probe {
    private Probe() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        CudaReport r = CudaProbe.probe();
        System.out.print(r.describe());
        System.out.println(r.usable() ? "CUDA: usable" : "CUDA: NOT usable: " + r.problem().orElse(""));
        System.exit(r.usable() ? 0 : 2);
    }
}
