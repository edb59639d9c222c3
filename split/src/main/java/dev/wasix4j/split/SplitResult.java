package dev.wasix4j.split;

import java.util.List;

/**
 * What {@link Splitter#split} made.
 *
 * @param module the new module, or the very array passed in when nothing was split
 * @param split every function that was split, in index order
 * @param leftAlone functions over the size limit that were not split or are still over it, with why
 */
public record SplitResult(byte[] module, List<SplitFunction> split, List<LeftAlone> leftAlone) {
    public SplitResult {
        split = List.copyOf(split);
        leftAlone = List.copyOf(leftAlone);
    }

    public boolean changed() {
        return !split.isEmpty();
    }

    /**
     * One split function.
     *
     * @param index its function index (imports counted), unchanged in the new module
     * @param name its name from the name section, or null
     * @param originalBytes its body size before
     * @param remainingBytes its body size after, outlined pieces excluded
     * @param pieces how many new functions were outlined from it
     */
    public record SplitFunction(int index, String name, int originalBytes, int remainingBytes, int pieces) {}

    /** A function over the limit that is still over it; {@code reason} says why. */
    public record LeftAlone(int index, String name, int bytes, String reason) {}
}
