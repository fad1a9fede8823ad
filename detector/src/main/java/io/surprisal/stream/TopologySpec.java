package io.surprisal.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One deployment, as written in {@code topologies/<name>.yaml}: topics, input format and field
 * mapping, model, scoring settings and processing guarantee. Unknown keys are errors, so a typo
 * does not silently fall back to a default.
 */
public final class TopologySpec {
    public String name = "surprisal";
    public String applicationId = "surprisal";
    public Topics topics = new Topics();
    public Input input = new Input();
    public Output output = new Output();
    public String model = "generic";
    public Models models = new Models();
    public Scoring scoring = new Scoring();
    public String guarantee = "exactly_once_v2";
    public List<String> watch = List.of();
    public Events events = new Events();
    public Alerting alerting = new Alerting();
    /** Series not seen for this long are removed from the store (ISO-8601 duration; empty = never). */
    public String idleExpiry = "P7D";
    /** How often (wall-clock, ISO-8601 duration) each task scans its series for idle ones. */
    public String idleExpiryCheck = "PT1M";
    /** Series looked at per idle-expiry check and task: bounded work on the stream thread, the next check goes on. */
    public int idleExpiryBatch = 10_000;
    /**
     * At most this many new series per minute of event time (their first point's timestamp) per task; the
     * rest go to the dead-letter topic as series-limit (0 = no cap). The default stops a flood of bogus ids
     * from filling the store while a real fleet (thousands of series a minute per partition) gets in.
     */
    public int maxNewSeriesPerMinute = 10_000;
    /**
     * Stream threads replaced at most this many times within {@link #threadReplacementWindow}; one more
     * failure stops the instance (non-zero exit). Failures of one record never count: they are dead letters.
     */
    public int maxThreadReplacements = 5;
    public String threadReplacementWindow = "PT10M";
    /**
     * Off-heap memory for all RocksDB stores of the instance, in MiB: one block cache shared by every store, the
     * memtables charged to it (see BoundedRocksDb); 0 = RocksDB's own defaults, about 100 MB per store.
     */
    public int rocksdbMemoryMiB = 128;

    /** Which model documents a deployment trusts. */
    public static final class Models {
        /**
         * Ed25519 public key (PEM or base64 of its X.509 form, as {@code openssl pkey -pubout} writes): when
         * set, only documents signed with its private key ({@code train --signing-key}) are served.
         */
        public String verifyKey = "";
    }

    public static final class Topics {
        public String points = "points";
        public String scores = "scores";
        public String deadLetters = "points-dead-letters";
        public String models = "surprisal-models";
        /**
         * Compacted topic of anomaly events, one record per incident and series, keyed by series (see
         * {@link AnomalyEvent}); unset (the default) = no events.
         */
        public String events = null;
        /**
         * Compacted topic of controls (thresholds, deviation minimums, mutes), keyed by series id or by a prefix
         * ending in {@code *} (see {@link SeriesControl}), read by every instance into a global store; unset (the
         * default) = no controls, and the topology is as without them.
         */
        public String controls = null;
    }

    /** How incidents become records of {@link Topics#events}. */
    public static final class Events {
        /** An open incident is re-sent at most once per this much event time (ISO-8601 duration). */
        public String updateEvery = "PT1M";
        /**
         * Points in a row below the threshold that close an incident: points, not time, so that a series
         * sampled once an hour is judged on as many points as one sampled every second (as the demo's
         * event matching does, with its 10 sampling intervals).
         */
        public int closeAfter = 10;

        long updateEveryMs() {
            return java.time.Duration.parse(updateEvery).toMillis();
        }
    }

    /** Where open incidents are sent as alerts. */
    public static final class Alerting {
        /** Base URL of an Alertmanager ({@code http://alertmanager:9093}); empty = no alerts. Needs {@link Topics#events}. */
        public String alertmanagerUrl = "";
        /**
         * How long Alertmanager keeps an alert firing without a re-send (its {@code endsAt}): longer than
         * {@link Events#updateEvery}, so that updates keep it firing while the series sends points.
         */
        public String resolveAfter = "PT10M";
        /**
         * Grafana's base URL as the people paged reach it ({@code https://grafana.example.com}): each alert gets a
         * {@code dashboard} annotation linking to its series on the watched-series dashboard; empty = no link.
         */
        public String grafanaUrl = "";
    }

    public static final class Input {
        /**
         * {@code json} (one object per record, the paths below), {@code influx} (InfluxDB line protocol as
         * Telegraf writes it, several lines per record), {@code csv} ({@code series,ts,value} lines, or
         * {@link #columns}), {@code prometheus} (the JSON of Prometheus remote-write → Kafka adapters), {@code otlp}
         * (OpenTelemetry metrics as the Collector's kafka exporter writes them, encoding otlp_proto), {@code avro}
         * (Avro records in the Confluent wire format, schemas from {@link #registryUrl}; the json paths), {@code protobuf}
         * (protobuf messages in the Confluent wire format, .proto schemas from {@link #registryUrl}; the json paths).
         */
        public String format = "json";
        /**
         * avro and protobuf: the schema registry's Confluent-compatible API, whose {@code schemas/ids/<id>} serves each
         * writer schema ({@code http://registry:8080/apis/ccompat/v7} for Apicurio Registry,
         * {@code http://registry:8081} for Confluent's).
         */
        public String registryUrl = null;
        /** Dotted path of the series id field. */
        public String series = "series";
        /**
         * json and avro: the series id built from several fields instead of {@link #series}, each {@code {path}} a
         * dotted field path and the text between kept as written: {@code "{device}/{metric}"}. A record that lacks one
         * of the fields is dead-lettered as {@code missing-series}; text, numbers and booleans are used as their text.
         */
        public String seriesTemplate = null;
        /**
         * Dotted path of the timestamp (ISO-8601 text or a numeric epoch in {@link #timestampUnit}), or
         * {@code kafka}: the Kafka record's timestamp.
         */
        public String timestamp = "ts";
        /** Unit of numeric epoch timestamps in json, csv and prometheus: s, ms (the default when unset), us or ns. */
        public String timestampUnit = null;
        /** csv: the order of the columns, from series, ts, value and _ (ignored); empty = series, ts, value. */
        public List<String> columns = List.of();
        /** Unit of influx line timestamps: ns (the default when unset, as Telegraf writes), us, ms or s. */
        public String precision = null;
        /** Dotted path of the value, for one measurement per record. */
        public String value = "value";
        /** Fan-out: each named field becomes the series {@code <series>/<field>}; empty = use {@link #value}. */
        public List<String> measurements = List.of();
        /** True when the record key already is the series id, so no repartition is needed. */
        public boolean keyIsSeries = false;
        /**
         * With {@link #keyIsSeries}, what becomes of a record whose key is not its series (it sits in another
         * series' partition): {@code dead-letter} (as {@code key-mismatch}, the default) or {@code repartition}
         * (sent through a repartition topic to its series' partition; it arrives after the points that took
         * the direct way, and is {@code late} if one of them was newer).
         */
        public String onKeyMismatch = "dead-letter";
        /**
         * json: dotted paths of fields kept beside each point as tags, named by their path, on its scores and
         * anomaly events (and as labels of its alerts): {@code [plant, team]}. A field a record lacks (or holds an
         * object, an array or null) is left out; a value is kept as text, at most {@link #MAX_TAG_CHARS} characters.
         */
        public List<String> tags = List.of();
        /**
         * Any format: names of Kafka headers of the input record kept as tags of its points (UTF-8 text, at most
         * {@link #MAX_TAG_CHARS} characters), named by the header's name, after {@link #tags}: {@code [plant, team]}.
         * A header a record lacks is left out.
         */
        public List<String> headerTags = List.of();
        public static final int MAX_TAGS = 16;

        /** The names of the tag values points carry, in their order: {@link #tags}, then {@link #headerTags}. */
        public List<String> tagNames() {
            if (headerTags.isEmpty()) {
                return tags;
            }
            List<String> names = new java.util.ArrayList<>(tags);
            names.addAll(headerTags);
            return List.copyOf(names);
        }
        public static final int MAX_TAG_CHARS = 256;

        /** Records larger than this are dead-lettered unread. */
        public int maxRecordBytes = 65_536;
        /** Accepted timestamps: not before this (ISO-8601), not more than {@link #maxFutureSkew} ahead of the wall clock. */
        public String minTimestamp = "2000-01-01T00:00:00Z";
        public String maxFutureSkew = "PT24H";
        /**
         * Values beyond ±this are dead-lettered as {@code value-out-of-range} at the parse stage (0 = no limit here;
         * the detector still refuses values beyond ±{@link io.surprisal.score.Detector#MAX_ABS_VALUE}, whose squares
         * its statistics cannot hold).
         */
        public double maxAbsValue = 1e15;

        /** One line naming the key and what it takes, for the first setting that does not fit the format. */
        void validate() {
            if (!PointParser.FORMATS.contains(format)) {
                throw new IllegalArgumentException(PointParser.formatError(format));
            }
            boolean influx = format.equals("influx");
            if (precision != null) {
                TimestampUnit.of("input.precision", precision);
                if (!influx) {
                    throw new IllegalArgumentException("input.precision applies to input.format influx only; for numeric "
                            + "epochs in " + format + " use input.timestampUnit (" + TimestampUnit.ALLOWED + ")");
                }
            }
            boolean otlp = format.equals("otlp");
            if (timestampUnit != null) {
                TimestampUnit.of("input.timestampUnit", timestampUnit);
                if (otlp) {
                    throw new IllegalArgumentException("input.timestampUnit does not apply to input.format otlp: "
                            + "time_unix_nano is always nanoseconds");
                }
                if (influx) {
                    throw new IllegalArgumentException("input.timestampUnit does not apply to input.format influx; "
                            + "use input.precision (" + TimestampUnit.ALLOWED + ")");
                }
            }
            boolean registered = format.equals("avro") || format.equals("protobuf");
            if (registered) {
                registryUrl("input.registryUrl", "input.format " + format, registryUrl);
            } else if (registryUrl != null) {
                throw new IllegalArgumentException("input.registryUrl applies to input.format avro and protobuf only");
            }
            if (!format.equals("json") && !registered && !measurements.isEmpty()) {
                throw new IllegalArgumentException("input.measurements applies to input.format json, avro and protobuf only; "
                        + format + " has a series per field or line already");
            }
            if ((influx || otlp || format.equals("csv")) && keyIsSeries) {
                throw new IllegalArgumentException("input.keyIsSeries must be false for input.format " + format + ": a record "
                        + "holds a series per " + (influx ? "field" : otlp ? "data point" : "line")
                        + ", so its key cannot be the series id");
            }
            if (!tags.isEmpty()) {
                if (!format.equals("json") && !format.equals("protobuf")) {
                    throw new IllegalArgumentException("input.tags applies to input.format json and protobuf only");
                }
                if (tags.size() > MAX_TAGS || tags.stream().distinct().count() != tags.size()
                        || tags.stream().anyMatch(t -> t == null || t.isBlank())) {
                    throw new IllegalArgumentException("input.tags must name at most " + MAX_TAGS
                            + " distinct, non-empty field paths, was " + tags);
                }
            }
            if (!headerTags.isEmpty()) {
                if (headerTags.stream().anyMatch(t -> t == null || t.isBlank()) || headerTags.stream().distinct().count() != headerTags.size()) {
                    throw new IllegalArgumentException("input.headerTags must name distinct, non-empty headers, was " + headerTags);
                }
                if (tags.size() + headerTags.size() > MAX_TAGS) {
                    throw new IllegalArgumentException("input.tags and input.headerTags name at most " + MAX_TAGS
                            + " tags together, were " + (tags.size() + headerTags.size()));
                }
                List<String> both = headerTags.stream().filter(tags::contains).toList();
                if (!both.isEmpty()) {
                    throw new IllegalArgumentException("input.headerTags " + both + " also in input.tags: a tag has one source");
                }
            }
            if (seriesTemplate != null) {
                if (!format.equals("json") && !format.equals("avro")) {
                    throw new IllegalArgumentException("input.seriesTemplate applies to input.format json and avro only; "
                            + format + " builds its series ids itself");
                }
                if (!series.equals("series")) {
                    throw new IllegalArgumentException("input.series and input.seriesTemplate exclude each other: the template "
                            + "names its fields, e.g. \"{" + series + "}/{metric}\"");
                }
                SeriesTemplate.parse(seriesTemplate);
            }
            if (format.equals("csv")) {
                CsvLineParser.columns(this);
            } else if (!columns.isEmpty()) {
                throw new IllegalArgumentException("input.columns applies to input.format csv only");
            }
        }
    }

    /** An absolute http(s) URL with a host, or one line naming {@code key} and an example. */
    static void httpUrl(String key, String url, String example) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http(s) URL such as " + example + ", was " + url);
        }
    }

    /** How scores are written to topics.scores. */
    public static final class Output {
        /**
         * {@code json} (the default: the score record contract) or {@code avro} (the same fields as Avro records in
         * the Confluent wire format, their schema registered in {@link #registryUrl} under {@code <topics.scores>-value},
         * for sink connectors that take Avro with a registry: JDBC, Elasticsearch).
         */
        public String format = "json";
        /** avro: the schema registry's Confluent-compatible API, as {@code input.registryUrl}. */
        public String registryUrl = null;

        void validate(Input input) {
            if (format.equals("avro")) {
                registryUrl("output.registryUrl", "output.format avro", registryUrl);
                ScoreAvroSchema.of(input.tagNames());
            } else if (!format.equals("json")) {
                throw new IllegalArgumentException("output.format must be json or avro, was " + format);
            } else if (registryUrl != null) {
                throw new IllegalArgumentException("output.registryUrl applies to output.format avro only");
            }
        }

        public boolean avro() {
            return format.equals("avro");
        }
    }

    /** A registry URL ({@code key}): an absolute http(s) URL, since the detector asks it with an HTTP client. */
    static void registryUrl(String key, String requiredFor, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(key + " is required for " + requiredFor + ": the schema "
                    + "registry's Confluent-compatible API, e.g. http://registry:8080/apis/ccompat/v7");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " must be an http(s) URL, was " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http(s) URL with a host, was " + url);
        }
    }

    public static final class Scoring {
        public double threshold = ScoringConfig.DEFAULT.threshold();
        public int warmup = ScoringConfig.DEFAULT.warmup();
        /** The history capacity: normalised inputs kept per series and replayed when a new model arrives (K). */
        public int burnIn = ScoringConfig.DEFAULT.historyCapacity();
        public double band = ScoringConfig.DEFAULT.band();
        public String order = "strict";
        /**
         * Judge values against the series' daily profile too (see DailyDeviation). Off, each series
         * stores 268 bytes less, and every stored byte goes to the changelog with every point.
         */
        public boolean dailyProfile = ScoringConfig.DEFAULT.dailyProfile();
        /**
         * What a point teaches the series' statistics once a run of red points has lasted a short window, relative
         * to a normal point (see ScoringConfig#anomalyLearning): 1 learns from anomalies like from anything else.
         */
        public double anomalyLearning = ScoringConfig.DEFAULT.anomalyLearning();
        /**
         * The time zone whose wall clock the daily profile and the hourly baselines read hours of day and weekends in
         * (an IANA name such as {@code America/New_York}): where the series' day follows people, their zone keeps it
         * in place through daylight-saving changes and puts the weekend at local midnight.
         */
        public String timeZone = "UTC";

        public ScoringConfig toConfig() {
            ScoringConfig d = ScoringConfig.DEFAULT;
            ZoneId zone;
            try {
                zone = ScoringConfig.zone(timeZone);
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("scoring.timeZone: " + e.getMessage());
            }
            return new ScoringConfig(burnIn, warmup, Math.min(d.settle(), warmup), d.shortWindow(), d.longHorizon(),
                    d.minLongStd(), threshold, band, OrderPolicy.valueOf(order.toUpperCase(Locale.ROOT)))
                    .withDailyProfile(dailyProfile).withAnomalyLearning(anomalyLearning).withTimeZone(zone);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /**
     * A spec whose settings do not fit together: its message is one line naming the key and what it
     * takes, which the command line prints alone (no stack trace: nothing in the code went wrong).
     */
    public static final class InvalidSpecException extends IllegalArgumentException {
        InvalidSpecException(String message) {
            super(message);
        }
    }

    public static TopologySpec read(Path file) throws IOException {
        TopologySpec spec = YAML.readValue(file.toFile(), TopologySpec.class);
        try {
            spec.validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(file + ": " + e.getMessage());
        }
        return spec;
    }

    public static TopologySpec parse(String yaml) throws IOException {
        TopologySpec spec = YAML.readValue(yaml, TopologySpec.class);
        spec.validate();
        return spec;
    }

    /** Whether records keyed by another series are re-keyed through a repartition topic (else dead-lettered). */
    public boolean rekeysMismatches() {
        return input.keyIsSeries && input.onKeyMismatch.equals("repartition");
    }

    /** Whether the detector writes anomaly events (the spec names an events topic). */
    public boolean writesEvents() {
        return topics.events != null && !topics.events.isBlank();
    }

    /** Whether the detector reads a controls topic (the spec names one). */
    public boolean readsControls() {
        return topics.controls != null && !topics.controls.isBlank();
    }

    /** Whether alerts link to their series in Grafana. */
    public boolean linksToGrafana() {
        return alerting.grafanaUrl != null && !alerting.grafanaUrl.isBlank();
    }

    /** Sets {@code alerting.grafanaUrl} from a command-line flag, checked as the spec's own would be. */
    public void useGrafana(String url) {
        alerting.grafanaUrl = url;
        try {
            validateEvents();
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("--grafana-url " + url + ": " + e.getMessage());
        }
    }

    /** Whether open incidents are posted to an Alertmanager. */
    public boolean sendsAlerts() {
        return alerting.alertmanagerUrl != null && !alerting.alertmanagerUrl.isBlank();
    }

    public boolean exactlyOnce() {
        return guarantee.equals("exactly_once_v2");
    }

    /**
     * Sends alerts to the Alertmanager at {@code url} (the command line's {@code --alertmanager-url}, which wins
     * over {@code alerting.alertmanagerUrl}); an InvalidSpecException names the flag when the spec cannot.
     */
    public void useAlertmanager(String url) {
        alerting.alertmanagerUrl = url;
        try {
            validateEvents();
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("--alertmanager-url " + url + ": " + e.getMessage());
        }
    }

    /** The events and alerting settings; public so that a command line flag that sets the URL is checked the same way. */
    public void validateEvents() {
        if (events.updateEveryMs() < 1) {
            throw new IllegalArgumentException("events.updateEvery must be at least 1 ms, was " + events.updateEvery);
        }
        if (events.closeAfter < 1) {
            throw new IllegalArgumentException("events.closeAfter must be at least 1 point, was " + events.closeAfter);
        }
        if (linksToGrafana()) {
            httpUrl("alerting.grafanaUrl", alerting.grafanaUrl, "http://grafana:3000");
        }
        if (sendsAlerts()) {
            if (!writesEvents()) {
                throw new IllegalArgumentException("alerting.alertmanagerUrl needs topics.events: alerts are sent for anomaly events");
            }
            java.net.URI uri;
            try {
                uri = new java.net.URI(alerting.alertmanagerUrl);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("alerting.alertmanagerUrl is not a URL: " + alerting.alertmanagerUrl);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("alerting.alertmanagerUrl must be an http(s) URL such as http://alertmanager:9093, was "
                        + alerting.alertmanagerUrl);
            }
            if (java.time.Duration.parse(alerting.resolveAfter).toMillis() <= events.updateEveryMs()) {
                throw new IllegalArgumentException("alerting.resolveAfter (" + alerting.resolveAfter + ") must be longer than "
                        + "events.updateEvery (" + events.updateEvery + "), or alerts lapse between updates");
            }
        }
    }

    void validate() {
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new IllegalArgumentException("guarantee must be exactly_once_v2 or at_least_once, was " + guarantee);
        }
        if (!input.onKeyMismatch.equals("dead-letter") && !input.onKeyMismatch.equals("repartition")) {
            throw new IllegalArgumentException("input.onKeyMismatch must be dead-letter or repartition, was " + input.onKeyMismatch);
        }
        input.validate();
        output.validate(input);
        scoring.toConfig();
        if (models.verifyKey != null && !models.verifyKey.isBlank()) {
            ModelSignatures.publicKey(models.verifyKey);
        }
        if (idleExpiry != null && !idleExpiry.isBlank()) {
            java.time.Duration.parse(idleExpiry);
        }
        if (idleExpiryBatch < 1) {
            throw new IllegalArgumentException("idleExpiryBatch must be at least 1, was " + idleExpiryBatch);
        }
        if (maxThreadReplacements < 0) {
            throw new IllegalArgumentException("maxThreadReplacements must be 0 or more, was " + maxThreadReplacements);
        }
        java.time.Duration.parse(threadReplacementWindow);
        if (rocksdbMemoryMiB < 0) {
            throw new IllegalArgumentException("rocksdbMemoryMiB must be 0 (RocksDB's defaults) or more, was " + rocksdbMemoryMiB);
        }
        validateEvents();
        if (readsControls() && java.util.Arrays.asList(topics.points, topics.scores, topics.deadLetters, topics.models, topics.events)
                .contains(topics.controls)) {
            // Controls are read whole by every instance and keyed by series or prefix: no other record fits there.
            throw new IllegalArgumentException("topics.controls must be a topic of its own, was " + topics.controls
                    + ", which the spec uses for something else");
        }
        if (java.time.Duration.parse(idleExpiryCheck).toMillis() < 1) {
            throw new IllegalArgumentException("idleExpiryCheck must be at least 1 ms, was " + idleExpiryCheck);
        }
    }
}
