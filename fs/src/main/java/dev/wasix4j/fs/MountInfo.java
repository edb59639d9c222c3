package dev.wasix4j.fs;

/** One mount as the dispatcher needs it for preopens: where it is in the guest tree and whether it is read-only. */
public record MountInfo(String guestPath, boolean readOnly) {}
