package dev.litestage.tracking.connect;

import dev.litestage.tracking.SearchTracker;
import dev.litestage.tracking.TrackerSettings;
import dev.litestage.tracking.TrackingBackend;
import dev.litestage.tracking.TrackingUri;
import dev.litestage.tracking.filestore.FileStoreBackend;
import dev.litestage.tracking.server.ServerBackend;
import java.nio.file.Path;

/**
 * Opens a {@link SearchTracker} on what a {@link TrackingUri} names: an MLflow tracking server or
 * a local file store. (The back ends depend on the tracker's types, so the choice between them
 * lives here rather than in {@code SearchTracker}.)
 */
public final class Trackers {

    private Trackers() {
    }

    /** {@link #open(TrackingUri, Path, TrackerSettings)} with {@link TrackerSettings#defaults()}. */
    public static SearchTracker open(TrackingUri uri, Path outboxDir) {
        return open(uri, outboxDir, TrackerSettings.defaults());
    }

    /**
     * Opens a tracker on the server or file store {@code uri} names, with its outbox in
     * {@code outboxDir} (normally the search's work folder), and replays what an earlier tracker
     * left there.
     *
     * @throws IllegalStateException when another tracker uses the outbox folder
     * @throws java.io.UncheckedIOException when the outbox folder cannot be written
     * @throws dev.litestage.tracking.BackendUnavailableException when a file store folder cannot be created
     */
    public static SearchTracker open(TrackingUri uri, Path outboxDir, TrackerSettings settings) {
        TrackingBackend backend = uri.isServer()
                ? ServerBackend.connect(uri.location(), settings.requestTimeout())
                : FileStoreBackend.open(uri.fileStorePath());
        return SearchTracker.open(backend, uri.describe(), outboxDir, settings);
    }
}
