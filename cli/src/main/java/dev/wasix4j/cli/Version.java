package dev.wasix4j.cli;

import picocli.CommandLine.IVersionProvider;

/** The version line: the project version and the JVM it runs on. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = WasixCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "wasix4j " + (v == null ? "(development build)" : v) + " on Java " + Runtime.version()
        };
    }
}
