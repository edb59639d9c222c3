package dev.wasix4j.core.asyncify;

/**
 * Runs at the entry call once the guest's stack is unwound (asyncify is back to normal), with
 * that stack; answers how to go on. It may run other guest code, start other instances on copies
 * of the memory, or throw to end the thread.
 */
@FunctionalInterface
public interface UnwindAction {
    Resume unwound(UnwoundStack stack);
}
