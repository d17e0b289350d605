package dev.migrate.cli;

import dev.migrate.autogen.Autogenerate;
import dev.migrate.autogen.Scratchpad;

/** The scratch databases of one command and the autogenerate over them; closing it drops every scratch database. */
final class Workbench implements AutoCloseable {

    private final Scratchpad scratchpad;
    private final Autogenerate autogenerate;

    Workbench(Scratchpad scratchpad, Autogenerate autogenerate) {
        this.scratchpad = scratchpad;
        this.autogenerate = autogenerate;
    }

    Autogenerate autogenerate() {
        return autogenerate;
    }

    /** The scratch databases themselves (lint traces on them). */
    Scratchpad scratchpad() {
        return scratchpad;
    }

    @Override
    public void close() {
        scratchpad.close();
    }
}
