package dev.litestage.tracking;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingUriTest {

    private static final Path DEFAULT = Path.of("mlruns");
    private static final Map<String, String> ENV = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000");

    @Test
    void experimentConfigWinsOverEverything() {
        TrackingUri uri = TrackingUri.resolve("http://config-host:5000/", "http://cli-host:5000", ENV, DEFAULT);
        assertEquals(new TrackingUri(TrackingUri.Kind.SERVER, "http://config-host:5000", TrackingUri.Origin.EXPERIMENT_CONFIG), uri);
    }

    @Test
    void commandLineWinsOverEnvironment() {
        TrackingUri uri = TrackingUri.resolve(null, "https://cli-host", ENV, DEFAULT);
        assertEquals(TrackingUri.Origin.COMMAND_LINE, uri.origin());
        assertEquals("https://cli-host", uri.location());
    }

    @Test
    void environmentWinsOverDefaultAndBlankValuesCountAsUnset() {
        TrackingUri uri = TrackingUri.resolve("  ", "", ENV, DEFAULT);
        assertEquals(TrackingUri.Origin.ENVIRONMENT, uri.origin());
        assertEquals("MLflow tracking server http://env-host:5000 (from MLFLOW_TRACKING_URI)", uri.describe());
    }

    @Test
    void defaultIsTheLocalFileStoreMadeAbsolute() {
        TrackingUri uri = TrackingUri.resolve(null, null, Map.of(), DEFAULT);
        assertEquals(TrackingUri.Kind.FILE_STORE, uri.kind());
        assertEquals(DEFAULT.toAbsolutePath().normalize(), uri.fileStorePath());
        assertTrue(uri.describe().endsWith("mlruns (default)"), uri.describe());
    }

    @Test
    void fileUrisAndPathsAreFileStores() {
        assertEquals(Path.of("/tmp/store"), TrackingUri.parse("file:///tmp/store", TrackingUri.Origin.COMMAND_LINE).fileStorePath());
        assertEquals(Path.of("runs/x").toAbsolutePath(), TrackingUri.parse("file:runs/x", TrackingUri.Origin.COMMAND_LINE).fileStorePath());
        assertEquals(Path.of("/data/mlruns"), TrackingUri.parse("/data/mlruns", TrackingUri.Origin.ENVIRONMENT).fileStorePath());
    }

    @Test
    void storesTheJavaClientCannotReachAreRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrackingUri.resolve(null, "sqlite:///mlflow.db", Map.of(), DEFAULT));
        assertTrue(e.getMessage().startsWith("tracking URI 'sqlite:///mlflow.db' (from --tracking-uri):"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrackingUri.parse("databricks", TrackingUri.Origin.ENVIRONMENT));
        assertThrows(IllegalArgumentException.class, () -> TrackingUri.parse("http:///nohost", TrackingUri.Origin.ENVIRONMENT));
        assertThrows(IllegalStateException.class, () -> TrackingUri.parse("http://h", TrackingUri.Origin.ENVIRONMENT).fileStorePath());
    }
}
