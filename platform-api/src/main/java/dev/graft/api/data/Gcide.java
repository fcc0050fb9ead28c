package dev.graft.api.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The senses of the GNU Collaborative International Dictionary of English (the 1913 Webster with later
 * additions), parsed from the dictd text that {@code graft data fetch --extended} stores as
 * {@code gcide/entries.tsv.gz}: one row per dictd entry, {@code headword TAB text}.
 *
 * <p>An entry reads {@code Bank \Bank\ (b[a^][ng]k), n. [OE. banke ...] 1. A mound ... [1913 Webster]
 * They cast up a bank ... --2 Sam. xx. 15. [1913 Webster] 2. A steep acclivity ... [1913 Webster]}: the
 * headword forms with their {@code \pronunciations\} and {@code (respellings)}, the part of speech, grammar
 * and etymology in brackets, then the senses. The text up to the first source marker ({@code [1913 Webster]},
 * {@code [PJC]}, {@code [WordNet 1.5]}, ...) is the first sense; each later stretch between two markers that
 * starts with the next sense number is another. Other stretches (quotations, notes, synonyms, run-in
 * compounds in braces) are not senses. A sense may open with a subject label such as {@code (Zool.)}.
 */
final class Gcide {
    /**
     * One sense of one entry.
     *
     * @param headword the entry's first headword as its text writes it (e.g. {@code Bank}, {@code 'Eclair})
     * @param pos      the entry's part of speech: {@code noun}, {@code verb}, {@code adj} or {@code adv}
     * @param subject  the merged, lower-case subject field of this sense ({@code zool}, {@code chem}, ...), or
     *                 {@code null} when it has no subject label
     * @param text     the definition, without its number, subject label, source marker, bracketed usage notes,
     *                 quotations and braces; accents written as plain letters
     */
    record Sense(String headword, String pos, String subject, String text) {
    }

    /** A source marker, the bracket that closes every definition and quotation: {@code [1913 Webster]}. */
    private static final Pattern MARKER = Pattern.compile("\\[[\\s+&,.\\d]*"
            + "(?:Webster|WordNet|PJC|Century|MW10|AS|RP|RDH|PC)"
            + "(?:[\\s+&,.\\d]|Webster|Suppl|WordNet|sense|PJC|Century|Dict|Dictionary|MW10|AS|RP|RDH|PC)*]");
    /** One headword form, {@code word \pro*nun"ci*a`tion\ (respelling)}; group 1 is the word. */
    private static final String FORM_TEXT = "([^\\\\\\[{]{0,80}?)\\s*\\\\[^\\\\]*\\\\\\s*"
            + "(?:\\((?:[^()]|\\([^()]*\\))*\\))?\\s*";
    private static final Pattern FORM = Pattern.compile(FORM_TEXT);
    /** A further form, after a comma, {@code or}, {@code Also} or {@code fem.} */
    private static final Pattern NEXT_FORM = Pattern.compile("(?:\\s*(?:[,;]|\\bor\\b|\\bAlso\\b|\\bfem\\.))*\\s*"
            + FORM_TEXT);
    /** A part-of-speech abbreviation such as {@code n.}, {@code v. t. & i.}; group 1. */
    private static final Pattern POS = Pattern.compile("[\\s,.]*((?:[a-z]+\\.\\s*(?:&\\s*)?)+)");
    /** Inflected forms after the part of speech: {@code ; pl. {Halves} (h[aum]vz).}, {@code ; superl. of Mid.} */
    private static final Pattern FORMS_AFTER_POS = Pattern.compile("[;:,]\\s*(?:(?:[A-Z][a-z]*\\.\\s*)?"
            + "(?:pl|sing|superl|compar|fem|masc)\\.|[A-Z][a-z]?\\.)\\s*(?:of\\s+)?"
            + "(?:(?:\\{[^{}]*}|[\\w'-]+)\\s*(?:\\([^()]*\\)\\s*)?(?:,|or|&)?\\s*){1,4}\\.?");
    private static final Pattern SENSE_NUMBER = Pattern.compile("^(\\d+)\\.\\s");
    /** Accent and symbol codes: {@code [a^]}, {@code ['e]}, {@code ["o]}, {@code [ae]}, {@code [deg]}. */
    private static final Pattern ACCENT = Pattern.compile("\\[([\\^=~'`\".,*-]*)([A-Za-z]{1,6})(\\^?)]");
    /** Codes that are not one marked letter, and what they become. */
    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("ae", "ae"), Map.entry("AE", "AE"),
            Map.entry("oe", "oe"), Map.entry("OE", "OE"), Map.entry("oo", "oo"), Map.entry("th", "th"),
            Map.entry("ng", "ng"), Map.entry("eth", "th"), Map.entry("thorn", "th"), Map.entry("imac", "i"),
            Map.entry("aum", "a"), Map.entry("asl", "a"), Map.entry("add", "a"), Map.entry("udd", "u"),
            Map.entry("yogh", "y"), Map.entry("dsdot", "d"), Map.entry("deg", "\u00b0"), Map.entry("sect", "\u00a7"),
            Map.entry("pounds", "\u00a3"));
    /** Innermost brackets: usage notes ({@code [Obs.]}), a sense's own etymology. */
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
    /** Punctuation, and a {@code pl.} or {@code sing. & pl.} that says which number a sense is of. */
    private static final Pattern LEAD = Pattern.compile("^[\\s.,;:>&]*(?:(?:pl|sing)\\.[\\s&]*)*");
    /** Where the definition proper ends: a citation, a derived form, synonyms, a note or a run-in compound. */
    private static final Pattern TAIL = Pattern.compile("(?=[-SN.])(?:(?<!\\S)--(?:(?=[^\\s-])|\\s*\\{"
            + "|\\s+(?:n|a|adj|adv|v|pl|prop)\\.\\s)|\\bSyn[.:]|\\bNote:|\\.\\s+\\{[^{}]+}\\s*(?:\\([^()]*\\)\\s*)?,)");
    /** A label inside a definition, e.g. before a sub-sense: {@code (b) (Zool.) ...}; group 1. */
    private static final Pattern LABEL = Pattern.compile("\\(([A-Z][^()]{1,30})\\)\\s*");
    /** A sub-sense letter or number: {@code (a)}, {@code (2)}, {@code (iv)}. */
    private static final Pattern SUB_SENSE = Pattern.compile("(?<!\\S)\\((?:[a-z]|\\d+|[ivx]+)\\)\\s*");
    /** Unmatched brackets, and a source marker that lacks its opening bracket. */
    private static final Pattern STRAY = Pattern.compile("(?:\\b(?:WordNet 1\\.5|PJC|1913 Webster)\\s*)?]|\\[");
    private static final Pattern QUOTE_AT_END = Pattern.compile("\"[^\"]*\"[.!?]?\\s*$");

    private Gcide() {
    }

    /**
     * Parses every entry.
     *
     * @param rows the rows of {@code entries.tsv.gz}, each {@code {headword, text}}
     * @return every sense of every noun, verb, adjective and adverb entry, in file order
     */
    static List<Sense> senses(List<String[]> rows) {
        List<Sense> out = new ArrayList<>();
        for (String[] row : rows) {
            entry(row[1], out);
        }
        return out;
    }

    /** Adds the senses of one entry text; a text without a header or of another part of speech adds none. */
    private static void entry(String text, List<Sense> out) {
        Header h = header(text);
        if (h == null) {
            return;
        }
        Matcher marker = MARKER.matcher(text);
        int expected = 1;
        for (int start = h.body(); start <= text.length(); ) {
            boolean marked = nextMarker(marker, text, start);
            String chunk = text.substring(start, marked ? marker.start() : text.length()).strip();
            if (start > h.body() && header(chunk) != null) {
                entry(text.substring(start).strip(), out);
                return;
            }
            Matcher n = SENSE_NUMBER.matcher(chunk);
            boolean numbered = n.find() && Integer.parseInt(n.group(1)) == expected;
            if (numbered || expected == 1) {
                String definition = chunk.substring(numbered ? n.end() : 0);
                if (sense(h.headword(), h.pos(), definition, out) || numbered) {
                    expected++;
                }
            }
            start = marked ? marker.end() : text.length() + 1;
        }
    }

    /** The start of an entry: its first headword, its part of speech and where its senses begin. */
    private record Header(String headword, String pos, int body) {
    }

    /**
     * Reads the headword forms, the part of speech, inflected forms, grammar and etymology.
     *
     * @return the header, or {@code null} when the text has none, when its part of speech is not one of the
     *         four, or when its forms are given different parts of speech
     */
    private static Header header(String text) {
        int slash = text.indexOf('\\');
        Matcher m = FORM.matcher(text);
        if (slash < 0 || slash > 90 || !m.lookingAt() || m.group(1).isBlank()) {
            return null;
        }
        String pos = null;
        Matcher p = POS.matcher(text);
        Matcher inflected = FORMS_AFTER_POS.matcher(text);
        for (int at = m.end(); ; ) {
            int next = moreForms(text, at);
            if ((pos == null || next > at) && p.region(next, text.length()).lookingAt()) {
                String c = pos(p.group(1));
                if (c == null || (pos != null && !pos.equals(c))) {
                    return null;
                }
                pos = c;
                next = p.end();
            }
            next = inflected.region(next, text.length()).lookingAt() ? inflected.end() : next;
            next = skipBrackets(text, next);
            if (next == at) {
                return pos == null ? null : new Header(m.group(1).strip(), pos, next);
            }
            at = next;
        }
    }

    /** @return the index after the further headword forms that follow {@code at} */
    private static int moreForms(String text, int at) {
        for (Matcher m = NEXT_FORM.matcher(text); ; at = m.end()) {
            int slash = text.indexOf('\\', at);
            if (slash < 0 || slash - at > 90 || !m.region(at, text.length()).lookingAt() || m.group(1).isBlank()
                    || m.group(1).contains(".")) {
                return at;
            }
        }
    }

    /** @return the index after the brackets, stray punctuation and spaces that start at {@code at} */
    private static int skipBrackets(String text, int at) {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c) || "].,;:".indexOf(c) >= 0) {
                at++;
            } else if (c == '[' && !MARKER.matcher(text).region(at, text.length()).lookingAt()
                    && close(text, at, '[', ']') > 0) {
                at = close(text, at, '[', ']') + 1;
            } else {
                return at;
            }
        }
        return at;
    }

    /** @return whether {@code text} has a source marker at or after {@code from}; if so {@code marker} holds it */
    private static boolean nextMarker(Matcher marker, String text, int from) {
        for (int i = text.indexOf('[', from); i >= 0; i = text.indexOf('[', i + 1)) {
            if (marker.region(i, text.length()).lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /** @return the index of the bracket that closes the one at {@code open}, or -1 */
    private static int close(String s, int open, char left, char right) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == left) {
                depth++;
            } else if (c == right && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds one sense from its text after the number, unless nothing is left once it is cleaned. The first
     * subject label among the labels that open it is the sense's subject.
     *
     * @return whether a sense was added
     */
    private static boolean sense(String headword, String pos, String raw, List<Sense> out) {
        String s = accents(raw);
        while (s.indexOf('[') >= 0 && BRACKETS.matcher(s).find()) {
            s = BRACKETS.matcher(s).replaceAll(" ");
        }
        s = LEAD.matcher(s).replaceFirst("");
        String subject = null;
        for (int end; s.startsWith("(") && (end = close(s, 0, '(', ')')) > 0 && end <= 40; ) {
            subject = subject == null ? subject(s.substring(1, end)) : subject;
            s = LEAD.matcher(s.substring(end + 1)).replaceFirst("");
        }
        Matcher tail = TAIL.matcher(s);
        if (tail.find()) {
            s = s.substring(0, tail.start() + (s.charAt(tail.start()) == '.' ? 1 : 0));
        }
        if (s.indexOf('(') >= 0) {
            s = LABEL.matcher(s).replaceAll(r -> subject(r.group(1)) != null ? ""
                    : Matcher.quoteReplacement(r.group()));
            s = SUB_SENSE.matcher(s).replaceAll("");
        }
        if (s.indexOf('[') >= 0 || s.indexOf(']') >= 0) {
            s = STRAY.matcher(s).replaceAll("");
        }
        s = tidy(s);
        if (s.indexOf('"') >= 0) {
            s = tidy(QUOTE_AT_END.matcher(s).replaceAll(""));
        }
        if (s.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        out.add(new Sense(headword, pos, subject, s));
        return true;
    }

    /**
     * Drops braces, collapses white space, removes spaces before punctuation, and removes a dangling
     * {@code ; as,} or punctuation mark at the end (left where a quotation was cut off).
     */
    private static String tidy(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (c == '{' || c == '}' || space && (b.isEmpty() || b.charAt(b.length() - 1) == ' ')) {
                continue;
            }
            if (";,.:".indexOf(c) >= 0 && !b.isEmpty() && b.charAt(b.length() - 1) == ' ') {
                b.setLength(b.length() - 1);
            }
            b.append(space ? ' ' : c);
        }
        while (!b.isEmpty() && " ;:,".indexOf(b.charAt(b.length() - 1)) >= 0) {
            b.setLength(b.length() - 1);
        }
        String t = b.toString();
        return t.endsWith("; as") || t.endsWith(", as") ? tidy(t.substring(0, t.length() - 4)) : t;
    }

    /**
     * Maps a part-of-speech abbreviation to a class.
     *
     * @param abbreviation e.g. {@code n.}, {@code v. t. & i.}, {@code a. & n.}, {@code prop. n. pl.}
     * @return {@code noun} (also proper nouns), {@code verb}, {@code adj} (also participial adjectives) or
     *         {@code adv}; {@code null} for other parts of speech and for abbreviations that name two classes
     */
    static String pos(String abbreviation) {
        String found = null;
        for (String part : abbreviation.split("&")) {
            String[] w = part.strip().split("\\s+");
            int i = w[0].equals("prop.") || w[0].equals("pr.") || w[0].equals("pred.") ? 1 : 0;
            String c = switch (i < w.length ? w[i] : "") {
                case "n.", "pl.", "sing." -> "noun";
                case "v.", "t.", "i." -> "verb";
                case "a.", "adj." -> "adj";
                case "p." -> w.length > i + 1 && w[i + 1].equals("a.") ? "adj" : null;
                case "adv." -> "adv";
                default -> null;
            };
            if (c == null || (found != null && !found.equals(c))) {
                return null;
            }
            found = c;
        }
        return found;
    }

    /**
     * Maps a subject label to its merged subject field (see the merge table at the end of this class).
     *
     * @param rawLabel the label as written between the parentheses, e.g. {@code Physiol. Chem.}, {@code Geom.},
     *                 {@code Zo["o]l.}; labels joined by {@code &}, {@code and} or a comma map to their common field
     * @return the field in lower case, e.g. {@code chem}, {@code math}; {@code null} when the label is not a
     *         subject field (usage notes such as {@code Obs.} or {@code Colloq.}, sub-sense letters) or when
     *         joined labels belong to different fields
     */
    static String subject(String rawLabel) {
        String found = null;
        for (String part : accents(rawLabel).split("&|,|\\band\\b")) {
            String k = key(part);
            String field = k.endsWith("law") || k.endsWith("laws") ? "law" : SUBJECTS.get(k);
            if (field == null || (found != null && !found.equals(field))) {
                return null;
            }
            found = field;
        }
        return found;
    }

    /** A pronunciation between backslashes with the respelling in parentheses that may follow it. */
    private static final Pattern PRONUNCIATION = Pattern.compile("\\s*\\\\[^\\\\]*\\\\\\s*(?:\\([^()]*\\))?");

    /**
     * @param entry an entry's text
     * @return the entry as prose for pre-training: without pronunciations, respellings and source markers, accent
     *     codes as plain letters, cross-reference braces dropped; etymologies and quotations kept
     */
    static String plainText(String entry) {
        String s = MARKER.matcher(PRONUNCIATION.matcher(entry).replaceAll("")).replaceAll(" ");
        s = accents(s).replace("{", "").replace("}", "");
        return s.replaceAll("\\s+", " ").replaceAll(" ([,.;:])", "$1").strip();
    }

    /** @return the text with accent codes as plain letters ({@code ['e]} → {@code e}) and symbol codes as symbols */
    private static String accents(String s) {
        if (s.indexOf('[') < 0) {
            return s;
        }
        return ACCENT.matcher(s).replaceAll(r -> {
            String named = NAMED.get(r.group(2));
            boolean marked = !r.group(1).isEmpty() || !r.group(3).isEmpty();
            return Matcher.quoteReplacement(named != null ? named
                    : marked && r.group(2).length() <= 2 ? r.group(2) : r.group());
        });
    }

    /** @return a label in lower case without spaces or a final dot: {@code Physiol. Chem.} → {@code physiol.chem} */
    private static String key(String label) {
        String k = label.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return k.endsWith(".") ? k.substring(0, k.length() - 1) : k;
    }

    /**
     * The merge table: a subject field, then the labels merged into it as the text writes them (accents as
     * plain letters). Spelling variants and sub-fields go to their parent field; besides these, every label
     * ending in {@code Law} ({@code Mar. Law}, {@code O. Eng. Law}, {@code Scots Law}, ...) is {@code law}.
     */
    private static final String TABLE = """
            zool: Zool.; Zoology; Zoo.
            bot: Bot.; Botany; Bott.; Hort.; Plant Physiol.; Physiol. Bot.
            chem: Chem.; Chemistry; Physiol. Chem.; Physiological Chem.; Phisiol. Chem.; Old Chem.; O. Chem.; \
              Anc. Chem.; Org. Chem.; Organic Chem.; Biochem.; Biochemistry; Bioch.; Biol. Chem.; Alchem.; \
              Alchemy; Med. Chem.; Old Med. Chem.; Min. Chem.; Old Min. Chem.; Bot. Chem.; Elec. Chem.; \
              Phys. Chem.; Physical Chemistry
            med: Med.; Medicine; Old Med.; Surg.; Surgery; Pharm.; Pharmacy; Old Pharm.; Old Pharmacy; Pathol.; \
              Pathology; Veter. Med.
            anat: Anat.; Anatomy; Old Anat.; Comp. Anat.
            physiol: Physiol.; Physiology
            naut: Naut.; Nautical; Nav.; Navig.; Navigation; Naval; Navy; Shipbuilding; Ship Carp.; Nav. Arch.
            min: Min.; Mineral.; Mineralogy; Miner.; Crystallog.; Crystallography
            biol: Biol.; Biology; Genetics; Cell Biol.; Cell Biology; Microbiol.; Microbiology; \
              Molecular biology; Molecular genetics; Embryol.; Embryology; Cytology
            mus: Mus.; Music; Anc. Mus.; Gr. Mus.
            arch: Arch.; Architecture; Anc. Arch.; Gothic Arch.; Doric Arch.; Eccl. Arch.; Indian Arch.; \
              Mil. Arch.
            mil: Mil.; Military; Fort.; Anc. Fort.; Gun.; Gunnery; Mil. Antiq.; Firearms; Armor; Anc. Armor; \
              Ancient Armor; Mediaeval Armor; Anc. Mil.; U. S. Mil.
            physics: Physics; Phys.; Opt.; Optics; Elec.; Elect.; Electricity; Acoustics; Acous.; Magnetism; \
              Thermodynamics; Theoretical physics
            her: Her.; Heraldry
            geol: Geol.; Geology; Paleon.; Paleont.; Paleontology
            math: Math.; Mathematics; Geom.; Geometry; Gr. Geom.; Alg.; Algebra; Higher Alg.; Arith.; Trig.; \
              Spherical Trig.; Calculus; Integral Calculus; Spherics
            astron: Astron.; Astronomy; Anc. Astron.; Old Astron.; Ptolemaic Astron.; Astrophysics
            mining: Mining; Coal Mining; Cornish Mines
            gram: Gram.; Grammar; Gr. Gram.; Greek Gram.; Lat. Gram.; AS. Gram.; Arabic Gram.; Pros.; Prosody; \
              Gr. Pros.; Lat. Pros.; Anc. Pros.; Phon.; Phonetics; Phonology; Philol.; Linguistics
            eccl: Eccl.; Eccles.; Eccl. Hist.; Eng. Eccl. Hist.; Fr. Eccl. Hist.; Eccl. Antiq.; Eccl. Costume; \
              R. C. Ch.; Gr. Ch.; Ch. of Eng.; Ch. of England; Eng. Ch.; Scotch Ch.; Ch. of Scot.; \
              Presbyterian Ch.; Mormon Ch.; M. E. Ch.; Prot. Epis. Ch.
            mech: Mech.; Mach.; Mechanics; Machinery; Engin.; Engineering; Civil Engin.; Civ. Engin.; \
              Civil Engineering; Steam Engine; Steam Engines; Steam Engin.; Steam Mach.; Hydraul. Engin.; \
              Hydraulic Engin.; Marine Engin.; Railway Engin.; Railroad Mach.; Kinematics
            print: Print.; Printing; Typog.
            ethnol: Ethnol.; Ethnology; Ethn.; Anthropol.; Anthropology
            antiq: Antiq.; Rom. Antiq.; Gr. Antiq.; Jewish Antiq.
            myth: Myth.; Class. Myth.; Gr. Myth.; Rom. Myth.; Scand. Myth.; Scandinavian Myth.; Northern Myth.; \
              Hindu Myth.; Hind. Myth.; Mediaeval Myth.
            theol: Theol.; Scholastic Theol.; Christian Theol.
            script: Script.
            rhet: Rhet.
            logic: Logic
            metaph: Metaph.
            philos: Philos.
            psychol: Psychol.
            com: Com.; Commerce
            finance: Finance; Stock Exchange; Stock Exch.
            cookery: Cookery
            far: Far.; Farriery
            man: Man.
            metal: Metal.; Metallurgy
            photog: Photog.
            carp: Carp.
            masonry: Masonry
            finearts: Fine Arts
            paint: Paint.; Painting
            computers: Computers
            electronics: Electronics
            aeronautics: Aeronautics
            geog: Geog.; Geography; Phys. Geog.; Physical Geog.
            meteor: Meteor.; Meteorol.
            astrol: Astrol.
            agric: Agric.
            falconry: Falconry
            baseball: Baseball
            cricket: Cricket
            football: Football
            golf: Golf
            cards: Card Playing
            """;

    /** The merge table keyed by {@link #key} of each label. */
    private static final Map<String, String> SUBJECTS = subjects();

    private static Map<String, String> subjects() {
        Map<String, String> m = new HashMap<>();
        for (String line : TABLE.split("\n")) {
            int colon = line.indexOf(':');
            for (String label : line.substring(colon + 1).split(";")) {
                m.put(key(label), line.substring(0, colon).strip());
            }
        }
        return Map.copyOf(m);
    }
}
