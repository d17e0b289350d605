package dev.migrate.shadow;

import dev.migrate.autogen.Autogenerate;
import dev.migrate.autogen.DesiredSchema;
import dev.migrate.autogen.Scratchpad;

/** Loads a desired schema into an empty scratch database: SQL files as they are, entities through their DDL. */
public final class DesiredSchemaLoader implements Autogenerate.Sources {

    @Override
    public void load(DesiredSchema schema, Scratchpad.Scratch into) {
        if (schema instanceof DesiredSchema.SchemaFiles f) {
            SchemaFiles.load(f.paths(), into.url());
        } else if (schema instanceof DesiredSchema.Entities e) {
            dev.migrate.entities.EntitySchema.Naming naming = e.naming() == null ? dev.migrate.entities.EntitySchema.Naming.AUTO
                    : e.naming().equals("jpa") ? dev.migrate.entities.EntitySchema.Naming.JPA : dev.migrate.entities.EntitySchema.Naming.SPRING;
            String ddl = dev.migrate.entities.EntitySchema.ddl(e.classpath(), e.packages(), naming, e.hibernateProperties(), target(into));
            SchemaFiles.loadText(ddl, java.nio.file.Path.of("(the DDL Hibernate wrote for the entities)"), into.url());
        } else {
            throw new IllegalArgumentException("cannot load " + schema.describe() + " into a scratch database");
        }
    }

    /** The database Hibernate writes for: the scratch server's PostgreSQL major version, or SQLite. */
    private static dev.migrate.entities.EntitySchema.Target target(Scratchpad.Scratch into) {
        if (into.url().kind() != dev.migrate.config.DatabaseUrl.Kind.POSTGRESQL) return dev.migrate.entities.EntitySchema.Target.SQLITE;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(into.url().jdbcUrl(), into.url().jdbcProperties());
             java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return dev.migrate.entities.EntitySchema.Target.postgres(Integer.parseInt(rs.getString(1)) / 10000);
        } catch (java.sql.SQLException ex) {
            throw new ShadowException("cannot read the scratch server's version: " + ex.getMessage(), ex);
        }
    }
}
