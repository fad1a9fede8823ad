package io.surprisal.stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code input.headerTags}: Kafka headers of the input record kept as tags of its points, after the
 * {@code input.tags} fields (so the tag names are {@link TopologySpec.Input#tagNames()}), for any input format. A
 * header's value is read as UTF-8 text, at most {@link TopologySpec.Input#MAX_TAG_CHARS} characters; a header the
 * record lacks (or one without a value) is left out, never a reason to refuse the record. With several headers of
 * one name the last counts, as Kafka's {@code lastHeader} has it.
 */
final class HeaderTags {
    private final String[] names;
    /** The record's header values, shared by all its points; then the points' tags with them, cached per input list. */
    private List<String> headerValues;
    private List<String> lastFieldTags;
    private List<String> lastCombined;

    HeaderTags(List<String> names) {
        this.names = names.toArray(String[]::new);
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    /** Reads the configured headers of one record: call before {@link #with} for its points. */
    void read(Headers headers) {
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            Header h = headers == null ? null : headers.lastHeader(names[i]);
            if (h != null && h.value() != null) {
                String text = new String(h.value(), StandardCharsets.UTF_8);
                values[i] = text.length() > TopologySpec.Input.MAX_TAG_CHARS ? text.substring(0, TopologySpec.Input.MAX_TAG_CHARS) : text;
            }
        }
        headerValues = Collections.unmodifiableList(Arrays.asList(values));
        lastFieldTags = null;
        lastCombined = null;
    }

    /**
     * A point's field tags (values of input.tags, empty for a format without them) followed by the record's header
     * values. The points of one record share one list of field tags, so the joined list is built once per record.
     */
    List<String> with(List<String> fieldTags) {
        if (fieldTags == lastFieldTags) {
            return lastCombined;
        }
        String[] all = new String[fieldTags.size() + names.length];
        for (int i = 0; i < fieldTags.size(); i++) {
            all[i] = fieldTags.get(i);
        }
        for (int i = 0; i < names.length; i++) {
            all[fieldTags.size() + i] = headerValues.get(i);
        }
        lastFieldTags = fieldTags;
        lastCombined = Collections.unmodifiableList(Arrays.asList(all));
        return lastCombined;
    }
}
