package dev.wasix4j.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The splitter runs before any other reader has looked at a module's custom sections; sizes past
 * 2^31 read as negative ints and once could send its decoder back over bytes it had read, forever.
 * Such a module is left alone (and refused by the parser), promptly.
 */
class MalformedInputTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private static byte[] module(int... sections) {
        byte[] m = new byte[HEADER.length + sections.length];
        System.arraycopy(HEADER, 0, m, 0, HEADER.length);
        for (int i = 0; i < sections.length; i++) {
            m[HEADER.length + i] = (byte) sections[i];
        }
        return m;
    }

    @Test
    void aSectionSizePast2To31IsLeftAloneNotLoopedOn() {
        // a custom section of 2^32 - 6 bytes: as an int, 6 bytes back, the section's own start
        byte[] m = module(0x00, 0xfa, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x00);
        var r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Splitter.split(m, new SplitOptions(200)));
        assertArrayEquals(m, r.module());
    }

    @Test
    void aNameSubsectionSizePast2To31IsLeftAloneNotLoopedOn() {
        // a name section whose first subsection claims 2^32 - 3 bytes: back to its own id byte
        byte[] m = module(0x00, 0x0c, 0x04, 'n', 'a', 'm', 'e',
                0x01, 0xfd, 0xff, 0xff, 0xff, 0x0f, 0x00);
        var r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Splitter.split(m, new SplitOptions(200)));
        assertArrayEquals(m, r.module());
    }
}
