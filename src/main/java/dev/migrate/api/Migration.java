package dev.migrate.api;

/**
 * A Java revision script that can only be applied. Implement {@link ReversibleMigration} instead when the revision
 * can be undone: whether a downgrade exists is a question of type, which the script loader answers with
 * {@code instanceof}, as a SQL script answers it by having a {@code -- migrate:downgrade} section or not.
 *
 * <p>The class carries its metadata in a {@link Revision} annotation and needs a public no-argument constructor.
 */
public interface Migration {

    /**
     * Applies the revision. Every operation runs in the revision's transaction (unless the revision says
     * {@code transactional = false}); throwing rolls the revision back.
     */
    void upgrade(Operations op) throws Exception;
}
