package dev.migrate.core;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@code upgrade}, {@code downgrade} or {@code stamp}: the steps that ran, in order, and the heads
 * recorded in the version table before and after.
 */
public record RunResult(String command, List<StepResult> steps, List<String> headsBefore, List<String> headsAfter,
                        Duration duration) {
    public RunResult {
        steps = List.copyOf(steps);
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
    }
}
