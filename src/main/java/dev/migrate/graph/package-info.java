/**
 * The revision graph and planner, a pure in-memory port of Alembic 1.8.1's revision semantics
 * ({@code alembic/script/revision.py}, the planning half of {@code script/base.py} and the
 * version-table bookkeeping of {@code runtime/migration.py}). Imports nothing beyond
 * {@code java.util}; does no I/O.
 *
 * <p>Entry point: {@link dev.migrate.graph.RevisionGraph#of}, then
 * {@link dev.migrate.graph.RevisionGraph#upgrade}, {@link dev.migrate.graph.RevisionGraph#downgrade},
 * {@link dev.migrate.graph.RevisionGraph#stamp} for {@link dev.migrate.graph.Plan}s, and
 * {@link dev.migrate.graph.RevisionText} for Alembic's text output.
 *
 * <h2>Where this differs from Alembic on purpose</h2>
 * <ul>
 * <li>Where Alembic iterates a Python {@code set} of strings its output depends on the process's
 *     hash seed. Here the input order is used instead: the order of a revision's dependencies not
 *     implied by its ancestors (which orders steps around such a revision), which parent row a merge
 *     updates and which it deletes (or inserts, when unmerging: all but the last in
 *     {@code fromRevisions}/{@code toRevisions} order are deleted/inserted, the last is updated), the
 *     order of {@link dev.migrate.graph.RevisionGraph#current} and of children. Branch labels are
 *     listed sorted.</li>
 * <li>Alembic only warns about a duplicate revision id (and keeps the last one);
 *     {@link dev.migrate.graph.DuplicateRevisionException} is thrown instead.</li>
 * <li>Besides Alembic's {@code @ - +}, revision ids may not contain {@code :} (range separator),
 *     be blank, or be {@code head}, {@code heads}, {@code base} or {@code current}.</li>
 * <li>A down revision must be a revision id; Alembic also accepts a branch label there and then
 *     fails later with a broken map. Dependencies may name labels, as in Alembic.</li>
 * <li>Where Alembic fails with an internal {@code AssertionError}, {@code KeyError} or
 *     {@code IndexError} (a relative target that walks off the graph, overlapping version rows),
 *     {@link dev.migrate.graph.InconsistentRequestException} is thrown for the same request.</li>
 * <li>Messages are our own sentences; the exception class and its fields carry the data.</li>
 * </ul>
 */
package dev.migrate.graph;
