package dev.litestage.cli;

import dev.litestage.experiment.run.ServiceLoad;
import dev.litestage.runtime.load.LoadTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Load-tests the HTTP service with an experiment's questions. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Load-tests POST /v1/reason with the experiment's test questions: serial baseline, concurrent"
                + " clients (answers compared with the serial ones), then stalled connections. Starts the service on"
                + " loopback with the experiment's model and profile unless --url names a running one.")
final class LoadTestCommand implements Callable<Integer> {

    @Mixin
    ExperimentArgument experiment;

    @Option(names = "--profile", description = "profile to serve (default: the experiment's exported profile)")
    Path profile;

    @Option(names = "--url", description = "a running service to test instead, e.g. http://127.0.0.1:8080")
    URI url;

    @Option(names = "--clients", defaultValue = "16", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--requests", defaultValue = "200", description = "concurrent requests in all (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--serial", defaultValue = "200", description = "questions answered one at a time first, the"
            + " baseline; the concurrent requests cycle over them (default ${DEFAULT-VALUE})")
    int serial;

    @Option(names = "--stalled", defaultValue = "8", description = "connections that send half a request and stall"
            + " (default ${DEFAULT-VALUE}; 0 skips the phase)")
    int stalled;

    @Option(names = "--stall-seconds", defaultValue = "6", description = "how long requests are timed while they stall"
            + " (default ${DEFAULT-VALUE})")
    double stallSeconds;

    @Option(names = "--workers", description = "decoding threads of the service started here (default 1)")
    Integer workers;

    @Override
    public Integer call() throws Exception {
        OptionValues.atLeast("--clients", clients, 1);
        OptionValues.atLeast("--requests", requests, 1);
        OptionValues.atLeast("--serial", serial, 1);
        OptionValues.atLeast("--stalled", stalled, 0);
        if (!(stallSeconds >= 0)) {
            throw new IllegalArgumentException("--stall-seconds must be >= 0, was " + stallSeconds);
        }
        if (workers != null) {
            OptionValues.atLeast("--workers", workers, 1);
        }
        LoadTest.Plan plan = new LoadTest.Plan(clients, requests, serial, stalled, stallSeconds);
        ServiceLoad.Tested tested = ServiceLoad.run(experiment.load(), new ServiceLoad.Request(profile, url, plan, workers),
                line -> { }, ConsoleProgress.console());
        LoadTest.Report r = tested.report();
        System.out.printf(Locale.ROOT, "serial      %d requests, 1 client:   %6.2f req/s, p50 %.0f ms%n", plan.serial(),
                r.serialPerSecond(), r.serialP50Ms());
        System.out.printf(Locale.ROOT, "concurrent  %d requests, %d clients: %6.2f req/s, p50 %.0f ms, p99 %.0f ms"
                        + " (%.1fx serial); %d failed, %d answers differ from serial%n", plan.requests(), plan.clients(),
                r.concurrentPerSecond(), r.p50Ms(), r.p99Ms(), r.speedup(), r.failures(), r.mismatches());
        if (r.stall() != null) {
            LoadTest.Stall s = r.stall();
            System.out.printf(Locale.ROOT, "stall       %d stalled connections: %d requests meanwhile, slowest %.0f ms;"
                    + " %d/%d closed by the service, the last after %.1f s%n", s.connections(), s.probes(),
                    s.slowestProbeMs(), s.closed(), s.connections(), s.slowestCloseMs() / 1e3);
        }
        return r.failures() == 0 && r.mismatches() == 0 ? 0 : 1;
    }
}
