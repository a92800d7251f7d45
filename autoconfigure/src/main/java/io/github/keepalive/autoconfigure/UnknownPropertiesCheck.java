package io.github.keepalive.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.keepalive.autoconfigure.KnownKeepAliveProperties.Match;
import io.github.keepalive.autoconfigure.UnknownKeepAlivePropertyException.UnknownProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Checks that the starter knows every property under {@code keepalive.}: Spring Boot
 * ignores one it cannot bind, so {@code keepalive.pool.max-per-rout=5} would leave the
 * pool at its default without a word.
 */
final class UnknownPropertiesCheck {

	private static final Pattern KUBERNETES_SERVICE_VARIABLE = Pattern.compile(
			"[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)");

	private final KnownKeepAliveProperties known;

	UnknownPropertiesCheck(KnownKeepAliveProperties known) {
		this.known = known;
	}

	/**
	 * Checks every property under {@code keepalive.}.
	 * @param properties the configured properties
	 * @throws UnknownKeepAlivePropertyException naming every unknown property
	 */
	void check(List<ConfiguredProperty> properties) {
		Map<ConfigurationPropertyName, UnknownProperty> unknown = new LinkedHashMap<>();
		for (ConfiguredProperty property : properties) {
			// A group set to a value (keepalive.pool=5) is known, and left to the binder
			if (!unknown.containsKey(property.name())
					&& this.known.match(property.name(), property.fromSystemEnvironment()) == Match.NONE
					&& !isKubernetesServiceVariable(property)) {
				unknown.put(property.name(), unknownProperty(property));
			}
		}
		if (!unknown.isEmpty()) {
			throw new UnknownKeepAlivePropertyException(List.copyOf(unknown.values()));
		}
	}

	/**
	 * Whether the property is one of the variables Kubernetes sets for every Service of the
	 * namespace ({@code KEEPALIVE_SERVICE_HOST}, {@code KEEPALIVE_PORT_80_TCP} for a Service
	 * named keepalive): they are no configuration, and must not stop the application.
	 */
	private static boolean isKubernetesServiceVariable(ConfiguredProperty property) {
		return property.fromSystemEnvironment()
				&& KUBERNETES_SERVICE_VARIABLE.matcher(property.displayName()).matches();
	}

	private UnknownProperty unknownProperty(ConfiguredProperty property) {
		String name = property.displayName();
		return new UnknownProperty(name, property.origin(), suggestion(property, name));
	}

	private @Nullable String suggestion(ConfiguredProperty property, String name) {
		ConfigurationPropertyName closest = this.known.closest(property.name());
		if (closest == null) {
			return null;
		}
		// Suggest in the form the user wrote: an environment variable for an environment variable
		boolean environmentVariable = property.fromSystemEnvironment() && name.matches("[A-Z0-9_]+");
		return environmentVariable ? ConfiguredProperty.environmentVariable(closest)
				: ConfiguredProperty.original(closest);
	}

}
