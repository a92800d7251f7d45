package io.github.keepalive.client;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Owns every keep-alive client of an application: creates each one once, hands out the
 * same instance to every caller, and closes them all together.
 */
public final class KeepAliveClients implements Closeable {

	private static final Log logger = LogFactory.getLog(KeepAliveClients.class);

	private final KeepAliveHttpClientFactory factory;

	private final Map<String, KeepAliveHttpClient> clients = new LinkedHashMap<>();

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
	 * The client with the given name, created from the supplied settings the first time.
	 * @param name the client's name
	 * @param settings the settings to create it with
	 * @return the client
	 */
	public synchronized KeepAliveHttpClient getOrCreate(String name, Supplier<KeepAliveClientSettings> settings) {
		KeepAliveHttpClient client = this.clients.get(name);
		return (client != null) ? client : register(settings.get());
	}

	/**
	 * Every client, in the order they were created.
	 * @return the clients
	 */
	public synchronized List<KeepAliveHttpClient> getAll() {
		return new ArrayList<>(this.clients.values());
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
	 * Closes every client: stops their eviction threads and closes their connections.
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

}
