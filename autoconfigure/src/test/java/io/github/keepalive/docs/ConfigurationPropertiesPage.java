package io.github.keepalive.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.keepalive.autoconfigure.KeepAliveClientProperties;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Writes {@code docs/configuration-properties.md}, the property reference, from the
 * configuration metadata the build generates (the annotation processor's output with the
 * additional metadata merged in), so that the page cannot say what the metadata does not.
 * {@code ConfigurationPropertiesPageTests} fails when the committed page differs, and
 * rewrites it when asked to ({@value #REGENERATE}).
 */
final class ConfigurationPropertiesPage {

	/** Tests run in the module's directory. */
	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	/** The page, at the repository's root. */
	static final Path PAGE = Path.of("..", "docs", "configuration-properties.md");

	/** The system property that makes the test rewrite the page. */
	static final String REGENERATE = "keepalive.docs.regenerate";

	/** The command that rewrites the page. */
	static final String REGENERATE_COMMAND = "./mvnw -B -ntp -pl autoconfigure -am test "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConfigurationPropertiesPageTests -D" + REGENERATE
			+ "=true";

	private static final String CLIENT_PREFIX = "keepalive.";

	private ConfigurationPropertiesPage() {
	}

	/**
	 * The properties of the metadata.
	 * @return each property's metadata entry, by name
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> properties() {
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(read(METADATA));
		return (List<Map<String, Object>>) metadata.get("properties");
	}

	/**
	 * The page as the metadata says it should be.
	 * @return the Markdown
	 */
	@SuppressWarnings("unchecked")
	static String render() {
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(read(METADATA));
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.getOrDefault("hints", List.of());
		List<Map<String, Object>> perClient = new ArrayList<>();
		List<Map<String, Object>> global = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			(isPerClient(name(property)) ? perClient : global).add(property);
		}
		StringBuilder page = new StringBuilder();
		page.append("# Configuration properties\n\n");
		page.append("<!-- Generated from the configuration metadata by ConfigurationPropertiesPage ")
			.append("(autoconfigure/src/test/java/io/github/keepalive/docs): do not edit. Regenerate it with\n")
			.append("     ")
			.append(REGENERATE_COMMAND)
			.append(" -->\n\n");
		page.append("Every property of the starter, as its configuration metadata (IDE completion) ")
			.append("describes it. How\nthe default client, named clients and Spring Boot's ")
			.append("`spring.http.clients.*` combine: [configuration.md](configuration.md).\n\n");
		page.append("## Per client\n\n");
		page.append("Each is set under `keepalive.` for the default client and under ")
			.append("`keepalive.clients.<name>.` for a\nnamed client, where an unset value falls back ")
			.append("to the default client's (`base-url` excepted;\n`default-headers` are merged). ")
			.append("The names below leave out that prefix.\n\n");
		table(page, perClient, hints, true);
		page.append("\n## Application-wide\n\n");
		table(page, global, hints, false);
		return page.toString();
	}

	private static void table(StringBuilder page, List<Map<String, Object>> properties,
			List<Map<String, Object>> hints, boolean relative) {
		page.append("| property | type | default | description |\n|---|---|---|---|\n");
		properties.stream()
			.sorted(Comparator.comparing(ConfigurationPropertiesPage::name))
			.forEach((property) -> page.append("| `")
				.append(relative ? name(property).substring(CLIENT_PREFIX.length()) : name(property))
				.append("` | ")
				.append(cell(type(property)))
				.append(" | ")
				.append(cell(defaultValue(property)))
				.append(" | ")
				.append(escape(description(property) + values(name(property), hints)))
				.append(" |\n"));
	}

	static String name(Map<String, Object> property) {
		return property.get("name").toString();
	}

	/**
	 * Whether a property is one client's, settable under {@code keepalive.clients.<name>.}
	 * too.
	 * @param name the property's full name
	 * @return whether it is a client's
	 */
	static boolean isPerClient(String name) {
		if (!name.startsWith(CLIENT_PREFIX) || name.equals("keepalive.clients")) {
			return false;
		}
		String first = name.substring(CLIENT_PREFIX.length()).split("\\.")[0];
		return BeanUtils.getPropertyDescriptor(KeepAliveClientProperties.class, camelCase(first)) != null;
	}

	private static String camelCase(String kebab) {
		StringBuilder camel = new StringBuilder();
		for (String part : kebab.split("-")) {
			camel.append(camel.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		}
		return camel.toString();
	}

	private static String type(Map<String, Object> property) {
		Object type = property.get("type");
		// java.util.Map<java.lang.String,java.lang.Integer> -> Map<String,Integer>
		return (type != null) ? type.toString().replaceAll("[a-z0-9_]+\\.", "").replace('$', '.') : "";
	}

	private static String defaultValue(Map<String, Object> property) {
		Object value = property.get("defaultValue");
		if (value == null) {
			return "";
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).collect(Collectors.joining(","));
		}
		return String.valueOf(value);
	}

	private static String description(Map<String, Object> property) {
		Object description = property.get("description");
		return (description != null) ? description.toString() : "";
	}

	@SuppressWarnings("unchecked")
	private static String values(String name, List<Map<String, Object>> hints) {
		for (Map<String, Object> hint : hints) {
			if (name.equals(hint.get("name")) && hint.get("values") instanceof List<?> values && !values.isEmpty()) {
				return " Values: " + ((List<Map<String, Object>>) values).stream()
					.map((value) -> "`" + value.get("value") + "`")
					.collect(Collectors.joining(", ")) + ".";
			}
		}
		return "";
	}

	private static String cell(String value) {
		return value.isEmpty() ? "" : "`" + escape(value) + "`";
	}

	private static String escape(String text) {
		return text.replace("|", "\\|").replaceAll("\\s*\\n\\s*", " ");
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + file.toAbsolutePath().normalize(), ex);
		}
	}

	static void write(String page) {
		try {
			Files.createDirectories(PAGE.getParent());
			Files.writeString(PAGE, page, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write " + PAGE.toAbsolutePath().normalize(), ex);
		}
	}

}
