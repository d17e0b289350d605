package dev.migrate.cli;

import dev.migrate.config.Config;
import dev.migrate.config.ConfigException;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.db.TableName;
import dev.migrate.script.JavaRevisionLoader;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one command run works with, resolved from the global options on first use: the configuration, the
 * project on disk, the database. Commands that need no database never parse a URL.
 */
final class Session {
    static final String DEFAULT_CONFIG = "migrate.yaml";
    static final Path CACHE_DIRECTORY = Path.of(".migrate", "cache");

    private final Main main;
    private Config config;
    private Project project;

    Session(Main main) {
        this.main = main;
    }

    Config config() {
        if (config == null) {
            Path file = main.config != null ? main.workingDirectory.resolve(main.config) : main.workingDirectory.resolve(DEFAULT_CONFIG);
            if (main.config == null && !Files.exists(file)) {
                config = Config.defaults(main.workingDirectory);
            } else {
                config = Config.load(file, main.env);
            }
        }
        return config;
    }

    Project project() {
        if (project == null) {
            JavaRevisionLoader java = new JavaRevisionLoader(cacheDirectory(), classpath(), JavaRevisionLoader.Listener.NONE);
            project = Project.load(config().versionLocations(), java);
        }
        return project;
    }

    /** {@code .migrate/cache} beside the config file, or in the working directory when there is none. */
    Path cacheDirectory() {
        Path base = config().file() != null ? config().file().toAbsolutePath().getParent() : main.workingDirectory;
        return base.resolve(CACHE_DIRECTORY);
    }

    /** {@code --classpath}, relative to the working directory, else the {@code classpath} key. */
    List<Path> classpath() {
        if (main.classpath == null || main.classpath.isBlank()) return config().classpath();
        List<Path> entries = new ArrayList<>();
        for (String part : main.classpath.split(Pattern.quote(File.pathSeparator) + "|,")) {
            if (!part.isBlank()) entries.add(main.workingDirectory.resolve(part.strip()).normalize());
        }
        return entries;
    }

    DatabaseUrl url() {
        DatabaseUrl url = Config.resolveDatabaseUrl(main.url, main.env, config(), main.workingDirectory);
        if (url == null) {
            throw new ConfigException(config().file(), "url", null, "No database URL.",
                    "Pass --url, set DATABASE_URL, or set url in " + DEFAULT_CONFIG + ".");
        }
        return url;
    }

    Database database(String command) {
        TableName version = TableName.parse(config().versionTable());
        TableName audit = TableName.parse(config().auditTable());
        return Database.of(url(), version, audit, "migrate " + command);
    }

    Migrator migrator(String command) {
        return new Migrator(project(), database(command), config().lockTimeout());
    }

    boolean stacktrace() {
        return main.stacktrace;
    }
}
