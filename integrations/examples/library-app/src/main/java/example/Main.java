package example;

import dev.migrate.Migrate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Migrates its SQLite database on start with the revisions in its jar, and logs through its own Logback set-up. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        Migrate migrate = Migrate.at("sqlite:" + args[0]).scripts("classpath:db/revisions");
        migrate.upgrade("heads");
        LOG.info("database at {}", migrate.current());
    }
}
