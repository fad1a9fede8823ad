package io.surprisal.stream;

/**
 * What the line formats share: a record is one or more lines; blank lines (and, where the format has
 * them, comment lines) are skipped; a line that fails is rejected whole, its points taken back, and
 * reading goes on at the next line. Line numbers are physical (as an editor shows them), also when a
 * quoted value spans lines.
 */
abstract class LineRecordParser implements RecordParser {

    /** Whether a line starting with {@code #} is a comment (influx) rather than data (csv). */
    abstract boolean hasComments();

    /**
     * Reads the line whose first non-blank byte is at {@code p} and adds its points to {@code out};
     * returns the index of the '\n' that ends it (a quoted value may hold earlier ones) or the record's
     * length.
     */
    abstract int line(byte[] v, int start, int p, long recordTs, ParseOutput out) throws BadRecordException;

    @Override
    public final void parse(byte[] key, byte[] v, long recordTs, ParseOutput out) {
        int n = v.length;
        int pos = 0;
        int line = 1;
        while (pos < n) {
            int start = pos;
            int p = pos;
            while (p < n && (v[p] == ' ' || v[p] == '\t')) {
                p++;
            }
            if (p == n) {
                break; // trailing whitespace
            }
            int end;
            if (v[p] == '\n' || (v[p] == '\r' && (p + 1 == n || v[p + 1] == '\n'))) {
                end = v[p] == '\n' ? p : p + 1;                    // a blank line
            } else if (v[p] == '#' && hasComments()) {
                end = lineEnd(v, p);                               // a comment
            } else {
                int mark = out.mark();
                try {
                    end = line(v, start, p, recordTs, out);
                } catch (BadRecordException e) {
                    out.rollback(mark);
                    end = lineEnd(v, p);
                    out.reject(line, start, end > start && v[end - 1] == '\r' ? end - 1 : end, e);
                }
            }
            for (int i = start; i < end; i++) {
                if (v[i] == '\n') {
                    line++;
                }
            }
            line++;
            pos = end + 1;
        }
    }

    static int lineEnd(byte[] v, int from) {
        for (int i = from; i < v.length; i++) {
            if (v[i] == '\n') {
                return i;
            }
        }
        return v.length;
    }

    /**
     * Where a line ends when its content stops at {@code p}: the index of its '\n' (after an optional
     * '\r'), or the record's end; -1 when {@code p} is not at a line end.
     */
    static int endAt(byte[] v, int p) {
        int n = v.length;
        if (p == n) {
            return n;
        }
        if (v[p] == '\n') {
            return p;
        }
        if (v[p] == '\r' && (p + 1 == n || v[p + 1] == '\n')) {
            return p + 1;
        }
        return -1;
    }
}
