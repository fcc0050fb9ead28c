package dev.graft.cuda.kernels;

import java.util.Map;

/**
 * Device code for kernel modules: from the {@link KernelCache} when present, else compiled and stored.
 * Counts compilations and cache hits for reports.
 */
public final class KernelImages {

    /**
     * An image and where it came from.
     *
     * @param image    CUBIN or NUL-terminated PTX
     * @param key      its cache key
     * @param fromCache whether it was read from the cache
     */
    public record Image(byte[] image, String key, boolean fromCache) {
    }

    private final KernelCache cache;
    private final KernelCompiler compiler;
    private final CompileTarget target;
    private int compilations;
    private int hits;

    /**
     * @param cache    the disk cache
     * @param compiler the compiler
     * @param target   what to compile for
     */
    public KernelImages(KernelCache cache, KernelCompiler compiler, CompileTarget target) {
        this.cache = cache;
        this.compiler = compiler;
        this.target = target;
    }

    /** @return the compile target */
    public CompileTarget target() {
        return target;
    }

    /**
     * The device code of a module.
     *
     * @param m       the module
     * @param defines its macros (e.g. {@code HEAD_DIM=64})
     * @return the image
     */
    public Image get(KernelModule m, Map<String, String> defines) {
        String source = KernelSources.translationUnit(m);
        var options = KernelSources.options(m, target.target(), defines);
        String key = KernelCache.key(source, options, compiler.version());
        var cached = cache.read(target.deviceArch(), key, target.cubin());
        if (cached.isPresent()) {
            hits++;
            return new Image(cached.get(), key, true);
        }
        byte[] image = compiler.compile(m.fileName() + ".cu", source, options, target.cubin());
        compilations++;
        cache.write(target.deviceArch(), key, target.cubin(), image);
        return new Image(image, key, false);
    }

    /** Drops a cached image the driver refused, so that the next {@link #get} recompiles it. */
    public void evict(Image image) {
        cache.evict(target.deviceArch(), image.key(), target.cubin());
    }

    /** @return compilations done by this instance */
    public int compilations() {
        return compilations;
    }

    /** @return cache hits of this instance */
    public int cacheHits() {
        return hits;
    }
}
