package io.github.keepalive.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * Thrown at start-up when properties under {@code keepalive.} are not known to the
 * starter, typically misspelled. The message names each one and, when there is one, the
 * closest known property.
 */
public class UnknownKeepAlivePropertyException extends IllegalStateException {

	private final List<UnknownProperty> properties;

	UnknownKeepAlivePropertyException(List<UnknownProperty> properties) {
		super(message(properties));
		this.properties = List.copyOf(properties);
	}

	private static String message(List<UnknownProperty> properties) {
		String names = properties.stream().map(UnknownProperty::describe).collect(Collectors.joining(", "));
		return ((properties.size() == 1) ? "Unknown keep-alive property " : "Unknown keep-alive properties ") + names;
	}

	/**
	 * The unknown properties, in the order of their property sources' precedence.
	 * @return the unknown properties
	 */
	public List<UnknownProperty> getProperties() {
		return this.properties;
	}

	/**
	 * A property the starter does not know. Its value is never kept: a misspelled
	 * {@code proxy.password} holds a secret.
	 *
	 * @param name the name as the user wrote it, e.g. {@code keepalive.pool.max-per-rout} or
	 * {@code KEEPALIVE_POOL_MAXPERROUT}
	 * @param origin where it is set, if known
	 * @param suggestion the closest known property, in the same form, if one is close
	 */
	public record UnknownProperty(String name, @Nullable Origin origin, @Nullable String suggestion) {

		String describe() {
			String quoted = "'" + this.name + "'";
			return (this.suggestion != null) ? quoted + " (did you mean '" + this.suggestion + "'?)" : quoted;
		}

	}

}
