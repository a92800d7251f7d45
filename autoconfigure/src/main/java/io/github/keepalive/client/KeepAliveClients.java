package io.github.keepalive.client;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.InetAddressFilter;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.Assert;

/**
 * Owns every keep-alive client of an application: creates each one once, hands out the
 * same instance to every caller, and closes them all together. Request factories for
 * other {@link HttpClientSettings} than a client's own share that client's pool when the
 * settings differ only per request (read timeout, redirects, cookies); settings that
 * change the connections themselves (SSL bundle, connect timeout, address filter) get a
 * derived client, at most {@value #MAX_DERIVED_CLIENTS} of them.
 */
public final class KeepAliveClients implements Closeable {

	/** The most derived clients (pools) one application may have. */
	public static final int MAX_DERIVED_CLIENTS = 16;

	private static final Log logger = LogFactory.getLog(KeepAliveClients.class);

	private final KeepAliveHttpClientFactory factory;

	private final Map<String, KeepAliveHttpClient> clients = new LinkedHashMap<>();

	private final Map<DerivedKey, String> derivedNames = new LinkedHashMap<>();

	private boolean closed;

	public KeepAliveClients(KeepAliveHttpClientFactory factory, Collection<KeepAliveClientSettings> settings) {
		this.factory = factory;
		settings.forEach(this::register);
	}

	/**
	 * The client with the given name.
	 * @param name the client's name
	 * @return the client
	 * @throws IllegalArgumentException if there is no such client
	 */
	public synchronized KeepAliveHttpClient get(String name) {
		KeepAliveHttpClient client = this.clients.get(name);
		Assert.isTrue(client != null, () -> "No keep-alive client named '" + name + "'");
		return client;
	}

	/**
	 * The client with the given name, or {@code null}.
	 * @param name the client's name
	 * @return the client or {@code null}
	 */
	public synchronized @Nullable KeepAliveHttpClient find(String name) {
		return this.clients.get(name);
	}

	/**
	 * The client with the given name, created from the given settings the first time.
	 * @param settings the settings to create it with
	 * @return the client
	 */
	public synchronized KeepAliveHttpClient getOrCreate(KeepAliveClientSettings settings) {
		KeepAliveHttpClient client = this.clients.get(settings.name());
		return (client != null) ? client : register(settings);
	}

	/**
	 * Every client, in the order they were created.
	 * @return the clients
	 */
	public synchronized List<KeepAliveHttpClient> getAll() {
		return new ArrayList<>(this.clients.values());
	}

	/**
	 * A request factory on the named client's pool with the given settings applied per
	 * request; if the settings change the connections (SSL bundle, connect timeout,
	 * address filter), on the pool of a client derived from it instead, created on the
	 * first request.
	 * @param clientName the client
	 * @param settings settings over the client's own, or {@code null}
	 * @return the request factory
	 * @throws IllegalStateException if another derived client would exceed
	 * {@link #MAX_DERIVED_CLIENTS}
	 */
	public KeepAliveClientHttpRequestFactory createRequestFactory(String clientName,
			@Nullable HttpClientSettings settings) {
		KeepAliveHttpClient client = get(clientName);
		KeepAliveClientSettings clientSettings = client.getSettings();
		HttpClientSettings effective = (settings != null) ? settings.orElse(clientSettings.http())
				: clientSettings.http();
		DerivedKey key = new DerivedKey(clientName, effective);
		if (key.connectsLike(clientSettings.http())) {
			return client.createRequestFactory(effective);
		}
		String derivedName = derivedName(key);
		KeepAliveClientSettings derived = clientSettings.withName(derivedName, clientSettings.baseUrl())
			.withHttp(effective);
		return new KeepAliveClientHttpRequestFactory(() -> getOrCreate(derived).getHttpClient(), effective);
	}

	private synchronized String derivedName(DerivedKey key) {
		String name = this.derivedNames.get(key);
		if (name == null) {
			Assert.state(this.derivedNames.size() < MAX_DERIVED_CLIENTS,
					() -> "More than " + MAX_DERIVED_CLIENTS + " distinct SSL bundles, connect timeouts or address "
							+ "filters asked for pools of their own (" + key.clientName() + " and others). Declare a "
							+ "named client (keepalive.clients.<name>) for each downstream instead.");
			name = key.clientName() + "-" + (this.derivedNames.size() + 1);
			this.derivedNames.put(key, name);
		}
		return name;
	}

	private KeepAliveHttpClient register(KeepAliveClientSettings settings) {
		Assert.state(!this.closed, "Keep-alive clients are closed");
		Assert.isTrue(!this.clients.containsKey(settings.name()),
				() -> "Duplicate keep-alive client '" + settings.name() + "'");
		KeepAliveHttpClient client = this.factory.create(settings);
		this.clients.put(settings.name(), client);
		return client;
	}

	/**
	 * Closes every client: stops their eviction and closes their connections.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		for (KeepAliveHttpClient client : this.clients.values()) {
			try {
				client.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to close keep-alive client '" + client.getName() + "'", ex);
			}
		}
	}

	/**
	 * What makes a derived client's connections differ from its base client's.
	 */
	private record DerivedKey(String clientName, @Nullable SslBundle sslBundle, @Nullable Duration connectTimeout,
			@Nullable InetAddressFilter inetAddressFilter) {

		DerivedKey(String clientName, HttpClientSettings settings) {
			this(clientName, settings.sslBundle(), settings.connectTimeout(), settings.inetAddressFilter());
		}

		boolean connectsLike(HttpClientSettings settings) {
			return Objects.equals(this.sslBundle, settings.sslBundle())
					&& Objects.equals(this.connectTimeout, settings.connectTimeout())
					&& Objects.equals(this.inetAddressFilter, settings.inetAddressFilter());
		}

	}

}
