package io.surprisal.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Invents a plausible plant: devices of three types, four sensors each, spread over plants, with ids like
 * {@code plant1/pump07/temp}. Levels, cycles, noise, drift and sampling intervals vary per series within
 * ranges typical for the measured quantity.
 */
public final class SeriesCatalog {

    private static final int DEVICES_PER_PLANT = 12;

    private enum Quantity {
        // unit, level range, noise sigma range, daily amplitude in sigmas, decimals, sampling intervals (s)
        TEMP("°C", 35, 80, 0.15, 0.5, 3, 10, 2, 60, 60, 120),
        PRESSURE("bar", 3, 9, 0.02, 0.06, 2, 6, 3, 30, 60),
        FLOW("m3/h", 80, 300, 1, 4, 4, 12, 1, 60, 120, 300),
        VIBRATION("mm/s", 2.5, 6, 0.04, 0.12, 1, 3, 3, 30, 60),
        POWER("kW", 40, 250, 0.8, 3, 5, 15, 1, 60, 300),
        RPM("rpm", 1400, 2900, 2, 6, 2, 6, 0, 30, 60);

        final String unit;
        final double minLevel, maxLevel, minSigma, maxSigma, minAmplitudeSigmas, maxAmplitudeSigmas;
        final int decimals;
        final int[] intervalSeconds;

        Quantity(String unit, double minLevel, double maxLevel, double minSigma, double maxSigma,
                 double minAmplitudeSigmas, double maxAmplitudeSigmas, int decimals, int... intervalSeconds) {
            this.unit = unit;
            this.minLevel = minLevel;
            this.maxLevel = maxLevel;
            this.minSigma = minSigma;
            this.maxSigma = maxSigma;
            this.minAmplitudeSigmas = minAmplitudeSigmas;
            this.maxAmplitudeSigmas = maxAmplitudeSigmas;
            this.decimals = decimals;
            this.intervalSeconds = intervalSeconds;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum DeviceType {
        PUMP(Quantity.TEMP, Quantity.PRESSURE, Quantity.FLOW, Quantity.VIBRATION),
        COMPRESSOR(Quantity.TEMP, Quantity.PRESSURE, Quantity.POWER, Quantity.VIBRATION),
        FAN(Quantity.TEMP, Quantity.RPM, Quantity.POWER, Quantity.VIBRATION);

        final Quantity[] sensors;

        DeviceType(Quantity... sensors) {
            this.sensors = sensors;
        }
    }

    private SeriesCatalog() {
    }

    /** {@code count} series, the same ones for the same seed. */
    public static List<SeriesProfile> generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("series count " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int sensorsPerDevice = DeviceType.PUMP.sensors.length;
        List<SeriesProfile> profiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int device = i / sensorsPerDevice;
            DeviceType type = DeviceType.values()[device % DeviceType.values().length];
            Quantity quantity = type.sensors[i % sensorsPerDevice];
            profiles.add(profile(deviceId(device, type) + "/" + quantity.id(), quantity, random));
        }
        return profiles;
    }

    /** plant1/pump01, plant1/compressor01, plant1/fan01, plant1/pump02, … twelve devices per plant. */
    private static String deviceId(int device, DeviceType type) {
        int plant = device / DEVICES_PER_PLANT + 1;
        int number = device % DEVICES_PER_PLANT / DeviceType.values().length + 1;
        return String.format(Locale.ROOT, "plant%d/%s%02d", plant, type.name().toLowerCase(Locale.ROOT), number);
    }

    private static SeriesProfile profile(String id, Quantity q, SplittableRandom random) {
        double sigma = between(random, q.minSigma, q.maxSigma);
        double level = between(random, q.minLevel, q.maxLevel);
        double amplitude = sigma * between(random, q.minAmplitudeSigmas, q.maxAmplitudeSigmas);
        // Most plants peak in the afternoon; a few run night shifts.
        double peakHour = random.nextDouble() < 0.8 ? between(random, 12, 18) : between(random, 0, 4);
        double secondHarmonic = between(random, 0, 0.3);
        double correlation = between(random, 0, 0.5);
        double driftPerDay = between(random, -0.5, 0.5) * sigma;
        Duration interval = Duration.ofSeconds(q.intervalSeconds[random.nextInt(q.intervalSeconds.length)]);
        return new SeriesProfile(id, q.unit, interval, level, amplitude, peakHour, secondHarmonic, sigma,
                correlation, driftPerDay, q.decimals);
    }

    private static double between(SplittableRandom random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
