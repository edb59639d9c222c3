package dev.wasix4j.fs;

import dev.wasix4j.abi.FileType;

/**
 * One {@code fd_readdir} entry. {@code nextCookie} is the cookie that continues the listing just after
 * this entry (the {@code d_next} field of {@code __wasi_dirent_t}).
 */
public record DirEntry(String name, FileType type, long ino, long nextCookie) {}
