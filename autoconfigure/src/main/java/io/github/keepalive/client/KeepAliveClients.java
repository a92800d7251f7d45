package io.github.keepalive.client;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.keepalive.client.pool.ClientShuttingDownException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.Assert;

/**
 * Owns every keep-alive client of an application: creates each one once, hands out the
 * same instance to every caller, and closes them all together. Request factories for
 * other {@link HttpClientSettings} than a client's own share that client's pool when the
 * settings differ only per request (read timeout, redirects, cookies); settings that
 * change the connections themselves (SSL bundle, connect timeout, address filter) get a
 * derived client, at most {@value #MAX_DERIVED_CLIENTS} of them.
 * <p>
 * It warms every client up at start ({@link #warmUp()}), passes SSL bundle reloads on to
 * the clients that use the bundle ({@link #reloadSslBundle}), and on {@link #close()}
 * drains them: no client leases a connection any more, leased connections get the drain
 * timeout to come back, then every pool closes.
 */
public final class KeepAliveClients implements Closeable {

	/** The most derived clients (pools) one application may have. */
	public static final int MAX_DERIVED_CLIENTS = 16;

	private final KeepAliveHttpClientFactory factory;

	// read without a lock on the request path (a derived client's factory looks its client up
	// on every request); written under this object's monitor, in creation order
	private final Map<String, KeepAliveHttpClient> clients = new ConcurrentHashMap<>();

	private final List<KeepAliveHttpClient> creationOrder = new ArrayList<>();

	private final DerivedClientNames derivedNames = new DerivedClientNames(MAX_DERIVED_CLIENTS);

	private final Duration drainTimeout;

	private final ReloadedSslBundles reloadedBundles = new ReloadedSslBundles();

	private boolean closed;

	/**
	 * Creates the clients; {@link #close()} closes them without waiting for leased
	 * connections.
	 * @param factory the factory that builds each client
	 * @param settings the settings of each client
	 */
	public KeepAliveClients(KeepAliveHttpClientFactory factory, Collection<KeepAliveClientSettings> settings) {
		this(factory, settings, Duration.ZERO);
	}

	/**
	 * Creates the clients.
	 * @param factory the factory that builds each client
	 * @param settings the settings of each client
	 * @param drainTimeout how long {@link #close()} waits for leased connections to come
	 * back before it closes the pools
	 */
	public KeepAliveClients(KeepAliveHttpClientFactory factory, Collection<KeepAliveClientSettings> settings,
			Duration drainTimeout) {
		Assert.isTrue(!drainTimeout.isNegative(), "'drainTimeout' must not be negative");
		this.factory = factory;
		this.drainTimeout = drainTimeout;
		settings.forEach(this::register);
	}

	/**
	 * The client with the given name.
	 * @param name the client's name
	 * @return the client
	 * @throws IllegalArgumentException if there is no such client
	 */
	public KeepAliveHttpClient get(String name) {
		KeepAliveHttpClient client = this.clients.get(name);
		Assert.isTrue(client != null, () -> "No keep-alive client named '" + name + "'");
		return client;
	}

	/**
	 * The client with the given name, or {@code null}.
	 * @param name the client's name
	 * @return the client or {@code null}
	 */
	public @Nullable KeepAliveHttpClient find(String name) {
		return this.clients.get(name);
	}

	/**
	 * The client with the given name, created from the given settings the first time.
	 * @param settings the settings to create it with
	 * @return the client
	 */
	public KeepAliveHttpClient getOrCreate(KeepAliveClientSettings settings) {
		KeepAliveHttpClient client = this.clients.get(settings.name());
		if (client != null) {
			return client;
		}
		synchronized (this) {
			client = this.clients.get(settings.name());
			return (client != null) ? client : register(settings);
		}
	}

	/**
	 * Every client, in the order they were created.
	 * @return the clients
	 */
	public synchronized List<KeepAliveHttpClient> getAll() {
		return new ArrayList<>(this.creationOrder);
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
		if (DerivedClientNames.connectAlike(effective, clientSettings.http())) {
			return client.createRequestFactory(effective);
		}
		String derivedName = this.derivedNames.nameFor(clientName, effective, this.clients::containsKey);
		KeepAliveClientSettings derived = clientSettings.withName(derivedName, clientSettings.baseUrl())
			.withHttp(effective);
		return new KeepAliveClientHttpRequestFactory(() -> getOrCreate(derived).getHttpClient(), effective);
	}

	private KeepAliveHttpClient register(KeepAliveClientSettings settings) {
		if (this.closed) {
			throw new ClientShuttingDownException(settings.name());
		}
		Assert.isTrue(!this.clients.containsKey(settings.name()),
				() -> "Duplicate keep-alive client '" + settings.name() + "'");
		KeepAliveHttpClient client = this.factory.create(withReloadedSslBundle(settings));
		this.creationOrder.add(client);
		this.clients.put(settings.name(), client);
		return client;
	}

	/**
	 * Settings made before a reload (a derived client's) name the bundle as it was: they get
	 * the bundle as it is now.
	 */
	private KeepAliveClientSettings withReloadedSslBundle(KeepAliveClientSettings settings) {
		SslBundle bundle = settings.http().sslBundle();
		SslBundle current = this.reloadedBundles.current(bundle);
		return (current == bundle) ? settings : settings.withHttp(settings.http().withSslBundle(current));
	}

	/**
	 * Warms every client up whose {@code warm-up.connections} is positive and that has a base
	 * URL, all at once, and waits for them, each at most its {@code warm-up.timeout}. A
	 * warm-up that falls short (a downstream that is down, a timeout) is logged as a warning
	 * and does not fail.
	 * @return what each warm-up achieved
	 */
	public List<WarmUpResult> warmUp() {
		return ConnectionWarmUp.warmUpAll(getAll());
	}

	/**
	 * Passes the reload of an SSL bundle on to every client whose connections use it: their
	 * new connections use the reloaded bundle, and those made with the previous one are not
	 * reused. A client derived later from settings that name the previous bundle gets the
	 * reloaded one.
	 * @param previous the bundle as it was
	 * @param reloaded the bundle as it is now
	 */
	public void reloadSslBundle(SslBundle previous, SslBundle reloaded) {
		this.reloadedBundles.reloaded(previous, reloaded);
		for (KeepAliveHttpClient client : getAll()) {
			if (client.getSslBundle() == previous) {
				client.reloadSslBundle(reloaded);
			}
		}
	}

	/**
	 * Closes every client: from now on none leases a connection (a request that needs one
	 * fails with a {@link ClientShuttingDownException}); leased connections get the drain
	 * timeout to come back; then their eviction stops and their pools close, with every
	 * connection in them.
	 */
	@Override
	public void close() {
		List<KeepAliveHttpClient> clients;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			clients = new ArrayList<>(this.creationOrder);
		}
		// outside the lock: requests in flight may still look clients up while they drain
		DrainingShutdown.close(clients, this.drainTimeout);
	}

}
