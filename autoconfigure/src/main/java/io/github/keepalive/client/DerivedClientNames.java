package io.github.keepalive.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.InetAddressFilter;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.Assert;

/**
 * The names of the clients derived from a client for settings that change its
 * connections (an SSL bundle, a connect timeout, an address filter): the client's name
 * numbered ({@code orders-1}, {@code orders-2}) skipping the names already taken (a named
 * client may be called {@code orders-1}), the same settings get the same name, and there
 * are at most a given number of them.
 */
final class DerivedClientNames {

	private final int maxDerivedClients;

	private final Map<ConnectionSettings, String> names = new LinkedHashMap<>();

	DerivedClientNames(int maxDerivedClients) {
		this.maxDerivedClients = maxDerivedClients;
	}

	/**
	 * Whether connections made with the given settings would be like those made with the
	 * client's own, so that the client's pool serves them.
	 * @param settings the settings asked for
	 * @param clientSettings the client's own
	 * @return whether they connect alike
	 */
	static boolean connectAlike(HttpClientSettings settings, HttpClientSettings clientSettings) {
		return Objects.equals(settings.sslBundle(), clientSettings.sslBundle())
				&& Objects.equals(settings.connectTimeout(), clientSettings.connectTimeout())
				&& Objects.equals(settings.inetAddressFilter(), clientSettings.inetAddressFilter());
	}

	/**
	 * The name of the client derived from the given one for the given settings.
	 * @param clientName the client derived from
	 * @param settings the settings
	 * @param taken whether a name is taken by a client of another kind
	 * @return the derived client's name, e.g. {@code default-1}
	 * @throws IllegalStateException if another name would exceed the bound
	 */
	synchronized String nameFor(String clientName, HttpClientSettings settings, Predicate<String> taken) {
		ConnectionSettings key = new ConnectionSettings(clientName, settings.sslBundle(), settings.connectTimeout(),
				settings.inetAddressFilter());
		String name = this.names.get(key);
		if (name == null) {
			Assert.state(this.names.size() < this.maxDerivedClients,
					() -> "More than " + this.maxDerivedClients + " distinct SSL bundles, connect timeouts or "
							+ "address filters asked for pools of their own (" + clientName + " and others). Declare "
							+ "a named client (keepalive.clients.<name>) for each downstream instead.");
			int number = 0;
			do {
				name = clientName + "-" + (++number);
			}
			while (taken.test(name) || this.names.containsValue(name));
			this.names.put(key, name);
		}
		return name;
	}

	/**
	 * What makes a derived client's connections differ from its base client's.
	 */
	private record ConnectionSettings(String clientName, @Nullable SslBundle sslBundle,
			@Nullable Duration connectTimeout, @Nullable InetAddressFilter inetAddressFilter) {

	}

}
