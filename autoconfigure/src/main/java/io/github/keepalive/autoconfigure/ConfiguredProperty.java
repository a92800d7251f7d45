package io.github.keepalive.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A property name found in one of the Environment's property sources, as Spring Boot
 * sees it (relaxed: {@code KEEPALIVE_POOL_MAXPERROUTE} is {@code keepalive.pool.maxperroute}).
 *
 * @param name the name
 * @param source the source it was found in
 */
record ConfiguredProperty(ConfigurationPropertyName name, ConfigurationPropertySource source) {

	/**
	 * The names below a prefix in every enumerable property source of the environment,
	 * the highest precedence first; a name may be found in several sources.
	 * @param prefix the prefix
	 * @param environment the environment
	 * @return the names found
	 */
	static List<ConfiguredProperty> below(ConfigurationPropertyName prefix, Environment environment) {
		List<ConfiguredProperty> found = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter(prefix::isAncestorOf)
					.forEach((name) -> found.add(new ConfiguredProperty(name, source)));
			}
		}
		return found;
	}

	/**
	 * Whether the name comes from environment variables, where Boot also binds the legacy
	 * form ({@code KEEPALIVE_POOL_MAX_PER_ROUTE}).
	 * @return whether it comes from the system environment
	 */
	boolean fromSystemEnvironment() {
		return this.source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
	}

	/**
	 * Where the property is set, e.g. a line of {@code application.yml}.
	 * @return the origin or {@code null}
	 */
	@Nullable Origin origin() {
		ConfigurationProperty property = this.source.getConfigurationProperty(this.name);
		return (property != null) ? property.getOrigin() : null;
	}

	/**
	 * The name as the user wrote it: the environment variable's or the source's own name
	 * where the origin has it, else the property's name with its original case and dashes.
	 * @return the name to show
	 */
	String displayName() {
		Origin origin = origin();
		if (origin instanceof SystemEnvironmentOrigin environmentOrigin) {
			return environmentOrigin.getProperty();
		}
		if (origin instanceof PropertySourceOrigin propertySourceOrigin) {
			return propertySourceOrigin.getPropertyName();
		}
		return original(this.name);
	}

	/**
	 * A property name in the form the user wrote it: {@code keepalive.pool.maxPerRout}
	 * rather than Boot's {@code keepalive.pool.maxperrout}.
	 * @param name the name
	 * @return the name as written
	 */
	static String original(ConfigurationPropertyName name) {
		StringBuilder original = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.ORIGINAL);
			if (name.chop(i + 1).isLastElementIndexed()) {
				original.append('[').append(element).append(']');
			}
			else {
				original.append((i > 0) ? "." : "").append(element);
			}
		}
		return original.toString();
	}

	/**
	 * A property name as an environment variable: {@code KEEPALIVE_POOL_MAXPERROUTE}.
	 * @param name the name
	 * @return the environment variable's name
	 */
	static String environmentVariable(ConfigurationPropertyName name) {
		StringBuilder variable = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			variable.append((i > 0) ? "_" : "").append(name.getElement(i, Form.UNIFORM).toUpperCase(Locale.ROOT));
		}
		return variable.toString();
	}

}
