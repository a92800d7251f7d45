package io.github.keepalive.autoconfigure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.InvalidSettingException;
import org.jspecify.annotations.Nullable;

/**
 * One client's properties with the ones it inherits: a value is the client's own, else
 * the default client's. Remembers which values were inherited, so that an invalid value
 * is blamed on the property the user actually set.
 */
final class InheritedProperties {

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
	 * the setting {@code <setting>.[<key>]}.
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
				(key) -> this.inheritedSettings.add(KeepAlivePropertyNames.mapEntry(setting, key)));
		merged.putAll(own);
		return merged;
	}

	/**
	 * The full name of the property a setting's value came from.
	 * @param setting the setting
	 * @return the property, e.g. {@code keepalive.pool.max-total} for an inherited value
	 */
	String property(String setting) {
		return (this.inheritedSettings.contains(setting) ? KeepAlivePropertyNames.PREFIX : this.prefix) + "." + setting;
	}

	/**
	 * The property exception for a setting the settings records rejected.
	 * @param ex the rejection
	 * @return the exception that names the properties
	 */
	InvalidKeepAlivePropertyException invalid(InvalidSettingException ex) {
		String setting = KeepAlivePropertyNames.relative(ex.getSetting(), ex.getKey());
		ClientSetting limitingSetting = ex.getLimitingSetting();
		String limiting = (limitingSetting != null) ? KeepAlivePropertyNames.relative(limitingSetting, null) : null;
		String property = property(setting);
		StringBuilder reason = new StringBuilder(
				ex.getRequirement((bound) -> property(KeepAlivePropertyNames.relative(bound, null))));
		for (String blamed : (limiting != null) ? new String[] { setting, limiting } : new String[] { setting }) {
			if (this.inheritedSettings.contains(blamed)) {
				reason.append("; ").append(this.prefix).append(" inherits ").append(property(blamed));
			}
		}
		String action = (limiting != null) ? "Lower " + property + " or raise " + property(limiting) + "."
				: "Set " + property + " to a valid value.";
		return new InvalidKeepAlivePropertyException(property, ex.getValue(), reason.toString(), action);
	}

}
