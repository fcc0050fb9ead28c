package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GCIDE parser on entry lines copied from {@code gcide/entries.tsv.gz}, with results read off by hand. */
class GcideTest {
    private static final String BANK_NOUN = "Bank\tBank \\Bank\\ (b[a^][ng]k), n. [OE. banke; akin to E. bench, and "
            + "prob. of Scand. origin; cf. Icel. bakki. See {Bench}.] 1. A mound, pile, or ridge of earth, raised "
            + "above the surrounding level; hence, anything shaped like a mound or ridge of earth; as, a bank of "
            + "clouds; a bank of snow. [1913 Webster] They cast up a bank against the city. --2 Sam. xx. 15. [1913 "
            + "Webster] 2. A steep acclivity, as the slope of a hill, or the side of a ravine. [1913 Webster] 3. The "
            + "margin of a watercourse; the rising ground bordering a lake, river, or sea, or forming the edge of a "
            + "cutting, or other hollow. [1913 Webster] Tiber trembled underneath her banks. --Shak. [1913 Webster] "
            + "4. An elevation, or rising ground, under the sea; a shoal, shelf, or shallow; as, the banks of "
            + "Newfoundland. [1913 Webster] 5. (Mining) (a) The face of the coal at which miners are working. (b) A "
            + "deposit of ore or coal, worked by excavations above water level. (c) The ground at the top of a shaft; "
            + "as, ores are brought to bank. [1913 Webster] 6. (A[\"e]ronautics) The lateral inclination of an "
            + "a[\"e]roplane as it rounds a curve; as, a bank of 45[deg] is easy; a bank of 90[deg] is dangerous. "
            + "[Webster 1913 Suppl.] 7. A group or series of objects arranged near together; as, a bank of electric "
            + "lamps, etc. [Webster 1913 Suppl.] 8. The tilt of a roadway or railroad, at a curve in the road, "
            + "designed to counteract centrifugal forces acting on vehicles moving rapiudly around the curve, thus "
            + "reducing the danger of overturning during a turn. [PJC] {Bank beaver} (Zool.), the otter. [Local, "
            + "U.S.] {Bank swallow}, a small American and European swallow ({Clivicola riparia}) that nests in a hole "
            + "which it excavates in a bank. [1913 Webster]";

    private static final String BANK_VERB = "Bank\tBank \\Bank\\, v. t. [imp. & p. p. {Banked}(b[a^][ng]kt); p. pr. & "
            + "vb. n. {Banking}.] 1. To raise a mound or dike about; to inclose, defend, or fortify with a bank; to "
            + "embank. \"Banked well with earth.\" --Holland. [1913 Webster] 2. To heap or pile up; as, to bank sand. "
            + "[1913 Webster] 3. To pass by the banks of. [Obs.] --Shak. [1913 Webster] 4. (Engineering) To build (a "
            + "roadway or railroad) with an inclination at a curve in the road, so as to counteract centrifugal "
            + "forces acting on vehicles moving rapiudly around the curve, thus reducing the danger of vehicles "
            + "overturning at a curve; as, the raceway was steeply banked at the curves. [PJC] {To bank a fire}, {To "
            + "bank up a fire}, to cover the coals or embers with ashes or cinders, thus keeping the fire low but "
            + "alive. [1913 Webster]";

    private static final String ECLAIR = "'Eclair\t'Eclair \\['E]`clair\"\\, n. [F.] (Cookery) A kind of frosted cake, "
            + "containing flavored cream. [1913 Webster]";

    private static final String ACNODE = "Acnode\tAcnode \\Ac\"node\\, n. [L. acus needle + E. node.] (Geom.) An "
            + "isolated point not upon a curve, but whose co[\"o]rdinates satisfy the equation of the curve so that "
            + "it is considered as belonging to the curve. [1913 Webster]";

    private static final String AMYLOPSIN = "Amylopsin\tAmylopsin \\Am`y*lop\"sin\\, n. [Amylum + Gr. ? appearance.] "
            + "(Physiol. Chem.) The diastase of the pancreatic juice. [Webster 1913 Suppl.]";

    private static final String SDEATH = "'Sdeath\t'Sdeath \\'Sdeath\\, interj. [Corrupted fr. God's death.] An "
            + "exclamation expressive of impatience or anger. --Shak. [1913 Webster]";

    private static final String ALT = "Alt\tAlt \\Alt\\, a. & n. [See {Alto}.] (Mus.) The higher part of the scale. "
            + "See {Alto}. [1913 Webster] {To be in alt}, to be in an exalted state of mind. [1913 Webster] Altaian";

    private static final String CASCARA = "Cascara buckthorn\tCascara buckthorn \\Cas\"ca*ra buck\"thorn`\\ (Bot.) The "
            + "buckthorn ({Rhamnus Purshiana}) of the Pacific coast of the United States, which yields {cascara "
            + "sagrada}. [Webster 1913 Suppl.]";

    private static final String NIPPINGLY = "Nippingly\tNippingly \\Nip\"ping*ly\\, adv. In a nipping manner. [1913 "
            + "Webster]";

    private static final String LUXE = "'Edition de luxe\tLuxe \\Luxe\\, n. [L. luxus: cf. F. luxe.] Luxury. [Obs.] "
            + "--Shenstone. [1913 Webster] {['E]dition de luxe}n. [F.] (Printing) A sumptuous edition as regards "
            + "paper, illustrations, binding, etc. [1913 Webster]";

    private static List<Gcide.Sense> parse(String... lines) {
        return Gcide.senses(Arrays.stream(lines).map(l -> l.split("\t", 2)).toList());
    }

    private static Gcide.Sense sense(String headword, String pos, String subject, String text) {
        return new Gcide.Sense(headword, pos, subject, text);
    }

    @Test
    void numberedSensesEndAtTheirSourceMarker() {
        List<Gcide.Sense> s = parse(BANK_NOUN);
        assertEquals(8, s.size());
        assertEquals(sense("Bank", "noun", null, "A mound, pile, or ridge of earth, raised above the surrounding "
                + "level; hence, anything shaped like a mound or ridge of earth; as, a bank of clouds; a bank of "
                + "snow."), s.get(0));
        assertEquals(sense("Bank", "noun", null, "A steep acclivity, as the slope of a hill, or the side of a ravine."),
                s.get(1));
        assertEquals(sense("Bank", "noun", null, "The margin of a watercourse; the rising ground bordering a lake, "
                + "river, or sea, or forming the edge of a cutting, or other hollow."), s.get(2));
        assertEquals(sense("Bank", "noun", null, "A group or series of objects arranged near together; as, a bank of "
                + "electric lamps, etc."), s.get(6));
    }

    @Test
    void subSensesStayInOneSenseUnderTheirLabel() {
        Gcide.Sense mining = parse(BANK_NOUN).get(4);
        assertEquals(sense("Bank", "noun", "mining", "The face of the coal at which miners are working. A deposit "
                + "of ore or coal, worked by excavations above water level. The ground at the top of a shaft; as, ores "
                + "are brought to bank."), mining);
    }

    @Test
    void accentCodesBecomeLettersAndSymbols() {
        assertEquals(sense("Bank", "noun", "aeronautics", "The lateral inclination of an aeroplane as it rounds a "
                + "curve; as, a bank of 45° is easy; a bank of 90° is dangerous."), parse(BANK_NOUN).get(5));
    }

    @Test
    void quotationsAndRunInCompoundsAreNotSenses() {
        for (Gcide.Sense s : parse(BANK_NOUN, BANK_VERB, LUXE)) {
            for (String quoted : List.of("against the city", "Tiber", "otter", "swallow", "Banked well", "coals",
                    "Shenstone", "sumptuous", "--")) {
                assertFalse(s.text().contains(quoted), s.text());
            }
        }
    }

    @Test
    void verbSensesKeepTheirLabelsAndLoseUsageNotes() {
        assertEquals(List.of(
                sense("Bank", "verb", null, "To raise a mound or dike about; to inclose, defend, or fortify with a "
                        + "bank; to embank."),
                sense("Bank", "verb", null, "To heap or pile up; as, to bank sand."),
                sense("Bank", "verb", null, "To pass by the banks of."),
                sense("Bank", "verb", "mech", "To build (a roadway or railroad) with an inclination at a curve in the "
                        + "road, so as to counteract centrifugal forces acting on vehicles moving rapiudly around the "
                        + "curve, thus reducing the danger of vehicles overturning at a curve; as, the raceway was "
                        + "steeply banked at the curves.")), parse(BANK_VERB));
    }

    @Test
    void anUnnumberedSenseIsTheTextAfterTheEtymology() {
        assertEquals(List.of(
                sense("'Eclair", "noun", "cookery", "A kind of frosted cake, containing flavored cream."),
                sense("Acnode", "noun", "math", "An isolated point not upon a curve, but whose coordinates satisfy the "
                        + "equation of the curve so that it is considered as belonging to the curve."),
                sense("Amylopsin", "noun", "chem", "The diastase of the pancreatic juice."),
                sense("Nippingly", "adv", null, "In a nipping manner.")),
                parse(ECLAIR, ACNODE, AMYLOPSIN, NIPPINGLY));
    }

    @Test
    void theHeadwordIsTheTextsNotTheIndexWords() {
        assertEquals(List.of(sense("Luxe", "noun", null, "Luxury.")), parse(LUXE));
    }

    @Test
    void otherPartsOfSpeechAndEntriesWithoutOneAreSkipped() {
        assertEquals(List.of(), parse(SDEATH, ALT, CASCARA));
    }

    @Test
    void labelsMergeIntoFields() {
        assertEquals("chem", Gcide.subject("Physiol. Chem."));
        assertEquals("math", Gcide.subject("Geom."));
        assertEquals("zool", Gcide.subject("Zo[\"o]l."));
        assertEquals("zool", Gcide.subject("Zool"));
        assertEquals("law", Gcide.subject("Mar. Law"));
        assertEquals("law", Gcide.subject("O. Eng. Law"));
        assertEquals("eccl", Gcide.subject("R. C. Ch."));
        assertEquals("mech", Gcide.subject("Mach."));
        assertEquals("med", Gcide.subject("Med. & Surg."));
        assertNull(Gcide.subject("Bot. & Zool."));
        assertNull(Gcide.subject("Obs."));
        assertNull(Gcide.subject("Colloq."));
        assertNull(Gcide.subject("Prov. Eng."));
        assertNull(Gcide.subject("a"));
    }

    @Test
    void partsOfSpeechMapToFourClasses() {
        assertEquals("noun", Gcide.pos("n."));
        assertEquals("noun", Gcide.pos("n. pl."));
        assertEquals("noun", Gcide.pos("prop. n."));
        assertEquals("verb", Gcide.pos("v. t. & i."));
        assertEquals("verb", Gcide.pos("v. i."));
        assertEquals("adj", Gcide.pos("a."));
        assertEquals("adj", Gcide.pos("adj."));
        assertEquals("adv", Gcide.pos("adv."));
        assertNull(Gcide.pos("a. & n."));
        assertNull(Gcide.pos("imp. & p. p."));
        assertNull(Gcide.pos("interj."));
    }

    @Test
    void plainTextDropsPronunciationsAndSourceMarkersAndKeepsTheProse() {
        assertEquals("'Ecart'e, n. [F., prop. p. p. fr. ecarter to reject, discard.] A game at cards for two persons, with "
                + "32 cards, ranking K, Q, J, A, 10, 9, 8, 7. Five cards are dealt each player, and the 11th turned as "
                + "trump. Five points constitute a game.", Gcide.plainText("'Ecart'e \\['E]`car`t['e]\"\\, n. [F., prop. "
                + "p. p. fr. ['e]carter to reject, discard.] A game at cards for two persons, with 32 cards, ranking K, Q, "
                + "J, A, 10, 9, 8, 7. Five cards are dealt each player, and the 11th turned as trump. Five points "
                + "constitute a game. [Webster 1913 Suppl.]"));
        assertEquals("Bank, v. t. To deposit in a bank. --Johnson.",
                Gcide.plainText("Bank \\Bank\\, v. t. To deposit in a bank. --Johnson. [1913 Webster]"));
        assertEquals("Abandon, n. [F. See Abandon.] A complete giving up to natural impulses.",
                Gcide.plainText("Abandon \\A`ban`don\"\\ ([.a]`b[aum]N`d[^o]N\"), n. [F. See {Abandon}.] A complete "
                        + "giving up to natural impulses. [1913 Webster]"));
    }
}
