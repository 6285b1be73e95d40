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
 * <p>By default questions are answered one at a time, each generation alone (batch 1): the
 * setting for wall-clock latency. {@link #inBatches(int) In batches}, {@code n} questions at a time
 * go through {@link MultiStagePipeline#reasonAll}, every stage's generations for all of them in
 * one batched call: the same answers (up to float rounding in near-ties) at a fraction of the
 * time, with per-generation timings that are batch times, so use it where latency comes from a
 * cost model over tokens. With {@link #withWorkers(int) workers}, questions are answered in
 * parallel (one at a time or in batches), each worker on its own replica of the model
 * ({@link dev.litestage.model.LanguageModel#replica()}). Results, and the listener's calls, stay
 * in question order.
 */
public final class Evaluator {

    private final List<MultiStagePipeline> pipelines;
    /** Questions per batched call; 1: one question at a time, each generation alone. */
    private final int batch;
    /** Runs the workers; null with one worker, which answers on the caller's thread. */
    private final ThreadPoolExecutor pool;

    public Evaluator(MultiStagePipeline pipeline) {
        this(List.of(Objects.requireNonNull(pipeline, "pipeline")), 1);
    }

    private Evaluator(List<MultiStagePipeline> pipelines, int batch) {
        this.pipelines = List.copyOf(pipelines);
        this.batch = batch;
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
        return new Evaluator(replicas, batch);
    }

    /**
     * This evaluator answering {@code questions} questions per batched call (1: one at a time).
     *
     * @throws IllegalArgumentException when {@code questions < 1}
     */
    public Evaluator inBatches(int questions) {
        if (questions < 1) {
            throw new IllegalArgumentException("questions per batch must be >= 1, was " + questions);
        }
        return new Evaluator(pipelines, questions);
    }

    /** Questions answered per batched call (1: one at a time, each generation alone). */
    public int batchQuestions() {
        return batch;
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
            for (int start = 0; start < questions.size(); start += batch) {
                for (ReasoningResult result : answer(pipeline(), questions.subList(start,
                        Math.min(questions.size(), start + batch)), profile)) {
                    results.add(result);
                    listener.questionDone(results.size(), questions.size(), result);
                }
            }
            return EvaluationSummary.of(results);
        }
        return EvaluationSummary.of(inParallel(questions, profile, listener));
    }

    /** One unit of work: a question alone, or a batch through {@link MultiStagePipeline#reasonAll}. */
    private List<ReasoningResult> answer(MultiStagePipeline pipeline, List<Question> questions, ReasoningProfile profile) {
        return questions.size() == 1 && batch == 1 ? List.of(pipeline.reason(questions.get(0), profile))
                : pipeline.reasonAll(questions, profile);
    }

    private List<ReasoningResult> inParallel(List<Question> questions, ReasoningProfile profile,
                                             EvaluationListener listener) {
        InOrderRelease release = new InOrderRelease(questions.size(), listener);
        // work units of `unit` questions: one at a time, or batches small enough that every worker gets some
        int unit = batch == 1 ? 1 : Math.max(1, Math.min(batch, (questions.size() + pipelines.size() - 1) / pipelines.size()));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>(pipelines.size());
        for (MultiStagePipeline pipeline : pipelines) {
            workers.add(pool.submit(() -> {
                int start;
                while (!failed.get() && (start = next.getAndAdd(unit)) < questions.size()) {
                    try {
                        List<ReasoningResult> done = answer(pipeline,
                                questions.subList(start, Math.min(questions.size(), start + unit)), profile);
                        for (int k = 0; k < done.size(); k++) {
                            release.done(start + k, done.get(k));
                        }
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
