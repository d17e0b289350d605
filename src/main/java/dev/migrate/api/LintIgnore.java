package dev.migrate.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A finding of {@code migrate lint} that this revision accepts, and why: the Java form of
 * {@code -- migrate:lint-ignore-file RULE reason="..."}. The reason is kept in lint's reports and in the
 * audit row of each step that applies the revision.
 *
 * <pre>{@code
 * @Revision(id = "7c8d9e0f1a2b", revises = "6f7a5b8c9d0e", message = "drop the old email column")
 * @LintIgnore(rule = "drop-column", reason = "no reader since 2.3")
 * class DropEmail implements Migration { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(LintIgnore.List.class)
public @interface LintIgnore {
    /** The rule's id, as lint prints it ({@code drop-column}). */
    String rule();

    /** Why the finding is safe here; required. */
    String reason();

    /** Several {@link LintIgnore}s on one revision. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        LintIgnore[] value();
    }
}
