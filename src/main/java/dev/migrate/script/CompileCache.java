package dev.migrate.script;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiled Java revision scripts on disk: one file per script, {@code <directory>/java/<key>.classes}, where the key
 * is a SHA-256 over the script (see {@link JavaRevisionLoader}). An entry is written to a temporary file and renamed
 * into place atomically, so that processes compiling the same script at once each leave a whole entry, and a reader
 * never sees half of one. An entry ends with a SHA-256 of its content: one that is truncated, edited or of another
 * format is treated as missing, and the next compilation replaces it.
 *
 * <p>The cache is an optimisation: when it cannot be read or written (a read-only checkout), scripts are compiled
 * every time and nothing fails.
 */
final class CompileCache {

    private static final int MAGIC = 0x4d4a4331; // "MJC1"
    private static final int DIGEST_BYTES = 32;

    private final Path directory;

    /** A cache in {@code <cacheDirectory>/java}, created when first written. */
    CompileCache(Path cacheDirectory) {
        this.directory = cacheDirectory.resolve("java");
    }

    Path file(String key) {
        return directory.resolve(key + ".classes");
    }

    /** The entry of {@code key}; empty when there is none, or it cannot be read or is damaged. */
    Optional<CompiledScript> read(String key) {
        byte[] all;
        try {
            all = Files.readAllBytes(file(key));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (all.length < DIGEST_BYTES) return Optional.empty();
        byte[] body = Arrays.copyOf(all, all.length - DIGEST_BYTES);
        if (!Arrays.equals(ScriptLoader.sha256(body), Arrays.copyOfRange(all, body.length, all.length))) return Optional.empty();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) return Optional.empty();
            List<CompiledScript.TopLevel> types = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) types.add(new CompiledScript.TopLevel(in.readUTF(), in.readInt()));
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return in.available() == 0 ? Optional.of(new CompiledScript(types, classes)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stores {@code compiled} under {@code key}, replacing what is there; failures leave the cache as it was. */
    void write(String key, CompiledScript compiled) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(compiled.types().size());
            for (CompiledScript.TopLevel t : compiled.types()) {
                out.writeUTF(t.binaryName());
                out.writeInt(t.line());
            }
            out.writeInt(compiled.classes().size());
            for (Map.Entry<String, byte[]> c : compiled.classes().entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
            out.write(ScriptLoader.sha256(bytes.toByteArray()));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, key, ".tmp");
            Files.write(temp, bytes.toByteArray());
            Files.move(temp, file(key), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless
                }
            }
        }
    }
}
