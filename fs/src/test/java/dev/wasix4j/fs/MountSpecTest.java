package dev.wasix4j.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountSpecTest {
    @TempDir
    Path dir;

    @Test
    void volumeForms() throws IOException {
        Path real = dir.toRealPath();
        MountSpec both = MountSpec.parseVolume(dir + ":/data");
        assertEquals(real, both.hostDir());
        assertEquals("/data", both.guestPath());
        assertFalse(both.readOnly());
        assertEquals(dir.toString(), MountSpec.parseVolume(dir.toString()).guestPath());
        assertEquals("/home", MountSpec.parseVolume(dir + ":.").guestPath());
        assertEquals("/home", MountSpec.parseVolume(dir + ":./").guestPath());
        assertEquals("/rel/sub", MountSpec.parseVolume(dir + ":rel/sub").guestPath());
        assertEquals("/a", MountSpec.parseVolume(dir + ":/a/b/..//").guestPath());
        assertTrue(MountSpec.parseVolume(dir + ":/x").withReadOnly(true).readOnly());
    }

    @Test
    void mapdirAndDirForms() {
        MountSpec m = MountSpec.parseMapdir("/guest:" + dir);
        assertEquals("/guest", m.guestPath());
        assertEquals("/legacy", MountSpec.parseMapdir("legacy::" + dir).guestPath());
        assertEquals("/home", MountSpec.parseMapdir(".:" + dir).guestPath());
        assertEquals(dir.toString(), MountSpec.parseDir(dir.toString()).guestPath());
        assertThrows(MountException.class, () -> MountSpec.parseMapdir("nocolon"));
    }

    @Test
    void dirDotIsHome() {
        // "--dir ." mounts the current directory at /home
        MountSpec s = MountSpec.parseDir(".");
        assertEquals("/home", s.guestPath());
        assertEquals(Path.of("").toAbsolutePath().normalize(), s.hostDir().normalize());
    }

    @Test
    void badHostDirectoriesHaveClearMessages() throws IOException {
        Path missing = dir.resolve("missing");
        MountException e = assertThrows(MountException.class, () -> MountSpec.parseVolume(missing + ":/x"));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains(missing.toString()),
                e.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "f");
        e = assertThrows(MountException.class, () -> MountSpec.parseDir(file.toString()));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertThrows(MountException.class, () -> MountSpec.parseVolume(":/x"));
        assertThrows(MountException.class, () -> MountSpec.parseVolume(dir + ":"));
        assertThrows(MountException.class, () -> MountSpec.parseVolume(dir + ":/a\0b"));
    }
}
