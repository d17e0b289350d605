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
        } else {
            throw new IllegalArgumentException("cannot load " + schema.describe() + " into a scratch database");
        }
    }
}
