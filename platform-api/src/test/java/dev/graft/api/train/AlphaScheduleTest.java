package dev.graft.api.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The inheritance-rate schedules against their definitions. */
class AlphaScheduleTest {
    @Test
    void linearDecaysFromOneToZeroOverTki() {
        AlphaSchedule s = new AlphaSchedule.Linear(8);
        assertEquals(1.0, s.at(0));
        assertEquals(0.75, s.at(2));
        assertEquals(0.125, s.at(7));
        assertEquals(0.0, s.at(8));
        assertEquals(0.0, s.at(1000));
    }

    @Test
    void stepIsPureDistillationThenPureSelfLearning() {
        AlphaSchedule s = new AlphaSchedule.Step(3);
        assertEquals(1.0, s.at(0));
        assertEquals(1.0, s.at(2));
        assertEquals(0.0, s.at(3));
        assertEquals(0.0, new AlphaSchedule.Step(0).at(0));
    }

    @Test
    void constantStays() {
        AlphaSchedule s = new AlphaSchedule.Constant(0.5);
        assertEquals(0.5, s.at(0));
        assertEquals(0.5, s.at(99_999));
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AlphaSchedule.Linear(0));
        assertThrows(IllegalArgumentException.class, () -> new AlphaSchedule.Step(-1));
        assertThrows(IllegalArgumentException.class, () -> new AlphaSchedule.Constant(1.5));
        assertThrows(IllegalArgumentException.class, () -> new AlphaSchedule.Constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new AlphaSchedule.Linear(3).at(-1));
    }
}
