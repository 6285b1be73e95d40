package dev.litestage.cli;

import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.runtime.BatchingOptions;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.runtime.ProfileService;
import dev.litestage.runtime.RuntimeDecoder;
import dev.litestage.runtime.ServiceOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Serves a model with a profile over HTTP JSON. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves POST /v1/reason, POST /v1/generate, GET /v1/profile, GET /health and GET /metrics for a model and profile,"
                + " batching concurrent requests.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--profile", required = true, description = "exported profile (JSON)")
    Path profile;

    @Option(names = "--port", defaultValue = "8080", description = "port (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--bind-all", description = "listen on all interfaces instead of 127.0.0.1")
    boolean bindAll;

    @Option(names = "--allow-mismatch", description = "serve a profile exported for a different model")
    boolean allowMismatch;

    @Option(names = "--max-batch", defaultValue = "" + BatchingOptions.DEFAULT_MAX_BATCH,
            description = "most requests advanced together in one stage step (default ${DEFAULT-VALUE}; 1: serial)")
    int maxBatch;

    @Option(names = "--max-outstanding", defaultValue = "" + BatchingOptions.DEFAULT_MAX_OUTSTANDING,
            description = "requests admitted before more get 503 with Retry-After (default ${DEFAULT-VALUE})")
    int maxOutstanding;

    @Option(names = "--idle-timeout-ms", defaultValue = "" + ServiceOptions.DEFAULT_IDLE_TIMEOUT_MILLIS,
            description = "a connection silent this long while sending a request is closed (default ${DEFAULT-VALUE})")
    int idleTimeoutMs;

    @Option(names = "--workers", defaultValue = "1", description = "decoding threads, each on its own model replica"
            + " with its own batches (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--quiet", description = "no access-log line per request on standard output")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        // each option named by its own flag, before anything is loaded
        OptionValues.atLeast("--max-batch", maxBatch, 1);
        OptionValues.atLeast("--max-outstanding", maxOutstanding, 1);
        OptionValues.atLeast("--workers", workers, 1);
        OptionValues.atLeast("--idle-timeout-ms", idleTimeoutMs, 1);
        ServiceOptions options = ServiceOptions.defaults().withIdleTimeoutMillis(idleTimeoutMs);
        BatchingOptions batching = BatchingOptions.defaults().withMaxBatch(maxBatch).withMaxOutstanding(maxOutstanding)
                .withWorkers(workers);
        ProfileDocument document = ProfileDocument.read(profile);
        LanguageModel lm = model.open();
        RuntimeDecoder decoder = RuntimeDecoder.open(lm, document, MultiStagePipeline.standardStages(), allowMismatch, batching);
        decoder.warning().ifPresent(w -> System.err.println("warning: " + w));
        if (bindAll) {
            options = options.onAllInterfaces();
        }
        ProfileService service = new ProfileService(decoder, options, quiet ? line -> { } : System.out::println);
        InetSocketAddress address = service.start(port);
        System.err.println("litestage serve: listening on http://" + address.getHostString() + ":" + address.getPort()
                + " (POST /v1/reason, POST /v1/generate, GET /v1/profile, GET /health, GET /metrics); Ctrl-C stops");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            decoder.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
