package dev.graft.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.registry.install.Lockfile;
import dev.graft.registry.install.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged lockfile, registry list or index is refused with the place and the fault in words. */
class JsonProblemsTest {
    @TempDir
    Path dir;

    @Test
    void aTruncatedLockfileNamesWhereItBreaksAndHowToRecover() throws Exception {
        Path lock = dir.resolve("plugins.lock");
        Files.writeString(lock, "{\n  \"schema\": 1,\n  \"plugins\": [\n    {\n      \"id\": \"ki-plu");
        RefusedException e = assertThrows(RefusedException.class, () -> Lockfile.read(lock));
        assertEquals(RefusedException.Reason.MALFORMED, e.reason());
        assertEquals(lock + ": not a valid lockfile (syntax error (unterminated string) at line 5 column 20"
                + " ($.plugins[0].id)); graft plugin install, update and remove write it: restore it from a backup,"
                + " or move it aside and install the plugins again", e.getMessage());
    }

    @Test
    void aValueOfTheWrongShapeIsNamedWithItsPath() throws Exception {
        Path list = dir.resolve("registries.json");
        Files.writeString(list, "[1");
        RefusedException e = assertThrows(RefusedException.class, () -> RegistryConfig.read(list));
        assertEquals(list + ": not a valid registry list (expected an object but found an array at line 1 column 2"
                + " ($)); graft registry add and remove write it", e.getMessage());
    }

    @Test
    void anIndexThatEndsEarlySaysSoWithoutGsonsWording() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> PluginIndex.parse("{\"schema\": 1, \"plugins\": [".getBytes(StandardCharsets.UTF_8), "plugins.json"));
        assertEquals("plugins.json: not a valid index (it ends early at line 1 column 27 ($.plugins[0]))", e.getMessage());
        assertFalse(e.getMessage().contains("gson") || e.getMessage().contains("Exception"), e.getMessage());
    }
}
