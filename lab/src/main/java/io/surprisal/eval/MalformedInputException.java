package io.surprisal.eval;

import java.nio.file.Path;

/** An input file that does not have the NAB layout; the message names the file and the line. */
public final class MalformedInputException extends RuntimeException {

    MalformedInputException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    MalformedInputException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
