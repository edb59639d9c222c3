package dev.wasix4j.fs;

/** The contract on the in-memory provider (the default root, under /tmp). */
class MemoryFileSystemTest extends FileSystemContractTest {
    @Override
    protected String setUpTree() {
        vfs = VirtualFileSystem.createDefault();
        vfs.mkdir("/tmp/t");
        return "/tmp/t";
    }
}
