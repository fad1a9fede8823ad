package io.surprisal.stream;

import io.surprisal.score.ScoreRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the score record contract by hand into a reused buffer: a general-purpose JSON mapper
 * costs more per record than the recurrent step it reports on.
 * <pre>{"series","ts","value","expected","lower","upper","surprisal","score","anomaly","warmup","model"}</pre>
 */
public final class ScoreJson {
    private final StringBuilder sb = new StringBuilder(256);

    public byte[] write(String series, ScoreRecord r) {
        sb.setLength(0);
        sb.append("{\"series\":");
        quote(series);
        sb.append(",\"ts\":\"").append(Instant.ofEpochMilli(r.ts)).append('"');
        number(",\"value\":", r.value);
        number(",\"expected\":", r.expected);
        number(",\"lower\":", r.lower);
        number(",\"upper\":", r.upper);
        number(",\"surprisal\":", r.surprisal);
        number(",\"score\":", r.score);
        sb.append(",\"anomaly\":").append(r.anomaly);
        sb.append(",\"warmup\":").append(r.warmup);
        sb.append(",\"model\":");
        quote(r.model);
        sb.append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void number(String field, double v) {
        sb.append(field);
        if (Double.isFinite(v)) {
            sb.append(v);
        } else {
            sb.append("null");
        }
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
