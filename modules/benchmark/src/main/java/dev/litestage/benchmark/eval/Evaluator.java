package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link MultiStagePipeline} over questions under one profile and summarizes the run.
 *
 * <p>With {@link #withWorkers(int) workers}, questions are answered in parallel, each worker on
 * its own replica of the model ({@link dev.litestage.model.LanguageModel#replica()}). Results,
 * and the listener's calls, stay in question order, so a parallel evaluation is indistinguishable
 * from a sequential one except for wall time and the per-generation timings, which contend for
 * the cores: use workers where latency comes from a cost model over tokens, not from the clock.
 */
public final class Evaluator {

    private final List<MultiStagePipeline> pipelines;
    /** Runs the workers; null with one worker, which answers on the caller's thread. */
    private final ThreadPoolExecutor pool;

    public Evaluator(MultiStagePipeline pipeline) {
        this(List.of(Objects.requireNonNull(pipeline, "pipeline")));
    }

    private Evaluator(List<MultiStagePipeline> pipelines) {
        this.pipelines = List.copyOf(pipelines);
        if (this.pipelines.size() == 1) {
            this.pool = null;
        } else {
            AtomicInteger threads = new AtomicInteger();
            // Idle threads end after a while, so an evaluator nobody uses any more holds no threads.
            this.pool = new ThreadPoolExecutor(this.pipelines.size(), this.pipelines.size(), 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "litestage-eval-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            this.pool.allowCoreThreadTimeOut(true);
        }
    }

    /**
     * This evaluator's pipeline answering questions with {@code workers} threads, each on its own
     * model replica; the replicas share the pipeline's remembered generations, if it has any.
     *
     * @throws IllegalArgumentException when {@code workers < 1}
     */
    public Evaluator withWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        MultiStagePipeline first = pipelines.get(0);
        List<MultiStagePipeline> replicas = new ArrayList<>(workers);
        replicas.add(first);
        for (int i = 1; i < workers; i++) {
            replicas.add(first.on(first.model().replica()));
        }
        return new Evaluator(replicas);
    }

    /** The number of questions answered at once. */
    public int workers() {
        return pipelines.size();
    }

    /** The pipeline this evaluator runs (the first worker's, over the original model). */
    public MultiStagePipeline pipeline() {
        return pipelines.get(0);
    }

    /** Evaluates {@code questions} in order under {@code profile}. */
    public EvaluationSummary evaluate(List<Question> questions, ReasoningProfile profile) {
        return evaluate(questions, profile, EvaluationListener.NONE);
    }

    /**
     * Evaluates {@code questions} under {@code profile}, telling {@code listener} about each
     * question in question order as soon as it and every question before it are done.
     *
     * @throws IllegalArgumentException when there are no questions, or the profile does not fit
     *                                  the pipeline's stages and model
     */
    public EvaluationSummary evaluate(List<Question> questions, ReasoningProfile profile, EvaluationListener listener) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(listener, "listener");
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to evaluate");
        }
        if (pool == null) {
            List<ReasoningResult> results = new ArrayList<>(questions.size());
            for (Question question : questions) {
                ReasoningResult result = pipeline().reason(question, profile);
                results.add(result);
                listener.questionDone(results.size(), questions.size(), result);
            }
            return EvaluationSummary.of(results);
        }
        return EvaluationSummary.of(inParallel(questions, profile, listener));
    }

    private List<ReasoningResult> inParallel(List<Question> questions, ReasoningProfile profile,
                                             EvaluationListener listener) {
        InOrderRelease release = new InOrderRelease(questions.size(), listener);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>(pipelines.size());
        for (MultiStagePipeline pipeline : pipelines) {
            workers.add(pool.submit(() -> {
                int i;
                while (!failed.get() && (i = next.getAndIncrement()) < questions.size()) {
                    try {
                        release.done(i, pipeline.reason(questions.get(i), profile));
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                failed.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating", e);
            } catch (ExecutionException e) {
                failed.set(true);
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return release.results();
    }

    /** Collects results out of order and hands them to the listener in question order. */
    private static final class InOrderRelease {

        private final ReasoningResult[] results;
        private final EvaluationListener listener;
        private int released;

        InOrderRelease(int n, EvaluationListener listener) {
            this.results = new ReasoningResult[n];
            this.listener = listener;
        }

        synchronized void done(int index, ReasoningResult result) {
            results[index] = result;
            while (released < results.length && results[released] != null) {
                listener.questionDone(released + 1, results.length, results[released]);
                released++;
            }
        }

        synchronized List<ReasoningResult> results() {
            return List.of(results);
        }
    }
}
