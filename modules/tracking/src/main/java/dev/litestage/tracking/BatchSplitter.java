package dev.litestage.tracking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a {@link LogBatch} into requests a tracking server accepts. MLflow rejects a
 * {@code runs/log-batch} with more than 1000 metrics, 100 params, 100 tags, 1000 entities in all or
 * about 1 MB of payload (HTTP 400 {@code INVALID_PARAMETER_VALUE}), and the Java client does not
 * split batches itself.
 *
 * <p>Each part takes as many params as allowed, then tags, then fills the remaining entity budget
 * with metrics, so the number of requests is close to minimal and the order of entries is kept.
 */
public final class BatchSplitter {

    /** MLflow's documented per-request limits, with the payload kept below its 1 MB cap. */
    public static final BatchSplitter MLFLOW_LIMITS = new BatchSplitter(1000, 100, 100, 1000, 900_000);

    /** Rough JSON overhead per entry ({@code {"key":"","value":"","timestamp":...,"step":0},}). */
    private static final int ENTRY_OVERHEAD_BYTES = 64;

    private final int maxMetrics;
    private final int maxParams;
    private final int maxTags;
    private final int maxEntities;
    private final int maxBytes;

    /**
     * @throws IllegalArgumentException when a limit is not positive
     */
    public BatchSplitter(int maxMetrics, int maxParams, int maxTags, int maxEntities, int maxBytes) {
        if (maxMetrics < 1 || maxParams < 1 || maxTags < 1 || maxEntities < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: metrics=" + maxMetrics
                    + " params=" + maxParams + " tags=" + maxTags + " entities=" + maxEntities + " bytes=" + maxBytes);
        }
        this.maxMetrics = maxMetrics;
        this.maxParams = maxParams;
        this.maxTags = maxTags;
        this.maxEntities = maxEntities;
        this.maxBytes = maxBytes;
    }

    /**
     * The parts of {@code batch}, in order; a batch within the limits comes back as the only part,
     * an empty batch as no part at all.
     */
    public List<LogBatch> split(LogBatch batch) {
        List<Map.Entry<String, String>> params = new ArrayList<>(batch.params().entrySet());
        List<Map.Entry<String, String>> tags = new ArrayList<>(batch.tags().entrySet());
        List<MetricPoint> metrics = batch.metrics();
        List<LogBatch> parts = new ArrayList<>();
        int p = 0;
        int t = 0;
        int m = 0;
        while (p < params.size() || t < tags.size() || m < metrics.size()) {
            Map<String, String> partParams = new LinkedHashMap<>();
            Map<String, String> partTags = new LinkedHashMap<>();
            List<MetricPoint> partMetrics = new ArrayList<>();
            long bytes = 0;
            while (p < params.size() && partParams.size() < maxParams) {
                long size = size(params.get(p));
                if (bytes + size > maxBytes && bytes > 0) {
                    break;
                }
                partParams.put(params.get(p).getKey(), params.get(p).getValue());
                bytes += size;
                p++;
            }
            while (t < tags.size() && partTags.size() < maxTags && partParams.size() + partTags.size() < maxEntities) {
                long size = size(tags.get(t));
                if (bytes + size > maxBytes && bytes > 0) {
                    break;
                }
                partTags.put(tags.get(t).getKey(), tags.get(t).getValue());
                bytes += size;
                t++;
            }
            int metricRoom = Math.min(maxMetrics, maxEntities - partParams.size() - partTags.size());
            while (m < metrics.size() && partMetrics.size() < metricRoom) {
                long size = utf8(metrics.get(m).key()) + ENTRY_OVERHEAD_BYTES;
                if (bytes + size > maxBytes && bytes > 0) {
                    break;
                }
                partMetrics.add(metrics.get(m));
                bytes += size;
                m++;
            }
            parts.add(new LogBatch(partParams, partMetrics, partTags));
        }
        return parts;
    }

    private static long size(Map.Entry<String, String> entry) {
        return utf8(entry.getKey()) + utf8(entry.getValue()) + ENTRY_OVERHEAD_BYTES;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
