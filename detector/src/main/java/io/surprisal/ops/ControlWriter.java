package io.surprisal.ops;

import io.surprisal.stream.SeriesControl;

/** Where the feedback and mute endpoints read and write controls: the instance's controls store and topic. */
public interface ControlWriter {

    /** The control stored under exactly {@code key} (a series id), or null: what a new control is merged into. */
    SeriesControl current(String key);

    /** Writes {@code control} under {@code key} to the controls topic and waits for the broker; throws when it cannot. */
    void write(String key, SeriesControl control) throws Exception;
}
