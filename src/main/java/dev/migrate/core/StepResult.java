package dev.migrate.core;

import dev.migrate.graph.Step;

import java.nio.file.Path;
import java.time.Duration;

/** One step that ran: the revision (null for stamp), its file, how long it took. */
public record StepResult(Step step, Path file, Duration duration) { }
