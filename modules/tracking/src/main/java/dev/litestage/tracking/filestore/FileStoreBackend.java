package dev.litestage.tracking.filestore;

import dev.litestage.tracking.BackendUnavailableException;
import dev.litestage.tracking.LogBatch;
import dev.litestage.tracking.MetricPoint;
import dev.litestage.tracking.RunHandle;
import dev.litestage.tracking.RunStatus;
import dev.litestage.tracking.TrackingBackend;
import dev.litestage.tracking.TrackingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes runs into a local MLflow file store, the layout {@code mlflow ui --backend-store-uri <root>}
 * reads (as written by MLflow 2.17's own Python client):
 *
 * <pre>
 * &lt;root&gt;/0/meta.yaml                         the Default experiment, created when missing
 * &lt;root&gt;/&lt;expId&gt;/meta.yaml                  experiment: artifact_location, creation_time,
 *                                           experiment_id, last_update_time, lifecycle_stage, name
 * &lt;root&gt;/&lt;expId&gt;/tags/&lt;key&gt;                experiment tag, raw value without newline
 * &lt;root&gt;/&lt;expId&gt;/&lt;runId&gt;/meta.yaml          run: artifact_uri ... user_id (see {@link #createRun})
 * &lt;root&gt;/&lt;expId&gt;/&lt;runId&gt;/metrics/&lt;key&gt;     one "&lt;timestamp_ms&gt; &lt;value&gt; &lt;step&gt;" line per point
 * &lt;root&gt;/&lt;expId&gt;/&lt;runId&gt;/params/&lt;key&gt;      raw value without newline
 * &lt;root&gt;/&lt;expId&gt;/&lt;runId&gt;/tags/&lt;key&gt;        raw value without newline
 * &lt;root&gt;/&lt;expId&gt;/&lt;runId&gt;/artifacts/...
 * </pre>
 *
 * A {@code /} in a key makes sub-folders. Experiment ids are random 18-digit decimal strings, run
 * ids 32 lowercase hex characters (a uuid4 without dashes). Every file is replaced atomically
 * ({@link AtomicFile}); a run's tags are written before its {@code meta.yaml}, so a run that MLflow
 * or {@link #findRunByTag} can see always carries all the tags it was created with.
 *
 * <p>Thread-safe: all methods synchronise on the back end (one writer per store is assumed).
 */
public final class FileStoreBackend implements TrackingBackend {

    private static final String DEFAULT_EXPERIMENT_ID = "0";
    private static final long MIN_EXPERIMENT_ID = 100_000_000_000_000_000L; // 18 digits
    private static final long EXPERIMENT_ID_RANGE = 900_000_000_000_000_000L;

    private final Path root;
    private final Clock clock;
    private final String userName;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Path> runDirs = new HashMap<>();
    private final Map<IndexKey, Map<String, List<String>>> tagIndex = new HashMap<>();

    private record IndexKey(String experimentId, String tagKey) {
    }

    private FileStoreBackend(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        String user = System.getProperty("user.name");
        this.userName = user == null || user.isBlank() ? "unknown" : user;
    }

    /**
     * Opens (creating when needed) the file store at {@code root}, with its Default experiment.
     *
     * @throws BackendUnavailableException when the folder cannot be created or written
     */
    public static FileStoreBackend open(Path root) {
        return open(root, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, timing creation and end times with {@code clock}. */
    public static FileStoreBackend open(Path root, Clock clock) {
        FileStoreBackend store = new FileStoreBackend(Objects.requireNonNull(root, "root"), clock);
        store.io("create the Default experiment", () -> {
            Files.createDirectories(store.root);
            Path defaultDir = store.root.resolve(DEFAULT_EXPERIMENT_ID);
            if (!Files.exists(defaultDir.resolve("meta.yaml"))) {
                Files.createDirectories(defaultDir);
                store.writeExperimentMeta(defaultDir, DEFAULT_EXPERIMENT_ID, "Default", store.clock.millis());
            }
            return null;
        });
        return store;
    }

    /** The store's root folder, absolute. */
    public Path root() {
        return root;
    }

    @Override
    public synchronized String createOrGetExperiment(String name, Map<String, String> tags) {
        Objects.requireNonNull(name, "experiment name");
        return io("create experiment '" + name + "'", () -> {
            String id = findExperiment(name).orElse(null);
            if (id == null) {
                Path dir;
                do {
                    id = Long.toString(MIN_EXPERIMENT_ID + Math.floorMod(random.nextLong(), EXPERIMENT_ID_RANGE));
                    dir = root.resolve(id);
                } while (!tryCreateDirectory(dir));
                writeExperimentMeta(dir, id, name, clock.millis());
            }
            Path dir = root.resolve(id);
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                writeText(dir.resolve("tags").resolve(tag.getKey()), tag.getValue(), dir);
            }
            return id;
        });
    }

    /**
     * Creates a run folder whose {@code meta.yaml} has, in this order: artifact_uri, end_time
     * (null), entry_point_name (''), experiment_id (quoted), lifecycle_stage (active), run_id,
     * run_name, run_uuid, source_name (''), source_type (4 = LOCAL), source_version (''),
     * start_time, status (1 = RUNNING), tags ([]), user_id.
     */
    @Override
    public synchronized RunHandle createRun(String experimentId, String runName, Map<String, String> tags,
                                            long startTimeMs) {
        return io("create run '" + runName + "' in experiment " + experimentId, () -> {
            Path expDir = experimentDir(experimentId);
            String runId;
            Path runDir;
            do {
                runId = UUID.randomUUID().toString().replace("-", "");
                runDir = expDir.resolve(runId);
            } while (!tryCreateDirectory(runDir));
            Map<String, String> allTags = new LinkedHashMap<>(tags);
            allTags.put("mlflow.runName", runName);
            allTags.putIfAbsent("mlflow.user", userName);
            for (Map.Entry<String, String> tag : allTags.entrySet()) {
                writeText(runDir.resolve("tags").resolve(tag.getKey()), tag.getValue(), runDir);
            }
            String artifactUri = runDir.resolve("artifacts").toUri().toString();
            MetaYaml meta = MetaYaml.empty()
                    .with("artifact_uri", stripTrailingSlash(artifactUri))
                    .with("end_time", null)
                    .with("entry_point_name", "")
                    .with("experiment_id", experimentId)
                    .with("lifecycle_stage", "active")
                    .with("run_id", runId)
                    .with("run_name", runName)
                    .with("run_uuid", runId)
                    .with("source_name", "")
                    .with("source_type", 4)
                    .with("source_version", "")
                    .with("start_time", startTimeMs)
                    .with("status", RunStatus.RUNNING.code())
                    .with("tags", List.of())
                    .with("user_id", userName);
            writeText(runDir.resolve("meta.yaml"), meta.render(), runDir);
            runDirs.put(runId, runDir);
            for (Map.Entry<IndexKey, Map<String, List<String>>> index : tagIndex.entrySet()) {
                String value = index.getKey().experimentId().equals(experimentId) ? allTags.get(index.getKey().tagKey()) : null;
                if (value != null) {
                    index.getValue().computeIfAbsent(value, v -> new ArrayList<>()).add(runId);
                }
            }
            return new RunHandle(runId, stripTrailingSlash(artifactUri), RunStatus.RUNNING);
        });
    }

    /**
     * Looks the value up in an index of the experiment's runs by that tag, built by one scan of the
     * experiment folder the first time the tag is searched and kept up to date by
     * {@link #createRun}; a search over thousands of trials so reads each run folder once.
     */
    @Override
    public synchronized Optional<RunHandle> findRunByTag(String experimentId, String tagKey, String tagValue,
                                                         String parentRunId) {
        return io("search runs of experiment " + experimentId, () -> {
            Path expDir = experimentDir(experimentId);
            Map<String, List<String>> byValue = tagIndex.get(new IndexKey(experimentId, tagKey));
            if (byValue == null) {
                byValue = indexRuns(expDir, tagKey);
                tagIndex.put(new IndexKey(experimentId, tagKey), byValue);
            }
            for (String runId : byValue.getOrDefault(tagValue, List.of())) {
                Path runDir = expDir.resolve(runId);
                Path metaFile = runDir.resolve("meta.yaml");
                if (!Files.isRegularFile(metaFile) || parentRunId != null
                        && !parentRunId.equals(readTextIfExists(runDir.resolve("tags").resolve("mlflow.parentRunId")))) {
                    continue;
                }
                MetaYaml meta = readMeta(metaFile);
                if ("active".equals(meta.string("lifecycle_stage"))) {
                    runDirs.put(runId, runDir);
                    return Optional.of(handle(runDir, meta));
                }
            }
            return Optional.empty();
        });
    }

    private Map<String, List<String>> indexRuns(Path expDir, String tagKey) throws IOException {
        Map<String, List<String>> byValue = new HashMap<>();
        try (Stream<Path> children = Files.list(expDir)) {
            for (Path runDir : children.filter(Files::isDirectory).sorted().toList()) {
                // a folder without meta.yaml is not a run (yet): MLflow skips it too
                String value = Files.isRegularFile(runDir.resolve("meta.yaml"))
                        ? readTextIfExists(runDir.resolve("tags").resolve(tagKey)) : null;
                if (value != null) {
                    byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(runDir.getFileName().toString());
                }
            }
        }
        return byValue;
    }

    @Override
    public synchronized Map<String, String> params(String runId) {
        return io("read params of run " + runId, () -> {
            Path paramsDir = runDir(runId).resolve("params");
            Map<String, String> params = new HashMap<>();
            if (Files.isDirectory(paramsDir)) {
                try (Stream<Path> files = Files.walk(paramsDir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        params.put(paramsDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                                Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            }
            return params;
        });
    }

    /**
     * Writes params, metric lines and tags. A metric point identical to one already in the file
     * (same timestamp, value and step) is not written twice, so a replayed batch leaves the
     * history unchanged.
     *
     * @throws TrackingException when a param exists with a different value
     */
    @Override
    public synchronized void logBatch(String runId, LogBatch batch) {
        io("log to run " + runId, () -> {
            Path runDir = runDir(runId);
            for (Map.Entry<String, String> param : batch.params().entrySet()) {
                Path file = runDir.resolve("params").resolve(param.getKey());
                String existing = readTextIfExists(file);
                if (existing == null) {
                    writeText(file, param.getValue(), runDir);
                } else if (!existing.equals(param.getValue())) {
                    throw new TrackingException("run " + runId + ": param '" + param.getKey() + "' is already '"
                            + abbreviate(existing) + "'; MLflow params never change (refused '" + abbreviate(param.getValue()) + "')");
                }
            }
            for (MetricPoint point : batch.metrics()) {
                appendMetric(runDir, point);
            }
            for (Map.Entry<String, String> tag : batch.tags().entrySet()) {
                writeText(runDir.resolve("tags").resolve(tag.getKey()), tag.getValue(), runDir);
            }
            return null;
        });
    }

    @Override
    public synchronized void logArtifact(String runId, Path fileOrDirectory, String artifactDir) {
        io("copy artifact " + fileOrDirectory + " to run " + runId, () -> {
            Path runDir = runDir(runId);
            Path source = fileOrDirectory.toAbsolutePath().normalize();
            if (!Files.exists(source)) {
                throw new TrackingException("artifact " + source + " does not exist");
            }
            Path target = runDir.resolve("artifacts").resolve(artifactDir).normalize();
            if (!target.startsWith(runDir.resolve("artifacts"))) {
                throw new TrackingException("artifact path '" + artifactDir + "' leaves the run's artifact folder");
            }
            Path base = source.getParent() == null ? source : source.getParent();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    AtomicFile.copy(file, target.resolve(base.relativize(file).toString()), runDir);
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void setStatus(String runId, RunStatus status, long endTimeMs) {
        io("set status of run " + runId, () -> {
            Path runDir = runDir(runId);
            Path metaFile = runDir.resolve("meta.yaml");
            MetaYaml meta = readMeta(metaFile)
                    .with("status", status.code())
                    .with("end_time", status.isTerminal() ? endTimeMs : null);
            writeText(metaFile, meta.render(), runDir);
            return null;
        });
    }

    @Override
    public String description() {
        return "MLflow file store " + root;
    }

    // ---------------------------------------------------------------------------------------------

    private Optional<String> findExperiment(String name) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                Path metaFile = dir.resolve("meta.yaml");
                if (dir.getFileName().toString().startsWith(".") || !Files.isRegularFile(metaFile)) {
                    continue;
                }
                MetaYaml meta = readMeta(metaFile);
                if (name.equals(meta.string("name")) && "active".equals(meta.string("lifecycle_stage"))) {
                    return Optional.of(meta.string("experiment_id"));
                }
            }
        }
        return Optional.empty();
    }

    private void writeExperimentMeta(Path dir, String id, String name, long now) throws IOException {
        MetaYaml meta = MetaYaml.empty()
                .with("artifact_location", stripTrailingSlash(dir.toUri().toString()))
                .with("creation_time", now)
                .with("experiment_id", id)
                .with("last_update_time", now)
                .with("lifecycle_stage", "active")
                .with("name", name);
        writeText(dir.resolve("meta.yaml"), meta.render(), dir);
    }

    private Path experimentDir(String experimentId) {
        Path dir = root.resolve(experimentId).normalize();
        if (!dir.getParent().equals(root) || !Files.isRegularFile(dir.resolve("meta.yaml"))) {
            throw new TrackingException("experiment " + experimentId + " does not exist in " + root);
        }
        return dir;
    }

    private Path runDir(String runId) throws IOException {
        Path cached = runDirs.get(runId);
        if (cached != null) {
            return cached;
        }
        try (Stream<Path> experiments = Files.list(root)) {
            for (Path expDir : experiments.filter(Files::isDirectory).toList()) {
                Path candidate = expDir.resolve(runId);
                if (Files.isRegularFile(candidate.resolve("meta.yaml"))) {
                    runDirs.put(runId, candidate);
                    return candidate;
                }
            }
        }
        throw new TrackingException("run " + runId + " does not exist in " + root);
    }

    private RunHandle handle(Path runDir, MetaYaml meta) {
        String status = meta.string("status");
        return new RunHandle(runDir.getFileName().toString(), meta.string("artifact_uri"),
                RunStatus.ofCode(Integer.parseInt(status == null ? "1" : status)));
    }

    private void appendMetric(Path runDir, MetricPoint point) throws IOException {
        Path file = runDir.resolve("metrics").resolve(point.key());
        String line = point.timestampMs() + " " + point.value() + " " + point.step();
        String existing = readTextIfExists(file);
        if (existing == null) {
            writeText(file, line + "\n", runDir);
        } else if (!existing.lines().toList().contains(line)) {
            String base = existing.isEmpty() || existing.endsWith("\n") ? existing : existing + "\n";
            writeText(file, base + line + "\n", runDir);
        }
    }

    private static MetaYaml readMeta(Path file) throws IOException {
        return MetaYaml.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static void writeText(Path file, String text, Path tempDir) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), tempDir);
    }

    private static String readTextIfExists(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean tryCreateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T io(String what, IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException | UncheckedIOException e) {
            throw new BackendUnavailableException(description() + ": could not " + what + ": " + e, e);
        }
    }
}
