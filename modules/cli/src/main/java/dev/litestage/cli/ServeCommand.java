package dev.litestage.cli;

import dev.litestage.model.LanguageModel;
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
        description = "Serves POST /v1/reason, POST /v1/generate, GET /v1/profile and GET /health for a model and profile.")
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

    @Override
    public Integer call() throws Exception {
        LanguageModel lm = model.open();
        RuntimeDecoder decoder = RuntimeDecoder.open(lm, ProfileDocument.read(profile), allowMismatch);
        decoder.warning().ifPresent(w -> System.err.println("warning: " + w));
        ServiceOptions options = bindAll ? ServiceOptions.defaults().onAllInterfaces() : ServiceOptions.defaults();
        ProfileService service = new ProfileService(decoder, options);
        InetSocketAddress address = service.start(port);
        System.err.println("litestage serve: listening on http://" + address.getHostString() + ":" + address.getPort()
                + " (POST /v1/reason, POST /v1/generate, GET /v1/profile, GET /health); Ctrl-C stops");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
