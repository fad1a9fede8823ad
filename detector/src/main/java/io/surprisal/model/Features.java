package io.surprisal.model;

/**
 * The input vector the cell sees at each step:
 * <ol>
 *   <li>the online-normalised value,</li>
 *   <li>the time since the previous point, as log(dt / usual interval) clipped to [-3, 3],</li>
 *   <li>optionally sin/cos of the time of day and of the day of week (UTC).</li>
 * </ol>
 * Every entry is finite by construction: callers clip before they get here.
 */
public record Features(boolean calendar) {
    public static final int VALUE = 0;
    public static final int INTERVAL = 1;
    public static final double INTERVAL_CLIP = 3.0;
    private static final double DAY_MS = 86_400_000.0;
    private static final double WEEK_MS = 7 * DAY_MS;
    private static final double TWO_PI = 2 * Math.PI;

    public int count() {
        return calendar ? 6 : 2;
    }

    public String describe() {
        return calendar ? "value,interval,time-of-day,day-of-week" : "value,interval";
    }

    public static Features parse(String text) {
        return switch (text) {
            case "value,interval" -> new Features(false);
            case "value,interval,time-of-day,day-of-week" -> new Features(true);
            default -> throw new IllegalArgumentException("unknown feature set '" + text
                    + "' (expected 'value,interval' or 'value,interval,time-of-day,day-of-week')");
        };
    }

    /** Writes the features of one step into {@code out[0, count())}. */
    public void encode(float z, float interval, long tsMillis, float[] out) {
        out[VALUE] = z;
        out[INTERVAL] = interval;
        if (calendar) {
            // 1970-01-01 was a Thursday; the phase offset does not matter to a learned model.
            double day = TWO_PI * Math.floorMod(tsMillis, (long) DAY_MS) / DAY_MS;
            double week = TWO_PI * Math.floorMod(tsMillis, (long) WEEK_MS) / WEEK_MS;
            out[2] = (float) Math.sin(day);
            out[3] = (float) Math.cos(day);
            out[4] = (float) Math.sin(week);
            out[5] = (float) Math.cos(week);
        }
    }
}
