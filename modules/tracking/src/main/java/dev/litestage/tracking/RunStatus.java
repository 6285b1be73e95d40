package dev.litestage.tracking;

/**
 * The life-cycle state of an MLflow run, with the numeric codes MLflow's file store writes into a
 * run's {@code meta.yaml} ({@code status: 3}) and the names its REST API uses ({@code "FINISHED"}).
 */
public enum RunStatus {
    RUNNING(1),
    SCHEDULED(2),
    FINISHED(3),
    FAILED(4),
    KILLED(5);

    private final int code;

    RunStatus(int code) {
        this.code = code;
    }

    /** The number MLflow's file store writes for this status. */
    public int code() {
        return code;
    }

    /** Whether a run in this state has ended (finished, failed or killed). */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /**
     * The status with the given file-store code.
     *
     * @throws IllegalArgumentException when no status has that code
     */
    public static RunStatus ofCode(int code) {
        for (RunStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown MLflow run status code " + code + ": expected 1 to 5");
    }
}
