package dev.migrate.cli;

import dev.migrate.tenants.Fleet;
import dev.migrate.tenants.TenantResult;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/** A line on standard error each second (and a line for each tenant that did not end well). */
final class FleetProgress implements Fleet.Listener {
    private final Main main;
    private final CommandSpec spec;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger locked = new AtomicInteger();
    private final long started = System.nanoTime();
    private volatile long lastLine = System.nanoTime();

    FleetProgress(Main main, CommandSpec spec, int total) {
        this.main = main;
        this.spec = spec;
        this.total = total;
    }

    @Override
    public void finished(TenantResult r) {
        int n = done.incrementAndGet();
        if (r.status().unfinished() && r.status() != TenantResult.Status.NOT_STARTED) {
            (r.status() == TenantResult.Status.LOCKED ? locked : failed).incrementAndGet();
            { // on standard error, beside --format json's document on standard output
                PrintWriter err = spec.commandLine().getErr();
                synchronized (err) {
                    TenantResult.Error e = r.error();
                    err.println("  " + r.tenant() + ": " + r.status().label().replace('_', ' ')
                            + (e == null ? "" : (e.revision() != null ? " in " + e.revision() : "")
                            + (e.file() != null ? " (" + Texts.relative(e.file(), main.workingDirectory) + (e.line() > 0 ? ":" + e.line() : "") + ")" : "")
                            + ": " + e.message()));
                    err.flush();
                }
            }
        }
        long now = System.nanoTime();
        if (!main.quiet && !main.json() && (now - lastLine > 1_000_000_000L) && n < total) {
            lastLine = now;
            double seconds = (now - started) / 1e9;
            PrintWriter err = spec.commandLine().getErr();
            synchronized (err) {
                err.println(String.format(java.util.Locale.ROOT, "  %d of %d tenants done, %d failed%s, %.1f s, %.0f a second",
                        n, total, failed.get(), locked.get() > 0 ? ", " + locked.get() + " locked" : "", seconds, n / Math.max(seconds, 0.001)));
                err.flush();
            }
        }
    }
}
