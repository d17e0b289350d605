package dev.migrate.script;

import java.util.List;
import java.util.Map;

/**
 * What one Java revision script compiled to: its top-level types in the order declared, and the class file of each
 * class (nested ones too) by binary name. The same whether it came from the compiler or the cache.
 */
record CompiledScript(List<TopLevel> types, Map<String, byte[]> classes) {

    /** A top-level type: its binary name, and the line of the script where its declaration starts. */
    record TopLevel(String binaryName, int line) { }

    CompiledScript {
        types = List.copyOf(types);
        classes = Map.copyOf(classes);
    }

    /** Defines the classes lazily, in a class loader of the script's own, with the tool's classes as its parent. */
    ClassLoader classLoader(String name, ClassLoader parent) {
        return new ClassLoader(name, parent) {
            @Override
            protected Class<?> findClass(String binaryName) throws ClassNotFoundException {
                byte[] bytes = classes.get(binaryName);
                if (bytes == null) throw new ClassNotFoundException(binaryName);
                return defineClass(binaryName, bytes, 0, bytes.length);
            }
        };
    }
}
