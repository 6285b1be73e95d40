package dev.litestage.tracking.server;

import dev.litestage.tracking.BackendUnavailableException;
import dev.litestage.tracking.TrackingException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Uploads artifacts to a tracking server that serves them itself ({@code mlflow server
 * --serve-artifacts}, the default since MLflow 2.0): such a server gives runs an artifact URI
 * {@code mlflow-artifacts:/<exp>/<run>/artifacts} and takes each file as the body of a plain
 * {@code PUT {tracking}/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>}. Doing
 * this over {@link HttpClient} avoids {@code MlflowClient.logArtifact}, which needs Python.
 */
final class ArtifactUploader {

    /** The artifact URI scheme of a server that serves artifacts over its own REST API. */
    static final String SCHEME = "mlflow-artifacts:";

    private static final String API = "/api/2.0/mlflow-artifacts/artifacts";
    /** Upload speed assumed when stretching the time-out for a large file. */
    private static final long MIN_BYTES_PER_SECOND = 1_000_000;

    private final URI trackingUri;
    private final Duration timeout;
    private final HttpClient http;

    ArtifactUploader(URI trackingUri, Duration timeout) {
        this.trackingUri = trackingUri;
        this.timeout = timeout;
        // HTTP/1.1: MLflow serves plain HTTP/1.1, and an h2c upgrade offer on a PUT with a body only costs time
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    static boolean serves(String artifactUri) {
        return artifactUri.startsWith(SCHEME);
    }

    /**
     * PUTs a file, or every file under a directory, below {@code artifactDir} of the run whose
     * artifact URI is {@code artifactUri}; returns the URLs written.
     */
    List<URI> upload(String artifactUri, Path fileOrDirectory, String artifactDir) {
        Path source = fileOrDirectory.toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            throw new TrackingException("artifact " + source + " does not exist");
        }
        Path base = source.getParent() == null ? source : source.getParent();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new TrackingException("cannot list artifact " + source + ": " + e, e);
        }
        List<URI> written = new ArrayList<>();
        for (Path file : files) {
            String relative = base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String path = artifactDir.isEmpty() ? relative : strip(artifactDir) + "/" + relative;
            written.add(put(artifactUri, path, file));
        }
        return written;
    }

    /** The URL a PUT of {@code artifactPath} goes to, for the run with {@code artifactUri}. */
    URI urlOf(String artifactUri, String artifactPath) {
        URI artifact = URI.create(artifactUri);
        String base = trackingUri.toString().replaceAll("/+$", "");
        if (artifact.getRawAuthority() != null) {
            // mlflow-artifacts://host:port/path names the serving host itself
            base = trackingUri.getScheme() + "://" + artifact.getRawAuthority();
        }
        StringBuilder url = new StringBuilder(base).append(API);
        for (String segment : (strip(artifact.getPath()) + "/" + strip(artifactPath)).split("/")) {
            if (!segment.isEmpty()) {
                url.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return URI.create(url.toString());
    }

    private URI put(String artifactUri, String artifactPath, Path file) {
        URI url = urlOf(artifactUri, artifactPath);
        try {
            long size = Files.size(file);
            Duration limit = timeout.plusSeconds(size / MIN_BYTES_PER_SECOND);
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(limit)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return url;
            }
            String message = "PUT " + url + " (" + file + "): HTTP " + status + " " + abbreviate(response.body());
            if (status == 429 || status >= 500) {
                throw new BackendUnavailableException(message);
            }
            throw new TrackingException(message);
        } catch (IOException e) {
            throw new BackendUnavailableException("PUT " + url + " (" + file + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("PUT " + url + ": interrupted", e);
        }
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 297) + "...";
    }
}
