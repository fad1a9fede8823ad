package io.surprisal.stream;

/**
 * What a stage could not use, on its way to the dead-letter topic: the key and bytes to keep (the
 * original ones at parse, the point as parsed at detect); the reason and the source travel in the
 * record headers ({@link DeadLetters}).
 */
public record DeadLetter(byte[] key, byte[] value) implements Parsed, Detected {
}
