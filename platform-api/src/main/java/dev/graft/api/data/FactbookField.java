package dev.graft.api.data;

/**
 * The nine Factbook fields that the field-span QA contexts show, in context order, with the key used in
 * the bundle's {@code kb.json}, the label shown in contexts and the question template ({@code %s} is the
 * country's name).
 */
public enum FactbookField {
    /** the capital city */
    CAPITAL("capital", "Capital", "What is the capital of %s?"),
    /** the form of government */
    GOVERNMENT_TYPE("government_type", "Government type", "What type of government does %s have?"),
    /** the climate */
    CLIMATE("climate", "Climate", "What is the climate of %s like?"),
    /** the terrain */
    TERRAIN("terrain", "Terrain", "What is the terrain of %s like?"),
    /** the natural resources */
    NATURAL_RESOURCES("natural_resources", "Natural resources", "What are the natural resources of %s?"),
    /** the languages spoken */
    LANGUAGES("languages", "Languages", "What languages are spoken in %s?"),
    /** the date (and origin) of independence */
    INDEPENDENCE("independence", "Independence", "When did %s become independent?"),
    /** the national holiday */
    NATIONAL_HOLIDAY("national_holiday", "National holiday", "What is the national holiday of %s?"),
    /** the location in the world */
    LOCATION("location", "Location", "Where is %s located?");

    private final String key;
    private final String label;
    private final String question;

    FactbookField(String key, String label, String question) {
        this.key = key;
        this.label = label;
        this.question = question;
    }

    /** @return the key in {@code factbook/kb.json.gz} */
    public String key() {
        return key;
    }

    /** @return the label shown in a context, e.g. {@code "Government type"} */
    public String label() {
        return label;
    }

    /**
     * @param country a country name
     * @return the question asking for this field of that country
     */
    public String question(String country) {
        return question.formatted(country);
    }
}
