package dev.wasix4j.core.asyncify;

/**
 * What an {@link EntryCall} does after its thread unwound: rewind {@code stack} so that the host
 * call at its top returns {@code result}.
 *
 * @param inPlace the buffer in guest memory still holds exactly {@code stack}: nothing ran since
 *     the unwind, so neither the globals nor the bytes need writing back
 */
public record Resume(UnwoundStack stack, long result, boolean inPlace) {
    public static Resume rewind(UnwoundStack stack, long result) {
        return new Resume(stack, result, false);
    }
}
