package dev.litestage.cli;

/** Checks of numeric option values done before any work, each naming its flag. */
final class OptionValues {

    private OptionValues() {
    }

    /**
     * @throws IllegalArgumentException "{@code option} must be >= {@code least}, was {@code value}"
     */
    static void atLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " must be >= " + least + ", was " + value);
        }
    }
}
