package dev.litestage.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The typed sections of an experiment file, exactly as written in YAML (snake_case keys). Unknown
 * keys and wrong types are rejected when binding; defaults and cross-field checks live in
 * {@link Experiment}. Absent keys bind to null.
 */
final class Sections {

    private Sections() {
    }

    /** {@code model:} where the model lives. */
    record ModelSection(String path, String tokenizer) {}

    /** {@code data:} which benchmark or user file, which splits, how many questions. */
    record DataSection(
            String benchmark,
            String root,
            Map<String, String> files,
            String selectSplit,
            String evalSplit,
            Integer selectSample,
            Integer evalSample,
            Long sampleSeed,
            String onBadRecord,
            MappingSection mapping,
            Integer options) {}

    /** {@code data.mapping:} columns or fields of user CSV/JSONL data. */
    record MappingSection(String id, String question, List<String> options, String optionsField,
                          String optionSeparator, String answer, String answerForm) {}

    /** {@code stages:} the stages in order. */
    record StagesSection(List<StageEntry> stages) {}

    /** One stage. */
    record StageEntry(String name, String prefix, String optionPrefix, Integer maxNewTokens, List<String> stop) {}

    /** Early exit: on/off, window, threshold. */
    record EarlyExitEntry(Boolean enabled, Integer window, Double threshold) {}

    /** {@code search:} the strategy and its settings. */
    record SearchSection(
            String strategy,
            Double epsilon,
            Double targetConfidence,
            Integer kmax,
            String ranking,
            String genome,
            Integer population,
            Integer generations,
            Long seed,
            Integer maxEvaluations,
            Double mutationProbability,
            Double crossoverProbability,
            EarlyExitEntry earlyExit,
            LatencyEntry latency,
            Integer calibrationQuestions,
            Integer speedupRounds,
            Integer workers,
            List<String> compare) {}

    /** {@code search.latency:} how trial latency is measured. */
    record LatencyEntry(String mode, Integer warmup, Integer repetitions) {}

    /** {@code tracking:} where trials are logged. */
    record TrackingSection(String uri, String store, String experimentName) {}

    /** The experiment file itself (sections may be paths or mappings, so they stay untyped here). */
    record ExperimentFile(
            String name,
            String description,
            Object model,
            Object data,
            Object stages,
            Object search,
            Object tracking,
            Object training,
            Long seed,
            String output,
            @JsonProperty("work_dir") String workDir) {}
}
