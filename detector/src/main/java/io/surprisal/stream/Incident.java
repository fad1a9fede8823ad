package io.surprisal.stream;

import io.surprisal.score.Judgement;
import io.surprisal.score.ScoreRecord;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open incident of one series, as {@link IncidentTracker} keeps it between points: mutable, one
 * object per open incident (a series that never fires has none), stored in the incidents store as a
 * compact binary record (about 100 bytes and its tags, first byte the format version).
 */
final class Incident {
    static final byte FORMAT = 1;
    private static final Judgement[] JUDGEMENTS = Judgement.values();

    long start;
    /** Timestamp of the series' newest point. */
    long lastSeen;
    /** Timestamp of the newest point at or above the threshold: the end, once closed. */
    long lastAnomaly;
    /** Timestamp of the point the last record was written on (the update interval counts from it). */
    long lastEmitted;
    /** Points in a row below the threshold since {@link #lastAnomaly}. */
    int quiet;
    int anomalies;
    Judgement openedBy = Judgement.NONE;
    long peakTs;
    double peakScore;
    double peakValue;
    double peakExpected;
    double peakLower;
    double peakUpper;
    Judgement peakJudgement = Judgement.NONE;
    String peakModel = "";
    /** The opening point's tags (values of input.tags, null for one it lacked); empty without. */
    List<String> tags = List.of();

    /** An incident opened by {@code r}, a point with {@code tags}. */
    static Incident openedBy(ScoreRecord r, List<String> tags) {
        Incident i = new Incident();
        i.tags = tags;
        i.start = r.ts;
        i.lastSeen = r.ts;
        i.lastAnomaly = r.ts;
        i.lastEmitted = r.ts;
        i.anomalies = 1;
        i.openedBy = r.judgement == null ? Judgement.NONE : r.judgement;
        i.peakAt(r);
        return i;
    }

    /** One more point at or above the threshold. */
    void anomalous(ScoreRecord r) {
        lastSeen = r.ts;
        lastAnomaly = r.ts;
        quiet = 0;
        anomalies++;
        if (r.score > peakScore) {
            peakAt(r);
        }
    }

    /** One more point below the threshold. */
    void quietPoint(long ts) {
        lastSeen = ts;
        quiet++;
    }

    private void peakAt(ScoreRecord r) {
        peakTs = r.ts;
        peakScore = r.score;
        peakValue = r.value;
        peakExpected = r.expected;
        peakLower = r.lower;
        peakUpper = r.upper;
        peakJudgement = r.judgement == null ? Judgement.NONE : r.judgement;
        peakModel = r.model == null ? "" : r.model;
    }

    /** The record for the events topic, written on the point at {@code updated}; {@code tagNames} are input.tags. */
    AnomalyEvent event(String series, AnomalyEvent.Status status, long updated, List<String> tagNames) {
        Map<String, String> named = Map.of();
        if (!tags.isEmpty()) {
            named = new LinkedHashMap<>();
            for (int t = 0; t < tags.size() && t < tagNames.size(); t++) {
                if (tags.get(t) != null) {
                    named.put(tagNames.get(t), tags.get(t));
                }
            }
            named = Collections.unmodifiableMap(named);
        }
        return new AnomalyEvent(series, status, start, status == AnomalyEvent.Status.CLOSED ? lastAnomaly : AnomalyEvent.STILL_OPEN,
                updated, anomalies, openedBy, new AnomalyEvent.Peak(peakTs, peakScore, peakValue, peakExpected, peakLower,
                peakUpper, peakJudgement, peakModel), named);
    }

    byte[] toBytes() {
        byte[] model = peakModel.getBytes(StandardCharsets.UTF_8);
        int modelLength = Math.min(model.length, Short.MAX_VALUE);
        byte[][] tagBytes = new byte[tags.size()][];
        int tagsLength = 2;
        for (int t = 0; t < tagBytes.length; t++) {
            tagBytes[t] = tags.get(t) == null ? null : tags.get(t).getBytes(StandardCharsets.UTF_8);
            tagsLength += 4 + (tagBytes[t] == null ? 0 : tagBytes[t].length);
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 5 * 8 + 2 * 4 + 2 + 5 * 8 + 2 + modelLength + tagsLength);
        b.put(FORMAT).putLong(start).putLong(lastSeen).putLong(lastAnomaly).putLong(lastEmitted).putLong(peakTs)
                .putInt(quiet).putInt(anomalies)
                .put((byte) openedBy.ordinal()).put((byte) peakJudgement.ordinal())
                .putDouble(peakScore).putDouble(peakValue).putDouble(peakExpected).putDouble(peakLower).putDouble(peakUpper)
                .putShort((short) modelLength).put(model, 0, modelLength)
                .putShort((short) tagBytes.length);
        for (byte[] tag : tagBytes) {
            b.putInt(tag == null ? -1 : tag.length);
            if (tag != null) {
                b.put(tag);
            }
        }
        return b.array();
    }

    /** The incident in {@code bytes}; IllegalArgumentException for bytes no format of it reads. */
    static Incident fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != FORMAT) {
            throw new IllegalArgumentException("not an incident of format " + FORMAT);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            Incident i = new Incident();
            i.start = b.getLong();
            i.lastSeen = b.getLong();
            i.lastAnomaly = b.getLong();
            i.lastEmitted = b.getLong();
            i.peakTs = b.getLong();
            i.quiet = b.getInt();
            i.anomalies = b.getInt();
            i.openedBy = judgement(b.get());
            i.peakJudgement = judgement(b.get());
            i.peakScore = b.getDouble();
            i.peakValue = b.getDouble();
            i.peakExpected = b.getDouble();
            i.peakLower = b.getDouble();
            i.peakUpper = b.getDouble();
            byte[] model = new byte[b.getShort()];
            b.get(model);
            int count = b.getShort();
            if (count > 0) {
                String[] tags = new String[count];
                for (int t = 0; t < count; t++) {
                    int length = b.getInt();
                    if (length >= 0) {
                        byte[] tag = new byte[length];
                        b.get(tag);
                        tags[t] = new String(tag, StandardCharsets.UTF_8);
                    }
                }
                i.tags = Collections.unmodifiableList(Arrays.asList(tags));
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after an incident");
            }
            i.peakModel = new String(model, StandardCharsets.UTF_8);
            return i;
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated incident", e);
        }
    }

    private static Judgement judgement(byte ordinal) {
        if (ordinal < 0 || ordinal >= JUDGEMENTS.length) {
            throw new IllegalArgumentException("unknown judgement " + ordinal);
        }
        return JUDGEMENTS[ordinal];
    }
}
