package io.github.keepalive.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigurationMetadataReader}.
 */
class ConfigurationMetadataReaderTests {

	@Test
	void readsTheStartersPropertiesWithTheirTypes() {
		Map<String, String> types = ConfigurationMetadataReader.read(getClass().getClassLoader(), "keepalive.");
		assertThat(types).containsEntry("keepalive.pool.max-per-route", "java.lang.Integer")
			.containsEntry("keepalive.clients",
					"java.util.Map<java.lang.String,io.github.keepalive.autoconfigure.KeepAliveClientProperties>")
			.containsEntry("keepalive.proxy.non-proxy-hosts", "java.util.List<java.lang.String>")
			.allSatisfy((name, type) -> assertThat(name).startsWith("keepalive."))
			.doesNotContainKey("management.endpoint.keepalive.access");
	}

	@Test
	void readsNothingWithoutAJsonLibraryRatherThanMisreading() {
		Thread thread = Thread.currentThread();
		ClassLoader classLoader = thread.getContextClassLoader();
		// Boot's JsonParserFactory looks for Jackson and Gson with the context class loader
		thread.setContextClassLoader(new FilteredClassLoader("tools.jackson.", "com.google.gson."));
		try {
			assertThat(ConfigurationMetadataReader.read(classLoader, "keepalive.")).isEmpty();
		}
		finally {
			thread.setContextClassLoader(classLoader);
		}
	}

}
