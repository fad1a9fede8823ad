package io.surprisal.model;

import java.util.Locale;

/** The recurrent cells the model document can name. */
public enum CellType {
    /** Elman's simple recurrent cell with tanh. */
    ELMAN_TANH(1, false),
    /** Elman's simple recurrent cell with ReLU (unbounded state: keep learning rates small). */
    ELMAN_RELU(1, false),
    /** Gated recurrent unit, "reset after" form: r gates (U_n h + b_hn), so U h is one pass. */
    GRU(3, false),
    /** Long short-term memory with gates i, f, g, o and a separate cell state. */
    LSTM(4, true);

    private final int gates;
    private final boolean cellState;

    CellType(int gates, boolean cellState) {
        this.gates = gates;
        this.cellState = cellState;
    }

    /** Number of H-sized blocks in the pre-activation vector. */
    public int gates() {
        return gates;
    }

    /** True when the cell carries a second state vector {@code c} beside {@code h}. */
    public boolean hasCellState() {
        return cellState;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CellType parse(String text) {
        for (CellType t : values()) {
            if (t.id().equalsIgnoreCase(text) || t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown cell type '" + text + "' (expected elman-tanh, elman-relu, gru or lstm)");
    }
}
