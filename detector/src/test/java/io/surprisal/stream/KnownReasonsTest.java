package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reasons the metrics register at 0 cover what the bad-input corpus provokes; the fuzz tests check the rest. */
class KnownReasonsTest {

    @Test
    void everyReasonOfTheBadInputCorpusIsKnown() {
        Set<String> unknown = new TreeSet<>();
        for (BadInputCorpus.Case c : new BadInputCorpus(1_700_000_000_000L).build()) {
            if (!c.scored() && !KnownReasons.DEAD_LETTERS.contains(c.expected())) {
                unknown.add(c.expected());
            }
        }
        assertEquals(Set.of(), unknown);
    }

    @Test
    void listsHaveNoDuplicates() {
        for (List<String> list : List.of(KnownReasons.DEAD_LETTERS, KnownReasons.SKIPPED_POINTS,
                KnownReasons.MODEL_REJECTIONS, KnownReasons.CONTROL_REJECTIONS)) {
            assertEquals(list.size(), new HashSet<>(list).size(), list.toString());
            assertTrue(list.stream().allMatch(reason -> reason.matches("[a-z0-9]+(-[a-z0-9]+)*")), list.toString());
        }
    }
}
