package io.surprisal.stream;

/**
 * A stored series state written by a newer version of this code. Resetting the series would throw
 * away what the newer version learnt, and the next newer record would be reset again: the task stops
 * instead, with this message, until the instance runs code that reads that format.
 */
public final class NewerStateFormatException extends RuntimeException {
    NewerStateFormatException(String series, int version, int newestReadable) {
        super("series '" + series + "' has a stored state of format " + version + ", newer than this code reads (up to "
                + newestReadable + "): it was written by a newer Surprisal; run that version (or newer) on this "
                + "application id. The state is left untouched.");
    }
}
