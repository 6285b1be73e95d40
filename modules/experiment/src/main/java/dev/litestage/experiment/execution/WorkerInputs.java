package dev.litestage.experiment.execution;

import java.io.Serializable;

/**
 * What a worker must read exactly as the driver does for its trials to be the driver's: the
 * model's fingerprint and a digest of the selection questions and the stages. The experiment file
 * names the model and data by path; a worker whose files at those paths differ would measure
 * other trials under the same keys, so it compares before measuring. Computed from a loaded
 * experiment by {@code TrialMeasurement.inputs}.
 *
 * @param modelFingerprint   the model's fingerprint
 * @param dataDigest         the selection questions and the pipeline's stages, as a digest
 * @param selectionQuestions how many selection questions a trial answers (shards split them)
 */
public record WorkerInputs(String modelFingerprint, String dataDigest, int selectionQuestions) implements Serializable {

    /**
     * Nothing when {@code here} (a worker's) equals these (the driver's); otherwise what differs,
     * for the worker's error.
     */
    public java.util.Optional<String> mismatch(WorkerInputs here) {
        if (!modelFingerprint.equals(here.modelFingerprint)) {
            return java.util.Optional.of("its model differs from the driver's (fingerprint " + shorten(here.modelFingerprint)
                    + " here, " + shorten(modelFingerprint) + " on the driver)");
        }
        if (!dataDigest.equals(here.dataDigest)) {
            return java.util.Optional.of("its selection questions or stages differ from the driver's (digest "
                    + here.dataDigest + " here, " + dataDigest + " on the driver)");
        }
        return java.util.Optional.empty();
    }

    private static String shorten(String fingerprint) {
        return fingerprint.length() > 16 ? fingerprint.substring(0, 16) : fingerprint;
    }
}
