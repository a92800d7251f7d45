package io.github.keepalive.autoconfigure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.keepalive.client.InvalidSettingException;
import org.jspecify.annotations.Nullable;

/**
 * One client's properties with the ones it inherits: a value is the client's own, else
 * the default client's. Remembers which values were inherited, so that an invalid value
 * is blamed on the property the user actually set.
 */
final class InheritedProperties {

	private static final String DEFAULT_PREFIX = "keepalive";

	private final String prefix;

	private final KeepAliveClientProperties own;

	private final @Nullable KeepAliveClientProperties inherited;

	private final Set<String> inheritedSettings = new HashSet<>();

	/**
	 * Creates the properties of one client.
	 * @param prefix the client's property prefix, e.g. {@code keepalive.clients.github}
	 * @param own the client's own properties
	 * @param inherited the default client's properties, or {@code null} for the default
	 * client itself
	 */
	InheritedProperties(String prefix, KeepAliveClientProperties own, @Nullable KeepAliveClientProperties inherited) {
		this.prefix = prefix;
		this.own = own;
		this.inherited = inherited;
	}

	KeepAliveClientProperties own() {
		return this.own;
	}

	/**
	 * A value: the client's own, else the inherited one, else the default.
	 * @param <T> the value's type
	 * @param setting the setting, as named relative to a client ({@code pool.max-total})
	 * @param getter reads the value from a client's properties
	 * @param defaultValue the value when neither sets it
	 * @return the value
	 */
	<T> T get(String setting, Function<KeepAliveClientProperties, @Nullable T> getter, T defaultValue) {
		T value = getter.apply(this.own);
		if (value == null && this.inherited != null) {
			value = getter.apply(this.inherited);
			if (value != null) {
				this.inheritedSettings.add(setting);
			}
		}
		return (value != null) ? value : defaultValue;
	}

	/**
	 * A map merged rather than replaced (headers, per-host limits): the inherited entries,
	 * then the client's own over them. An entry only inherited is remembered as such, as
	 * the setting {@code <setting>.<key>}.
	 * @param <V> the type of the values
	 * @param setting the setting, relative to the client
	 * @param getter reads the map from a client's properties
	 * @return the merged map, in that order
	 */
	<V> Map<String, V> merged(String setting, Function<KeepAliveClientProperties, Map<String, V>> getter) {
		Map<String, V> merged = new LinkedHashMap<>();
		if (this.inherited != null) {
			merged.putAll(getter.apply(this.inherited));
		}
		Map<String, V> own = getter.apply(this.own);
		merged.keySet().stream().filter((key) -> !own.containsKey(key)).forEach(
				(key) -> this.inheritedSettings.add(setting + "." + key));
		merged.putAll(own);
		return merged;
	}

	/**
	 * The full name of the property a setting's value came from.
	 * @param setting the setting
	 * @return the property, e.g. {@code keepalive.pool.max-total} for an inherited value
	 */
	String property(String setting) {
		return (this.inheritedSettings.contains(setting) ? DEFAULT_PREFIX : this.prefix) + "." + setting;
	}

	/**
	 * The property exception for a setting the settings records rejected.
	 * @param ex the rejection
	 * @return the exception that names the properties
	 */
	InvalidKeepAlivePropertyException invalid(InvalidSettingException ex) {
		String property = property(ex.getSetting());
		String limiting = ex.getLimitingSetting();
		StringBuilder reason = new StringBuilder(ex.getRequirement(this::property));
		for (String setting : (limiting != null) ? new String[] { ex.getSetting(), limiting }
				: new String[] { ex.getSetting() }) {
			if (this.inheritedSettings.contains(setting)) {
				reason.append("; ").append(this.prefix).append(" inherits ").append(property(setting));
			}
		}
		String action = (limiting != null) ? "Lower " + property + " or raise " + property(limiting) + "."
				: "Set " + property + " to a valid value.";
		return new InvalidKeepAlivePropertyException(property, ex.getValue(), reason.toString(), action);
	}

}
