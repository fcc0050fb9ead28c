package dev.graft.cuda.memory;

/**
 * A snapshot of the caching allocator's books, all in bytes or counts.
 *
 * @param liveBytes      bytes handed out and not yet released (rounded sizes)
 * @param cachedBytes    bytes released and kept for reuse (general pool)
 * @param reservedBytes  bytes held from the driver: live + cached + graph pools
 * @param peakLiveBytes  the largest {@code liveBytes} seen
 * @param allocations    allocation requests served
 * @param cacheHits      requests served from the cache
 * @param deviceMallocs  calls to the device allocator
 * @param deviceFrees    calls to the device free
 */
public record AllocatorStats(long liveBytes, long cachedBytes, long reservedBytes, long peakLiveBytes,
                             long allocations, long cacheHits, long deviceMallocs, long deviceFrees) {
}
