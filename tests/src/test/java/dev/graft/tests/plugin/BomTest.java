package dev.graft.tests.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.GraftApi;
import dev.graft.runtime.cli.GraftVersion;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The versions plugin authors build against agree with each other and with the build. */
class BomTest {
    private static String xpath(Path pom, String expr) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return XPathFactory.newInstance().newXPath().evaluate(expr, d).trim();
    }

    @Test
    void bomApiAndHostVersionsAreTheBuildVersion() throws Exception {
        Path root = Path.of(Graft.prop("graft.repo.root"));
        String version = Graft.prop("graft.project.version");
        assertEquals(version, xpath(root.resolve("graft-bom/pom.xml"), "/project/version"));
        assertEquals(version, xpath(root.resolve("graft-bom/pom.xml"), "/project/properties/graft.version"));
        assertEquals(version, GraftApi.VERSION, "the API version plugins' Plugin-Requires is tested against");
        assertEquals(version, GraftVersion.VERSION);
        assertTrue(xpath(root.resolve("pom.xml"), "/project/modules").contains("graft-bom"));
    }
}
