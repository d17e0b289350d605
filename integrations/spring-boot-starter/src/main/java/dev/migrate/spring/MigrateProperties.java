package dev.migrate.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code migrate.*} in application.properties or application.yaml.
 *
 * <pre>
 * migrate.script-location=classpath:db/revisions
 * migrate.on-startup=upgrade        # or check (production, where a deploy step migrates), or none
 * </pre>
 */
@ConfigurationProperties(prefix = "migrate")
public class MigrateProperties {

    /** What the application does with its database when it starts. */
    public enum OnStartup {
        /** {@code upgrade <target>} under the migration lock, before JPA and JDBC beans start. */
        UPGRADE,
        /** Refuse to start, with {@code migrate check}'s message, unless the database is at the head. */
        CHECK,
        /** Nothing. */
        NONE
    }

    /** Whether migrate is configured at all. */
    private boolean enabled = true;

    /** Where the revisions are: a class-path folder ({@code classpath:db/revisions}), or a directory holding {@code versions/}. */
    private String scriptLocation = "classpath:db/revisions";

    /** The version table; the audit table is {@code <name>_audit}. */
    private String versionTable = "migrate_version";

    /** How long an instance waits for another one that holds the migration lock. */
    private Duration lockWait = Duration.ofMinutes(1);

    /** PostgreSQL lock_timeout for each revision's statements (null: migrate's default). */
    private Duration lockTimeout;

    /** PostgreSQL statement_timeout for each revision's statements (null: none). */
    private Duration statementTimeout;

    /** The upgrade target. */
    private String target = "heads";

    private OnStartup onStartup = OnStartup.UPGRADE;

    public boolean isEnabled() { return enabled; }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public String getScriptLocation() { return scriptLocation; }

    public void setScriptLocation(String scriptLocation) { this.scriptLocation = scriptLocation; }

    public String getVersionTable() { return versionTable; }

    public void setVersionTable(String versionTable) { this.versionTable = versionTable; }

    public Duration getLockWait() { return lockWait; }

    public void setLockWait(Duration lockWait) { this.lockWait = lockWait; }

    public Duration getLockTimeout() { return lockTimeout; }

    public void setLockTimeout(Duration lockTimeout) { this.lockTimeout = lockTimeout; }

    public Duration getStatementTimeout() { return statementTimeout; }

    public void setStatementTimeout(Duration statementTimeout) { this.statementTimeout = statementTimeout; }

    public String getTarget() { return target; }

    public void setTarget(String target) { this.target = target; }

    public OnStartup getOnStartup() { return onStartup; }

    public void setOnStartup(OnStartup onStartup) { this.onStartup = onStartup; }
}
