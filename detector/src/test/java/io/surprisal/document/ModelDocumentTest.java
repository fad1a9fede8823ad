package io.surprisal.document;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.model.Normalization;
import io.surprisal.model.SeasonalModel;
import io.surprisal.model.TrainingInfo;
import io.surprisal.train.ModelFactory;
import io.surprisal.train.Trainer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelDocumentTest {

    private static Model sample() {
        Layout layout = new Layout(CellType.LSTM, 6, 2);
        return new Model("m", "v1", layout, ModelFactory.initialWeights(layout, 1), new Features(false), Normalization.DEFAULT,
                new TrainingInfo("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 12, 0.75, "2026-11-25T00:00:00Z",
                        Trainer.VERSION, "test"));
    }

    private static String text(Model m) {
        return new String(ModelDocument.write(m), StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsEveryField() throws Exception {
        Model m = sample();
        Model back = ModelDocument.read(ModelDocument.write(m));
        assertEquals(m.version(), back.version());
        assertEquals(m.cell(), back.cell());
        assertEquals(m.hidden(), back.hidden());
        assertEquals(m.features(), back.features());
        assertEquals(m.normalization(), back.normalization());
        assertEquals(m.training(), back.training());
        assertArrayEquals(m.weights(), back.weights());
        assertEquals(m.id(), back.id());
    }

    private static SeasonalModel period() {
        return new SeasonalModel(96, 3, 41.5, 2.25, new float[]{0.5f, -0.25f, 0.125f, 0.75f, 0.01f}, 0.2);
    }

    @Test
    void roundTripsAPeriodModel() throws Exception {
        Model m = sample().withSeasonal(period(), "v1+period96");
        Model back = ModelDocument.read(ModelDocument.write(m));
        assertEquals(period(), back.seasonal());
        assertEquals(4, back.seasonal().lags());
        assertEquals("v1+period96", back.version());
    }

    @Test
    void roundTripsAPeriodModelWithItsShapes() throws Exception {
        float[] shapes = {0.5f, 1, 1.5f, 2, -0.5f, -1, -1.5f, -2};
        SeasonalModel withShapes = new SeasonalModel(96, 3, 41.5, 2.25, new float[]{0.5f, -0.25f, 0.125f, 0.75f, 0.01f},
                0.2, shapes, 0.75, 0.125);
        Model back = ModelDocument.read(ModelDocument.write(sample().withSeasonal(withShapes, "v3")));
        assertEquals(withShapes, back.seasonal());
        assertEquals(2, back.seasonal().shapes());
    }

    @Test
    void nearestShapeDistanceReadsTheRingFromItsOldestBlock() {
        float[] shapes = {0, 0, 0, 0, 1, 2, 3, 4};
        SeasonalModel m = new SeasonalModel(8, 2, 0, 1, new float[]{0, 0, 0, 0, 0}, 0.1, shapes, 1, 1);
        short[] ring = {(short) 3000, (short) 6000, (short) 9000, (short) 12000}; // 1, 2, 3, 4 oldest first
        assertEquals(0, m.nearestShapeDistance(ring, 0, 3000f), 1e-6);
        short[] rotated = {(short) 9000, (short) 12000, (short) 3000, (short) 6000}; // the same window, oldest at 2
        assertEquals(0, m.nearestShapeDistance(rotated, 2, 3000f), 1e-6);
        short[] minusOnes = {(short) -3000, (short) -3000, (short) -3000, (short) -3000};
        assertEquals(2, m.nearestShapeDistance(minusOnes, 1, 3000f), 1e-6); // nearer the flat shape than the rising one
    }

    @Test
    void aModelForManySeriesHasNoPeriodModel() throws Exception {
        assertEquals(null, ModelDocument.read(ModelDocument.write(sample())).seasonal());
        assertTrue(!text(sample()).contains("seasonal"));
    }

    @Test
    void rejectsAMalformedPeriodModel() {
        String doc = text(sample().withSeasonal(period(), "v2")).replace("\"residualStd\" : 0.2", "\"residualStd\" : -1");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelDocument.read(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed", e.reason());
        String noWeights = text(sample().withSeasonal(period(), "v2")).replace("\"weights\" : [", "\"coefficients\" : [");
        assertThrows(InvalidModelException.class, () -> ModelDocument.read(noWeights.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsWrongChecksum() {
        String doc = text(sample()).replaceFirst("crc32c:[0-9a-f]{8}", "crc32c:00000000");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelDocument.read(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("checksum", e.reason());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void rejectsMismatchedSizes() {
        String doc = text(sample()).replace("\"hidden\" : 6", "\"hidden\" : 7");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelDocument.read(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("size", e.reason());
        assertTrue(e.getMessage().contains("hidden=7"), e.getMessage());
    }

    @Test
    void rejectsNonFiniteWeights() {
        Model m = sample();
        float[] w = m.weights();
        w[3] = Float.NaN;
        Model poisoned = new Model("m", "v2", m.layout(), w, m.features(), m.normalization(), null);
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ModelDocument.read(ModelDocument.write(poisoned)));
        assertEquals("non-finite", e.reason());
        assertTrue(e.getMessage().contains("weight 3"), e.getMessage());
    }

    @Test
    void rejectsUnknownFormatVersion() {
        String doc = text(sample()).replace("\"format\" : 1", "\"format\" : 99");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelDocument.read(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("format", e.reason());
    }

    @Test
    void rejectsGarbage() {
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelDocument.read("{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed", e.reason());
    }

    @Test
    void genericModelShipsInTheJarAndLoads() {
        Model generic = ModelDocument.generic();
        assertEquals("generic", generic.name());
        assertTrue(generic.training().validationLoss() < 1.0, "generic model validation loss " + generic.training().validationLoss());
    }
}
