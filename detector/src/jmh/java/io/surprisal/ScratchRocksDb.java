package io.surprisal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A RocksDB in a folder of its own for one benchmark trial, written as Kafka Streams writes (no write-ahead log);
 * closing it deletes the folder.
 */
public final class ScratchRocksDb implements AutoCloseable {
    public final RocksDB db;
    /** Write options without the write-ahead log, as Kafka Streams' stores write. */
    public final WriteOptions writeOptions;
    private final Options options;
    private final Path dir;

    public ScratchRocksDb(String prefix) throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        dir = Files.createTempDirectory(prefix);
        options = new Options().setCreateIfMissing(true);
        writeOptions = new WriteOptions().setDisableWAL(true);
        db = RocksDB.open(options, dir.toString());
    }

    @Override
    public void close() throws IOException {
        db.close();
        writeOptions.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
