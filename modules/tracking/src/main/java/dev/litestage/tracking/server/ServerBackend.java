package dev.litestage.tracking.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.tracking.BackendUnavailableException;
import dev.litestage.tracking.BatchSplitter;
import dev.litestage.tracking.LogBatch;
import dev.litestage.tracking.MetricPoint;
import dev.litestage.tracking.RunHandle;
import dev.litestage.tracking.RunStatus;
import dev.litestage.tracking.TrackingBackend;
import dev.litestage.tracking.TrackingException;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs to an MLflow tracking server ({@code http://} or {@code https://}) through the Java
 * {@link MlflowClient} 2.17.2.
 *
 * <ul>
 *   <li>Every client call is bounded by a time-out ({@link RequestDeadline}); failures are sorted
 *       into {@link BackendUnavailableException} (no connection, time-out, HTTP 429 or 5xx) and
 *       {@link TrackingException} (HTTP 4xx: the server refused the request).</li>
 *   <li>Batches are split to MLflow's limits ({@link BatchSplitter#MLFLOW_LIMITS}).</li>
 *   <li>Artifacts of runs whose artifact URI starts with {@code mlflow-artifacts:} are PUT over
 *       plain HTTP ({@link ArtifactUploader}); any other artifact URI (s3:, a server-side path)
 *       falls back to {@code MlflowClient.logArtifact}, which runs Python's {@code mlflow} package
 *       ({@code $MLFLOW_PYTHON_EXECUTABLE}, default {@code python}) and fails where it is not
 *       installed.</li>
 * </ul>
 *
 * <p>The client's own retries (two immediate repeats of any failed request, logged as
 * "(Rate limit exceeded)", and up to 60 s of sleeping on HTTP 429) are turned off
 * ({@link ClientRetries}): the tracker retries through its outbox instead. Thread-safe.
 */
public final class ServerBackend implements TrackingBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI trackingUri;
    private final MlflowClient client;
    private final boolean retriesDisabled;
    private final RequestDeadline deadline;
    private final ArtifactUploader uploader;
    private final BatchSplitter splitter = BatchSplitter.MLFLOW_LIMITS;
    private final Map<String, String> artifactUris = new ConcurrentHashMap<>();

    private ServerBackend(URI trackingUri, Duration requestTimeout) {
        this.trackingUri = trackingUri;
        BasicMlflowHostCreds credentials = new BasicMlflowHostCreds(trackingUri.toString());
        this.client = new MlflowClient(credentials);
        this.retriesDisabled = ClientRetries.disable(client, credentials);
        this.deadline = new RequestDeadline(requestTimeout);
        this.uploader = new ArtifactUploader(trackingUri, requestTimeout);
    }

    /**
     * A back end for the server at {@code trackingUri}. Nothing is sent until the first call.
     *
     * @param requestTimeout how long one request may take before the server counts as unavailable
     * @throws IllegalArgumentException when the URI is not {@code http(s)://host...}
     */
    public static ServerBackend connect(String trackingUri, Duration requestTimeout) {
        URI uri = URI.create(trackingUri.replaceAll("/+$", ""));
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("tracking server URI '" + trackingUri + "': expected http(s)://host[:port][/path]");
        }
        return new ServerBackend(uri, requestTimeout);
    }

    @Override
    public String createOrGetExperiment(String name, Map<String, String> tags) {
        Optional<Service.Experiment> existing = call("experiments/get-by-name " + name, () -> client.getExperimentByName(name));
        if (existing.isEmpty()) {
            Service.CreateExperiment.Builder request = Service.CreateExperiment.newBuilder().setName(name);
            tags.forEach((k, v) -> request.addTags(Service.ExperimentTag.newBuilder().setKey(k).setValue(v)));
            try {
                return call("experiments/create " + name, () -> client.createExperiment(request.build()));
            } catch (BackendUnavailableException e) {
                throw e;
            } catch (TrackingException e) {
                // another process created it in between (RESOURCE_ALREADY_EXISTS): use theirs
                existing = call("experiments/get-by-name " + name, () -> client.getExperimentByName(name));
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        String id = existing.get().getExperimentId();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            call("experiments/set-experiment-tag " + tag.getKey(), () -> {
                client.setExperimentTag(id, tag.getKey(), tag.getValue());
                return null;
            });
        }
        return id;
    }

    @Override
    public RunHandle createRun(String experimentId, String runName, Map<String, String> tags, long startTimeMs) {
        Service.CreateRun.Builder request = Service.CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(runName)
                .setStartTime(startTimeMs)
                .setUserId(System.getProperty("user.name", "unknown"));
        tags.forEach((k, v) -> request.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
        Service.RunInfo info = call("runs/create " + runName, () -> client.createRun(request.build()));
        artifactUris.put(info.getRunId(), info.getArtifactUri());
        return new RunHandle(info.getRunId(), info.getArtifactUri(), RunStatus.RUNNING);
    }

    /**
     * Searches with the filter {@code tags.`<key>` = '<value>' [and tags.mlflow.parentRunId = '<parent>']}
     * among active runs.
     *
     * @throws TrackingException when the value holds both quote characters (MLflow's filter
     *                           language cannot express it)
     */
    @Override
    public Optional<RunHandle> findRunByTag(String experimentId, String tagKey, String tagValue, String parentRunId) {
        String filter = "tags.`" + tagKey + "` = " + quote(tagValue)
                + (parentRunId == null ? "" : " and tags.mlflow.parentRunId = " + quote(parentRunId));
        List<Service.Run> runs = call("runs/search " + filter, () ->
                client.searchRuns(List.of(experimentId), filter, Service.ViewType.ACTIVE_ONLY, 1).getItems());
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Service.RunInfo info = runs.get(0).getInfo();
        artifactUris.put(info.getRunId(), info.getArtifactUri());
        return Optional.of(new RunHandle(info.getRunId(), info.getArtifactUri(), status(info.getStatus())));
    }

    @Override
    public Map<String, String> params(String runId) {
        Service.Run run = call("runs/get " + runId, () -> client.getRun(runId));
        Map<String, String> params = new HashMap<>();
        run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
        return params;
    }

    @Override
    public void logBatch(String runId, LogBatch batch) {
        List<LogBatch> parts = splitter.split(batch);
        for (int i = 0; i < parts.size(); i++) {
            LogBatch part = parts.get(i);
            String what = "runs/log-batch " + runId + " (part " + (i + 1) + " of " + parts.size() + ")";
            call(what, () -> {
                client.logBatch(runId, part.metrics().stream().map(ServerBackend::metric).toList(),
                        part.params().entrySet().stream()
                                .map(e -> Service.Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList(),
                        part.tags().entrySet().stream()
                                .map(e -> Service.RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList());
                return null;
            });
        }
    }

    /**
     * PUTs over HTTP when the run's artifact URI is {@code mlflow-artifacts:}; otherwise calls
     * {@code MlflowClient.logArtifact}, which needs Python's mlflow package.
     *
     * @throws TrackingException when the Python fallback fails, saying what it needs
     */
    @Override
    public void logArtifact(String runId, Path fileOrDirectory, String artifactDir) {
        String artifactUri = artifactUris.computeIfAbsent(runId,
                id -> call("runs/get " + id, () -> client.getRun(id)).getInfo().getArtifactUri());
        if (ArtifactUploader.serves(artifactUri)) {
            uploader.upload(artifactUri, fileOrDirectory, artifactDir);
            return;
        }
        String subdir = artifactDir.isEmpty() ? null : artifactDir;
        try {
            call("logArtifact " + fileOrDirectory, () -> {
                if (Files.isDirectory(fileOrDirectory)) {
                    String dir = fileOrDirectory.getFileName().toString();
                    client.logArtifacts(runId, fileOrDirectory.toFile(), subdir == null ? dir : subdir + "/" + dir);
                } else if (subdir == null) {
                    client.logArtifact(runId, fileOrDirectory.toFile());
                } else {
                    client.logArtifact(runId, fileOrDirectory.toFile(), subdir);
                }
                return null;
            });
        } catch (TrackingException e) {
            throw new TrackingException("run " + runId + " stores artifacts at " + artifactUri + ", which the server"
                    + " does not serve (not mlflow-artifacts:); uploading " + fileOrDirectory + " through"
                    + " MlflowClient.logArtifact needs Python's mlflow package ($MLFLOW_PYTHON_EXECUTABLE, default"
                    + " 'python', with 'pip install mlflow'), or start the server with --serve-artifacts: " + e.getMessage(), e);
        }
    }

    @Override
    public void setStatus(String runId, RunStatus status, long endTimeMs) {
        call("runs/update " + runId + " " + status, () -> {
            if (status.isTerminal()) {
                client.setTerminated(runId, Service.RunStatus.valueOf(status.name()), endTimeMs);
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("run_id", runId);
                body.put("run_uuid", runId);
                body.put("status", status.name());
                client.sendPost("runs/update", JSON.writeValueAsString(body));
            }
            return null;
        });
    }

    @Override
    public String description() {
        return "MLflow tracking server " + trackingUri;
    }

    /** Whether the client's own retries could be turned off (see {@link ClientRetries}). */
    public boolean clientRetriesDisabled() {
        return retriesDisabled;
    }

    @Override
    public void close() {
        deadline.close();
        client.close();
    }

    // ---------------------------------------------------------------------------------------------

    private <T> T call(String what, Callable<T> call) {
        try {
            return deadline.call(what, call);
        } catch (TrackingException e) {
            throw e;
        } catch (MlflowHttpException e) {
            String message = description() + ": " + what + ": HTTP " + e.getStatusCode() + " " + e.getBodyMessage();
            if (e.getStatusCode() == 429 || e.getStatusCode() >= 500) {
                throw new BackendUnavailableException(message, e);
            }
            throw new TrackingException(message, e);
        } catch (MlflowClientException e) {
            // no HTTP status: the connection failed, or the answer was not MLflow's (a proxy page)
            throw new BackendUnavailableException(description() + ": " + what + ": " + rootMessage(e), e);
        } catch (Exception e) {
            throw new TrackingException(description() + ": " + what + ": " + e, e);
        }
    }

    private static String quote(String value) {
        if (!value.contains("'")) {
            return "'" + value + "'";
        }
        if (!value.contains("\"")) {
            return "\"" + value + "\"";
        }
        throw new TrackingException("cannot search MLflow for the tag value <" + value + ">: it holds both ' and \"");
    }

    private static Service.Metric metric(MetricPoint point) {
        return Service.Metric.newBuilder().setKey(point.key()).setValue(point.value())
                .setTimestamp(point.timestampMs()).setStep(point.step()).build();
    }

    private static RunStatus status(Service.RunStatus status) {
        return switch (status) {
            case SCHEDULED -> RunStatus.SCHEDULED;
            case FINISHED -> RunStatus.FINISHED;
            case FAILED -> RunStatus.FAILED;
            case KILLED -> RunStatus.KILLED;
            default -> RunStatus.RUNNING;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
