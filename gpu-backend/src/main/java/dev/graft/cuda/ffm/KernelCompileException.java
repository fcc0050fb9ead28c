package dev.graft.cuda.ffm;

import java.util.List;

/** NVRTC rejected a kernel source. The message carries the program name, the options and the compiler log. */
public final class KernelCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String log;

    /**
     * @param program the program (kernel module) name
     * @param options the options it was compiled with
     * @param status  NVRTC's status text
     * @param log     the compiler log
     */
    public KernelCompileException(String program, List<String> options, String status, String log) {
        super("NVRTC could not compile " + program + " " + options + ": " + status + "\n" + log);
        this.log = log;
    }

    /** @return the compiler log */
    public String log() {
        return log;
    }
}
