package io.surprisal.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A NAB-layout folder ({@code data/<category>/<name>.csv}) with its label windows. Series come in a
 * fixed order (category, then file name) so that every run lists and scores them the same way.
 */
public final class NabCorpus {

    private final Path dataDir;
    private final List<NabSeries> series;
    private final Map<String, List<NabWindow>> windows;

    private NabCorpus(Path dataDir, List<NabSeries> series, Map<String, List<NabWindow>> windows) {
        this.dataDir = dataDir;
        this.series = List.copyOf(series);
        this.windows = windows;
    }

    /**
     * @param onlyCategories categories to keep; empty keeps all
     * @throws MalformedInputException if a file is not in NAB's layout, or the labels do not fit the data
     */
    public static NabCorpus load(Path dataDir, Path labelsFile, Collection<String> onlyCategories) {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("data folder not found: " + dataDir);
        }
        Map<String, List<NabWindow>> windows = NabLabels.read(labelsFile);
        List<Path> categoryDirs = categoryDirs(dataDir, Set.copyOf(onlyCategories));
        List<NabSeries> series = new ArrayList<>();
        for (Path categoryDir : categoryDirs) {
            String category = categoryDir.getFileName().toString();
            for (Path file : csvFiles(categoryDir)) {
                NabSeries one = NabDataFile.read(category, file);
                List<NabWindow> own = windows.get(one.key());
                if (own == null) {
                    throw new MalformedInputException(labelsFile, "no entry for '" + one.key() + "'");
                }
                checkWindowsFit(labelsFile, one, own);
                series.add(one);
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no CSV files under " + dataDir
                    + (onlyCategories.isEmpty() ? "" : " in categories " + onlyCategories));
        }
        return new NabCorpus(dataDir, series, windows);
    }

    public Path dataDir() {
        return dataDir;
    }

    public List<NabSeries> series() {
        return series;
    }

    /** The label windows of a series of this corpus, in time order. For the scorer only. */
    public List<NabWindow> windows(NabSeries one) {
        List<NabWindow> own = windows.get(one.key());
        if (own == null) {
            throw new IllegalArgumentException("not a series of this corpus: " + one.key());
        }
        return own;
    }

    public int windowCount() {
        return series.stream().mapToInt(s -> windows(s).size()).sum();
    }

    public long pointCount() {
        return series.stream().mapToLong(NabSeries::size).sum();
    }

    private static List<Path> categoryDirs(Path dataDir, Set<String> only) {
        List<Path> dirs;
        try (Stream<Path> listing = Files.list(dataDir)) {
            dirs = listing.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDir, e);
        }
        if (only.isEmpty()) {
            return dirs;
        }
        Set<String> present = new LinkedHashSet<>();
        dirs.forEach(d -> present.add(d.getFileName().toString()));
        Set<String> unknown = new HashSet<>(only);
        unknown.removeAll(present);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown categories " + unknown + "; " + dataDir + " has " + present);
        }
        return dirs.stream().filter(d -> only.contains(d.getFileName().toString())).toList();
    }

    private static List<Path> csvFiles(Path categoryDir) {
        try (Stream<Path> listing = Files.list(categoryDir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".csv") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + categoryDir, e);
        }
    }

    /** NAB locates windows by exact timestamp match, so a limit that is not a row's time is an error. */
    private static void checkWindowsFit(Path labelsFile, NabSeries one, List<NabWindow> own) {
        Set<Long> times = new HashSet<>();
        for (int i = 0; i < one.size(); i++) {
            times.add(one.timestampMillis(i));
        }
        for (int w = 0; w < own.size(); w++) {
            NabWindow window = own.get(w);
            String where = "'" + one.key() + "' window " + (w + 1) + ": ";
            if (!times.contains(window.startMillis())) {
                throw new MalformedInputException(labelsFile, where + "start is not the timestamp of any row");
            }
            if (!times.contains(window.endMillis())) {
                throw new MalformedInputException(labelsFile, where + "end is not the timestamp of any row");
            }
            if (w > 0 && window.startMillis() <= own.get(w - 1).endMillis()) {
                throw new MalformedInputException(labelsFile, where + "starts before the previous window ends");
            }
        }
    }
}
