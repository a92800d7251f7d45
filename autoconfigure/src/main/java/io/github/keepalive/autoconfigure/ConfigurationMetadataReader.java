package io.github.keepalive.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.json.BasicJsonParser;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Reads the properties under a prefix, with their types, from the configuration metadata
 * on the classpath: every {@code META-INF/spring-configuration-metadata.json} (generated
 * by the annotation processor) merged with every
 * {@code META-INF/additional-spring-configuration-metadata.json}.
 */
final class ConfigurationMetadataReader {

	static final List<String> LOCATIONS = List.of("META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json");

	private ConfigurationMetadataReader() {
	}

	/**
	 * The properties whose names start with the prefix.
	 * @param classLoader the class loader to read the metadata with
	 * @param prefix the prefix, e.g. {@code keepalive.}
	 * @return the type of each property by name (empty when the metadata has none or cannot
	 * be read)
	 */
	static Map<String, String> read(ClassLoader classLoader, String prefix) {
		Map<String, String> types = new TreeMap<>();
		JsonParser parser = JsonParserFactory.getJsonParser();
		if (parser instanceof BasicJsonParser) {
			// It cannot read pretty-printed JSON: without Jackson (which the starter brings) or
			// Gson, no property is known rather than the wrong ones
			return types;
		}
		for (String location : LOCATIONS) {
			for (URL url : resources(classLoader, location)) {
				String json = read(url);
				// Boot's own files are large and never hold our prefix: parse only the ones that may
				if (json.contains('"' + prefix)) {
					addProperties(parser.parseMap(json), prefix, types);
				}
			}
		}
		return types;
	}

	private static void addProperties(Map<String, Object> metadata, String prefix, Map<String, String> types) {
		if (!(metadata.get("properties") instanceof List<?> properties)) {
			return;
		}
		for (Object property : properties) {
			if (property instanceof Map<?, ?> entry && entry.get("name") instanceof String name
					&& name.startsWith(prefix)) {
				String type = (entry.get("type") instanceof String declared) ? declared : "";
				// Additional metadata often leaves out the type the generated file has
				types.merge(name, type, (known, added) -> known.isEmpty() ? added : known);
			}
		}
	}

	private static List<URL> resources(ClassLoader classLoader, String location) {
		try {
			return Collections.list(classLoader.getResources(location));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find " + location, ex);
		}
	}

	private static String read(URL url) {
		try (InputStream stream = url.openStream()) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + url, ex);
		}
	}

}
