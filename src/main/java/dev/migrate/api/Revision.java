package dev.migrate.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The metadata of a Java revision script, on its {@link Migration} class: the same fields as the header of a SQL
 * revision script.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Revision {

    /** The revision id, e.g. {@code ae1027a6acf}. */
    String id();

    /** The ids of the parent revisions; empty for a base revision, two or more for a merge. */
    String[] revises() default {};

    /** What the revision does; its first line is shown in listings. */
    String message() default "";

    /** When the revision was created, as written in SQL headers ({@code 2026-11-21 10:00:00.000000}); informational. */
    String createDate() default "";

    /** Branch labels that name the branch this revision starts. */
    String[] branchLabels() default {};

    /** Revisions (ids or labels) that must be applied before this one without being its parents. */
    String[] dependsOn() default {};

    /**
     * Whether the revision runs in a transaction together with its version-table change. Set it to false only for
     * work that cannot run in a transaction, such as PostgreSQL's {@code CREATE INDEX CONCURRENTLY}.
     */
    boolean transactional() default true;

    /** PostgreSQL's {@code lock_timeout} for this revision, e.g. {@code "2s"}; empty: the configured one. */
    String lockTimeout() default "";

    /** PostgreSQL's {@code statement_timeout} for this revision, e.g. {@code "10m"}; empty: the configured one. */
    String statementTimeout() default "";
}
