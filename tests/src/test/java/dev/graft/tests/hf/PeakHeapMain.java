package dev.graft.tests.hf;

import dev.graft.runtime.cli.GraftCommand;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs the {@code graft} command line, then prints {@code peak-heap-bytes N}: the sum of every heap pool's peak
 * usage (an upper bound of the heap's peak), for a test that runs it in a child JVM with a small {@code -Xmx}.
 */
public final class PeakHeapMain {
    private PeakHeapMain() {
    }

    public static void main(String[] args) {
        int code = GraftCommand.newCommandLine().execute(args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-bytes " + peak);
        System.exit(code);
    }
}
