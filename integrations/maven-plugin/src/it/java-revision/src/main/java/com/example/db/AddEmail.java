package com.example.db;

import dev.migrate.api.Operations;
import dev.migrate.api.Revision;
import dev.migrate.api.ReversibleMigration;

@Revision(id = "c3d4e5f6a7b8", revises = "a1b2c3d4e5f6", message = "email, from the application's classes")
public class AddEmail implements ReversibleMigration {
    public void upgrade(Operations op) {
        op.execute("ALTER TABLE users ADD COLUMN email text");
    }

    public void downgrade(Operations op) {
        op.execute("ALTER TABLE users DROP COLUMN email");
    }
}
