package dev.wasix4j.benchmarks.memory;

/** JVM options of every benchmark fork: the same as the host's (see memory/README.md). */
final class Jvm {
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String EXPORT_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String EXPORT_FOREIGN = "--add-exports=java.base/jdk.internal.foreign=ALL-UNNAMED";
    static final String STACK = "-Xss16m";

    private Jvm() {}
}
