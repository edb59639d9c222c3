package dev.wasix4j.split;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.internal.ByteClassCollector;
import com.dylibso.chicory.compiler.internal.Compiler;
import java.nio.file.Files;
import java.nio.file.Path;

/** Development aid: writes the classes Chicory generates for a (split) module to a folder. */
class DumpMain {
    public static void main(String[] a) throws Exception {
        byte[] m = a[0].equals("gen") ? new BigFunctionGenerator(15).module(210_000) : Files.readAllBytes(Path.of(a[0]));
        var res = Splitter.split(m, new SplitOptions(Integer.parseInt(a[1])));
        var result = Compiler.builder(Chicory.parse(res.module())).withClassCollectorFactory(ByteClassCollector::new)
                .withInterpreterFallback(InterpreterFallback.FAIL).build().compile();
        for (var e : result.classBytes().entrySet()) {
            Path p = Path.of(a[2], e.getKey().replace('.', '/') + ".class");
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
    }
}
