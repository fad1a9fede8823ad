package io.surprisal.model;

/**
 * Where each parameter block lives in the flat weight vector. Inference ({@link Model}) and training
 * share it, so a trained vector can be loaded without any reshaping.
 *
 * <p>Recurrent weights are column-major: column {@code j} of {@code Wx} (the weights from input
 * {@code j} to all {@code G*H} pre-activations) is contiguous, so the step is a sequence of
 * "vector += column * scalar" loops that the JIT turns into SIMD instructions.
 *
 * <pre>
 * wx   [F][G*H]   input weights, column-major
 * wh   [H][G*H]   recurrent weights, column-major
 * b    [G*H]      bias
 * bhn  [H]        GRU only: bias inside the reset gate's product
 * head [2][H+F]   row 0 predicts the mean, row 1 the log standard deviation; sees [h ; x]
 * hb   [2]        head bias
 * </pre>
 */
public final class Layout {
    public final CellType cell;
    public final int hidden;
    public final int inputs;
    public final int gh;
    public final int wx;
    public final int wh;
    public final int b;
    public final int bhn;
    public final int head;
    public final int headBias;
    public final int headWidth;
    public final int size;

    public Layout(CellType cell, int hidden, int inputs) {
        if (hidden < 1 || hidden > 1024) {
            throw new IllegalArgumentException("hidden size must be in [1, 1024], was " + hidden);
        }
        if (inputs < 1 || inputs > 64) {
            throw new IllegalArgumentException("input features must be in [1, 64], was " + inputs);
        }
        this.cell = cell;
        this.hidden = hidden;
        this.inputs = inputs;
        this.gh = cell.gates() * hidden;
        this.wx = 0;
        this.wh = wx + inputs * gh;
        this.b = wh + hidden * gh;
        this.bhn = b + gh;
        this.head = bhn + (cell == CellType.GRU ? hidden : 0);
        this.headWidth = hidden + inputs;
        this.headBias = head + 2 * headWidth;
        this.size = headBias + 2;
    }
}
