package io.surprisal.ops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decodes a URL path segment. Unlike {@link java.net.URLDecoder}, which decodes form
 * data, it keeps {@code +} as it is: series ids may contain one.
 */
final class PathDecoder {

    private PathDecoder() {
    }

    /** @throws IllegalArgumentException on a malformed escape such as {@code %4} or {@code %zz} */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            int escape = raw.indexOf('%', i);
            if (escape < 0) {
                escape = raw.length();
            }
            // Text between escapes goes in whole, so characters outside the BMP survive.
            bytes.writeBytes(raw.substring(i, escape).getBytes(StandardCharsets.UTF_8));
            if (escape == raw.length()) {
                break;
            }
            if (escape + 2 >= raw.length()) {
                throw new IllegalArgumentException("truncated escape at " + escape);
            }
            int high = Character.digit(raw.charAt(escape + 1), 16);
            int low = Character.digit(raw.charAt(escape + 2), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("malformed escape at " + escape);
            }
            bytes.write(high << 4 | low);
            i = escape + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
