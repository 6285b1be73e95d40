package dev.litestage.runtime;

import dev.litestage.reasoning.AnswerInProgress;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasonedAnswer;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.reasoning.StageSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching of a pipeline's work at stage granularity. Every call waits in a lane: a
 * reasoning call in the lane of the stage it runs next, a single generation in its stage's
 * generation lane. One thread owns the model; each step it picks, among the lanes ready to run,
 * the one whose first call arrived earliest (so no lane starves, and calls already part-way
 * through finish before newer ones start), takes up to {@link BatchingOptions#maxBatch()} calls
 * from it and runs that stage for all of them in one batched step under the stage's mask. A
 * reasoning call then moves to its next stage's lane, where calls that arrived meanwhile join it.
 * New calls wait up to {@link BatchingOptions#collectMillis()} for company ({@link #readyAt}).
 *
 * <p>Results are what each call would get alone (the batched engine gives every row the same
 * arithmetic), up to float rounding in near-ties. A step that fails is rerun call by call, so one
 * bad request fails alone.
 */
final class BatchScheduler implements AutoCloseable {

    private abstract static class Job {
        final long arrivedNanos = System.nanoTime();
        long laneEnteredNanos = arrivedNanos;

        abstract void fail(Throwable error);
    }

    private static final class ReasonJob extends Job {
        final MultiStagePipeline.Asked asked;
        final CompletableFuture<ReasonedAnswer> result = new CompletableFuture<>();
        AnswerInProgress answering;

        ReasonJob(MultiStagePipeline.Asked asked) {
            this.asked = asked;
        }

        @Override
        void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private static final class GenerateJob extends Job {
        final StageSpec stage;
        final String prompt;
        final CompletableFuture<StageOutcome> result = new CompletableFuture<>();

        GenerateJob(StageSpec stage, String prompt) {
            this.stage = stage;
            this.prompt = prompt;
        }

        @Override
        void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private final MultiStagePipeline pipeline;
    private final ReasoningProfile profile;
    private final BatchingOptions options;
    /** Per stage, how many calls each of its steps advanced together. */
    private final Map<String, Histogram> stepSizes = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Lane name to its calls in arrival order; lanes are created on first use and kept. */
    private final Map<String, ArrayDeque<Job>> lanes = new LinkedHashMap<>();
    private int outstanding;
    /** When calls were last answered ({@link System#nanoTime()}). */
    private long lastAnsweredNanos = Long.MIN_VALUE / 2;
    /**
     * Per lane of new calls, how many it would hold if every client answered by the last answering
     * step asked again there: what it held then plus the calls answered.
     */
    private final Map<String, Integer> expectedBack = new java.util.HashMap<>();
    private boolean closed;
    private Thread thread;

    BatchScheduler(MultiStagePipeline pipeline, ReasoningProfile profile, BatchingOptions options) {
        this.pipeline = pipeline;
        this.profile = profile;
        this.options = options;
    }

    /** Queues a reasoning call through every stage. */
    CompletableFuture<ReasonedAnswer> reason(MultiStagePipeline.Asked asked) {
        ReasonJob job = new ReasonJob(asked);
        admit(reasonLane(0), job);
        return job.result;
    }

    /** Queues one generation of {@code stage}. */
    CompletableFuture<StageOutcome> generate(StageSpec stage, String prompt) {
        GenerateJob job = new GenerateJob(stage, prompt);
        admit(entryLane(job), job);
        return job.result;
    }

    /** Calls waiting for a step (not those in the step running now). */
    int waiting() {
        lock.lock();
        try {
            return lanes.values().stream().mapToInt(ArrayDeque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Calls admitted and not yet answered. */
    int outstanding() {
        lock.lock();
        try {
            return outstanding;
        } finally {
            lock.unlock();
        }
    }

    /** Per stage that ran, the sizes of its steps so far. */
    Map<String, Histogram.Snapshot> stepSizes() {
        Map<String, Histogram.Snapshot> out = new TreeMap<>();
        stepSizes.forEach((stage, h) -> out.put(stage, h.snapshot()));
        return out;
    }

    /** Stops the scheduling thread after its current step; calls still waiting fail. */
    @Override
    public void close() {
        List<Job> dropped = new ArrayList<>();
        Thread running;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            lanes.values().forEach(dropped::addAll);
            lanes.clear();
            outstanding -= dropped.size();
            running = thread;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(j -> j.fail(new IllegalStateException("the decoder was closed before this request ran")));
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The lane a call like {@code job} enters by. */
    private static String entryLane(Job job) {
        return job instanceof GenerateJob g ? "generate " + g.stage.name() : reasonLane(0);
    }

    private static String reasonLane(int stage) {
        return "reason " + stage;
    }

    /**
     * When a lane may run. A lane of calls moved on from an earlier stage runs at once: it is a
     * batch already. After a step answered k calls, the lane such calls enter by waits, up to the
     * collection window after those answers went out, until it holds k more calls than it held
     * then: clients that get an answer and ask again join this step instead of forming a second,
     * smaller cohort one stage behind. A full lane, or one that already holds them all, runs at
     * once (so one client asking again and again never waits).
     */
    private long readyAt(String lane, ArrayDeque<Job> queue, long window) {
        boolean moved = lane.startsWith("reason ") && !lane.equals(reasonLane(0));
        if (moved || queue.size() >= options.maxBatch()) {
            return Long.MIN_VALUE;
        }
        if (queue.size() >= expectedBack.getOrDefault(lane, 0)) {
            return Long.MIN_VALUE;
        }
        return lastAnsweredNanos + window;
    }

    private void admit(String lane, Job job) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the decoder is closed");
            }
            // the outstanding-call limit is the decoder's, over all its schedulers (RuntimeDecoder#leastBusy)
            outstanding++;
            lanes.computeIfAbsent(lane, k -> new ArrayDeque<>()).addLast(job);
            if (thread == null) {
                thread = new Thread(this::loop, "litestage-decoder");
                thread.setDaemon(true);
                thread.start();
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            List<Job> step = new ArrayList<>();
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    long now = System.nanoTime();
                    long window = TimeUnit.MILLISECONDS.toNanos(options.collectMillis());
                    Map.Entry<String, ArrayDeque<Job>> oldest = null;
                    long soonest = Long.MAX_VALUE;
                    for (Map.Entry<String, ArrayDeque<Job>> e : lanes.entrySet()) {
                        ArrayDeque<Job> queue = e.getValue();
                        if (queue.isEmpty()) {
                            continue;
                        }
                        long readyAt = readyAt(e.getKey(), queue, window);
                        if (readyAt > now) {
                            soonest = Math.min(soonest, readyAt);
                        } else if (oldest == null
                                || queue.peekFirst().arrivedNanos < oldest.getValue().peekFirst().arrivedNanos) {
                            oldest = e;
                        }
                    }
                    if (oldest == null) {
                        if (soonest == Long.MAX_VALUE) {
                            work.awaitUninterruptibly();
                        } else {
                            work.awaitNanos(soonest - now);
                        }
                        continue;
                    }
                    ArrayDeque<Job> queue = oldest.getValue();
                    while (!queue.isEmpty() && step.size() < options.maxBatch()) {
                        step.add(queue.pollFirst());
                    }
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            run(step);
        }
    }

    private void run(List<Job> step) {
        try {
            runStep(step);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (step.size() == 1) {
                answered(List.of(), step, e);
                return;
            }
            // one bad request must not fail the others: rerun them one at a time
            for (Job job : step) {
                try {
                    runStep(List.of(job));
                } catch (VirtualMachineError vm) {
                    throw vm;
                } catch (Throwable alone) {
                    answered(List.of(), List.of(job), alone);
                }
            }
        }
    }

    /** Runs one stage for every call in {@code step} (all from one lane), then answers or requeues each. */
    private void runStep(List<Job> step) {
        if (step.get(0) instanceof GenerateJob first) {
            List<String> prompts = step.stream().map(j -> ((GenerateJob) j).prompt).toList();
            List<StageOutcome> outcomes = pipeline.generateAll(first.stage, prompts, profile.stage(first.stage.name()));
            stepRan(first.stage.name(), step.size());
            for (int i = 0; i < step.size(); i++) {
                ((GenerateJob) step.get(i)).result.complete(outcomes.get(i));
            }
            answered(step, List.of(), null);
            return;
        }
        List<AnswerInProgress> answering = new ArrayList<>(step.size());
        for (Job job : step) {
            ReasonJob r = (ReasonJob) job;
            if (r.answering == null) {
                r.answering = pipeline.start(r.asked);
            }
            answering.add(r.answering);
        }
        int stage = answering.get(0).nextStage();
        pipeline.runNextStage(answering, profile);
        stepRan(pipeline.stages().get(stage).name(), step.size());
        List<Job> done = new ArrayList<>();
        List<Job> onward = new ArrayList<>();
        for (Job job : step) {
            ReasonJob r = (ReasonJob) job;
            if (pipeline.finished(r.answering)) {
                ReasonedAnswer answer = pipeline.finish(r.answering);
                // its wall time from arrival, queueing included: what the caller waited
                r.result.complete(new ReasonedAnswer(answer.answer(), answer.stages(), answer.document(),
                        System.nanoTime() - r.arrivedNanos));
                done.add(job);
            } else {
                onward.add(job);
            }
        }
        lock.lock();
        try {
            if (closed) {
                onward.forEach(j -> j.fail(new IllegalStateException("the decoder was closed before this request finished")));
                outstanding -= onward.size();
                onward.clear();
            }
            long now = System.nanoTime();
            ArrayDeque<Job> next = lanes.computeIfAbsent(reasonLane(stage + 1), k -> new ArrayDeque<>());
            for (Job job : onward) {
                job.laneEnteredNanos = now;
                next.addLast(job);
            }
        } finally {
            lock.unlock();
        }
        answered(done, List.of(), null);
    }

    private void stepRan(String stage, int size) {
        stepSizes.computeIfAbsent(stage, k -> new Histogram(Histogram.BATCH_SIZES)).observe(size);
    }

    private void answered(List<Job> succeeded, List<Job> failed, Throwable error) {
        failed.forEach(j -> j.fail(error));
        lock.lock();
        try {
            outstanding -= succeeded.size() + failed.size();
            if (!succeeded.isEmpty() || !failed.isEmpty()) {
                lastAnsweredNanos = System.nanoTime();
                String entry = entryLane(succeeded.isEmpty() ? failed.get(0) : succeeded.get(0));
                ArrayDeque<Job> waitingThere = lanes.get(entry);
                expectedBack.clear();
                expectedBack.put(entry, (waitingThere == null ? 0 : waitingThere.size()) + succeeded.size() + failed.size());
            }
        } finally {
            lock.unlock();
        }
    }
}
