package dev.wasix4j.fs;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a host directory mounted at /mnt/h. */
class HostFileSystemTest extends FileSystemContractTest {
    @TempDir
    Path host;

    @Override
    protected String setUpTree() {
        vfs = VirtualFileSystem.create(List.of(MountSpec.parseVolume(host + ":/mnt/h")));
        return "/mnt/h";
    }
}
