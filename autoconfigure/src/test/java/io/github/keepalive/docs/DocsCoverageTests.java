package io.github.keepalive.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.keepalive.metrics.KeepAliveMeters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the hand-written pages of {@code docs/} name every property of the
 * configuration metadata and every meter of {@link KeepAliveMeters}: the generated
 * property reference alone does not count, so a new property or meter needs a sentence
 * where a reader looks for it.
 */
class DocsCoverageTests {

	private static final Path DOCS = Path.of("..", "docs");

	private static String pages;

	@BeforeAll
	static void readPages() throws IOException {
		try (Stream<Path> files = Files.list(DOCS)) {
			pages = files.filter((file) -> file.toString().endsWith(".md"))
				.filter((file) -> !file.getFileName().equals(ConfigurationPropertiesPage.PAGE.getFileName()))
				.sorted()
				.map(ConfigurationPropertiesPage::read)
				.collect(Collectors.joining("\n"));
		}
		assertThat(pages).as("pages of docs/").isNotBlank();
	}

	@Test
	void everyPropertyOfTheMetadataIsOnAPage() {
		List<String> names = ConfigurationPropertiesPage.properties()
			.stream()
			.map(ConfigurationPropertiesPage::name)
			.toList();
		assertThat(names).hasSizeGreaterThan(30);
		// a client's property may be written as the client sees it: `pool.max-total`
		assertThat(names).filteredOn((name) -> !pages.contains(name)
				&& !(ConfigurationPropertiesPage.isPerClient(name) && pages.contains("`" + relative(name))))
			.as("properties no page of docs/ names")
			.isEmpty();
	}

	@Test
	void everyMeterIsOnAPage() throws IllegalAccessException {
		List<String> meters = meterNames();
		assertThat(meters).contains(KeepAliveMeters.POOL_LEASE_WAIT, KeepAliveMeters.REQUESTS);
		assertThat(meters).filteredOn((meter) -> !pages.contains("`" + meter))
			.as("meters no page of docs/ names")
			.isEmpty();
	}

	private static String relative(String name) {
		return name.substring("keepalive.".length());
	}

	private static List<String> meterNames() throws IllegalAccessException {
		List<String> names = new ArrayList<>();
		for (Field field : KeepAliveMeters.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
					&& field.get(null) instanceof String value && value.startsWith(KeepAliveMeters.PREFIX + ".")) {
				names.add(value);
			}
		}
		return names;
	}

}
