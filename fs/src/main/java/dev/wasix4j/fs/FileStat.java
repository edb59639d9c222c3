package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;

/**
 * What {@code fd_filestat_get} / {@code path_filestat_get} report ({@code __wasi_filestat_t}).
 * Times are nanoseconds since the Unix epoch.
 */
public record FileStat(long dev, long ino, FileType filetype, long nlink, long size, long atim, long mtim, long ctim) {}
