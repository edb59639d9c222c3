package dev.wasix4j.core.compile;

import java.util.HashMap;
import java.util.Map;

/**
 * Defines the classes generated for one module, each on first use: a run that calls a few
 * functions loads and verifies only the classes holding them. One loader per compiled module,
 * so two modules' identically named classes never meet.
 */
final class CompiledClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    CompiledClassLoader(Map<String, byte[]> generated, ClassLoader parent) {
        super("wasix4j-compiled", parent);
        // Chicory names its shaded helper class with slashes and the others with dots
        this.classes = new HashMap<>(generated.size() * 2);
        generated.forEach((name, bytes) -> classes.put(name.replace('/', '.'), bytes));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        synchronized (classes) {
            bytes = classes.get(name);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
