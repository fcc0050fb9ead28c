package dev.graft.api.spi;

/**
 * The version of the Graft plugin API as a whole: the value a plugin's {@code Plugin-Requires} range is tested
 * against. It equals the {@code platform-api} artifact version, without any pre-release suffix, so that a range
 * such as {@code >=0.1.0 & <0.2.0} is satisfied by the release it names.
 */
public final class GraftApi {
    /** The API version, strict semantic versioning. */
    public static final String VERSION = "0.1.0";

    private GraftApi() {
    }
}
