package io.surprisal.stream;

import io.surprisal.score.ScoreRecord;

import java.util.List;

/** The bytes of one score record on topics.scores: {@link ScoreJson} or {@link ScoreAvro}, per {@code output.format}. */
public interface ScoreWriter {
    /**
     * The score of {@code series}; {@code names} are input.tags then input.headerTags and {@code values} the point's values of them
     * (null for one it lacks; empty when the spec names none); {@code muted}: a control's mute kept the point
     * from being flagged.
     */
    byte[] write(String series, ScoreRecord r, List<String> names, List<String> values, boolean muted);
}
