package io.flagbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module of the build that is published (not {@code maven.deploy.skip}) is in the three lists that name them:
 * the BOM's {@code dependencyManagement}, the modules {@code .ci/reproducible} packages twice, and the release
 * command of docs/releasing.md. A new published module missing from one of them fails here.
 */
class PublishedModulesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theBomTheReproducibilityCheckAndTheReleaseCommandNameEveryPublishedModule() throws Exception {
        Set<String> folders = new TreeSet<>();
        Set<String> jars = new TreeSet<>();
        for (String module : texts(ROOT.resolve("pom.xml"), "/project/modules/module")) {
            Path pom = ROOT.resolve(module).resolve("pom.xml");
            if (!texts(pom, "/project/properties/maven.deploy.skip").contains("true")) {
                folders.add(module);
                if (!module.equals("bom")) {
                    jars.addAll(texts(pom, "/project/artifactId"));
                }
            }
        }
        assertThat(folders).contains("bom", "extension", "interceptor");

        Path bom = ROOT.resolve("bom/pom.xml");
        assertThat(texts(bom, "/project/dependencyManagement/dependencies/dependency/artifactId"))
                .containsExactlyInAnyOrderElementsOf(jars);
        assertThat(texts(bom, "/project/dependencyManagement/dependencies/dependency/version"))
                .containsOnly("${project.version}");
        assertThat(commaList(".ci/reproducible", "^published=(\\S+)$")).isEqualTo(folders);
        assertThat(commaList("docs/releasing.md", " -pl (\\S+) -am deploy$")).isEqualTo(folders);
    }

    private static List<String> texts(Path pom, String xpath) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }

    private static Set<String> commaList(String file, String regex) throws IOException {
        Matcher line = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(ROOT.resolve(file)));
        assertThat(line.find()).as("%s has a line matching %s", file, regex).isTrue();
        return new TreeSet<>(Arrays.asList(line.group(1).split(",")));
    }
}
