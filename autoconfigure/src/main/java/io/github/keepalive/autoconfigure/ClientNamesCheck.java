package io.github.keepalive.autoconfigure;

import java.util.List;
import java.util.regex.Pattern;

import io.github.keepalive.client.KeepAliveClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Checks that every key under {@code keepalive.clients.} is a valid client name. A key
 * that is not would bind to no client, or to another one than meant, without a word: a
 * dotted YAML key ({@code my.client:}) nests, so {@code keepalive.clients.my.client.base-url}
 * is the client {@code my} with a property {@code client.base-url} it does not have.
 */
final class ClientNamesCheck {

	private static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("keepalive.clients");

	private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	private static final String RULE = "a client name must start with a letter, hold only letters, digits, '-' and"
			+ " '_', and not be '" + KeepAliveClientSettings.DEFAULT_CLIENT_NAME + "'";

	private final KnownKeepAliveProperties known;

	ClientNamesCheck(KnownKeepAliveProperties known) {
		this.known = known;
	}

	/**
	 * Checks the client name of every property under {@code keepalive.clients.}.
	 * @param properties the configured properties
	 * @throws InvalidKeepAlivePropertyException naming the first invalid key
	 */
	void check(List<ConfiguredProperty> properties) {
		for (ConfiguredProperty property : properties) {
			ConfigurationPropertyName name = property.name();
			if (!CLIENTS.isAncestorOf(name)) {
				continue;
			}
			String key = name.getElement(CLIENTS.getNumberOfElements(), Form.ORIGINAL);
			if (!isValid(key)) {
				throw invalid(key, RULE);
			}
			String nestedKey = nestedKey(property);
			if (nestedKey != null) {
				throw invalid(nestedKey, RULE + " (a '.' in a YAML key nests the keys after it, so "
						+ ConfiguredProperty.original(name) + " configures no client)");
			}
		}
	}

	/**
	 * The dotted key a name was probably written with: {@code my.client} for
	 * {@code keepalive.clients.my.client.base-url}, since {@code client.base-url} is no
	 * client property but {@code base-url} is.
	 * @param property the property
	 * @return the dotted key or {@code null}
	 */
	private @Nullable String nestedKey(ConfiguredProperty property) {
		ConfigurationPropertyName name = property.name();
		int keyIndex = CLIENTS.getNumberOfElements();
		ConfigurationPropertyName clientProperty = name.subName(keyIndex + 1);
		// A variable's name has no '.', and its '_' also stands for a dash of the client's name
		if (property.fromSystemEnvironment() || this.known.isEmpty() || clientProperty.isEmpty()
				|| this.known.isClientProperty(clientProperty, false)) {
			return null;
		}
		StringBuilder key = new StringBuilder(name.getElement(keyIndex, Form.ORIGINAL));
		for (int i = keyIndex + 1; i < name.getNumberOfElements() - 1; i++) {
			key.append('.').append(name.getElement(i, Form.ORIGINAL));
			if (this.known.isClientProperty(name.subName(i + 1), false)) {
				return key.toString();
			}
		}
		return null;
	}

	private static boolean isValid(String key) {
		return CLIENT_NAME.matcher(key).matches() && !KeepAliveClientSettings.DEFAULT_CLIENT_NAME.equals(key);
	}

	private static InvalidKeepAlivePropertyException invalid(String key, String reason) {
		String property = CLIENTS + "." + key;
		return new InvalidKeepAlivePropertyException(property, key, reason,
				"Rename the client, e.g. " + CLIENTS + "." + validName(key) + ".base-url=...");
	}

	private static String validName(String key) {
		String name = key.replaceAll("[^A-Za-z0-9_-]", "-");
		name = Character.isLetter(name.charAt(0)) ? name : "client-" + name;
		return isValid(name) ? name : "payments";
	}

}
