package io.github.keepalive.client;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.keepalive.client.connection.ReloadableTlsStrategy;
import io.github.keepalive.client.pool.ClientShuttingDownException;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.settings.BaseUrl;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.SettingNames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;

/**
 * One keep-alive client: its settings, its pool and the HttpClient over it. Everything
 * outside the client reads the pool through a narrow view ({@link #pool()}: statistics,
 * leases, leaks, advice, limits) and changes it only through that view's
 * {@link KeepAlivePool#resize resize}. Its life: a warm-up at start ({@link #startWarmUp()}),
 * SSL bundle reloads while it runs ({@link #reloadSslBundle}), and a shutdown that first
 * lets leased connections come back ({@link #startShutdown()},
 * {@link #awaitReleased(Duration)}) before {@link #close()} stops its eviction and
 * closes every pooled connection.
 */
public final class KeepAliveHttpClient implements Closeable {

	private static final Log logger = LogFactory.getLog(KeepAliveHttpClient.class);

	private final KeepAliveClientSettings settings;

	private final ConnectionPool pool;

	private final CloseableHttpClient httpClient;

	private final Closeable eviction;

	private final ReloadableTlsStrategy tls;

	private final ClientObserver observer;

	private final SettingNames settingNames;

	private final KeepAlivePool poolView;

	private final AtomicBoolean closed = new AtomicBoolean();

	KeepAliveHttpClient(KeepAliveClientSettings settings, ConnectionPool pool, CloseableHttpClient httpClient,
			Closeable eviction, ReloadableTlsStrategy tls, ClientObserver observer, SettingNames settingNames) {
		this.settings = settings;
		this.pool = pool;
		this.httpClient = httpClient;
		this.eviction = eviction;
		this.tls = tls;
		this.observer = observer;
		this.settingNames = settingNames;
		this.poolView = new KeepAlivePool(settings, pool, (setting) -> settingName(setting, null));
	}

	/**
	 * The client's name.
	 * @return the name
	 */
	public String getName() {
		return this.settings.name();
	}

	/**
	 * The settings the client was built from.
	 * @return the settings
	 */
	public KeepAliveClientSettings getSettings() {
		return this.settings;
	}

	/**
	 * Creates a request factory over the pool with the client's own settings.
	 * @return a new request factory
	 */
	public KeepAliveClientHttpRequestFactory createRequestFactory() {
		return createRequestFactory(null);
	}

	/**
	 * Creates a request factory over the pool that applies the given settings' read
	 * timeout, redirects and cookie handling to each request; unset values are the
	 * client's. Connection settings (SSL bundle, connect timeout) are the pool's and are
	 * ignored here.
	 * @param overrides the settings to apply over the client's, or {@code null}
	 * @return a new request factory
	 */
	public KeepAliveClientHttpRequestFactory createRequestFactory(@Nullable HttpClientSettings overrides) {
		HttpClientSettings settings = (overrides != null) ? overrides.orElse(this.settings.http())
				: this.settings.http();
		return new KeepAliveClientHttpRequestFactory(() -> this.httpClient, settings);
	}

	/**
	 * The HttpClient over the pool, for callers that use HttpClient directly rather than
	 * through a request factory.
	 * @return the HttpClient
	 */
	public CloseableHttpClient getHttpClient() {
		return this.httpClient;
	}

	/**
	 * The client's pool, as the meters, the endpoint and health read it, and the two
	 * changes the endpoint makes.
	 * @return the pool
	 */
	public KeepAlivePool pool() {
		return this.poolView;
	}

	/**
	 * The name of one of this client's settings as its user knows it: with the starter,
	 * its property ({@code keepalive.clients.github.pool.max-total}).
	 * @param setting the setting
	 * @param key the key of a map entry, for a setting that is a map, else {@code null}
	 * @return the name
	 */
	public String settingName(ClientSetting setting, @Nullable String key) {
		return this.settingNames.nameOf(getName(), setting, key);
	}

	/**
	 * Starts opening the warm-up's connections to the route of the base URL;
	 * {@link ConnectionWarmUp#await()} waits for them, at most the warm-up's timeout.
	 * @return the warm-up under way
	 */
	public ConnectionWarmUp startWarmUp() {
		BaseUrl baseUrl = this.settings.baseUrl();
		HttpHost target = (baseUrl != null) ? new HttpHost(baseUrl.scheme(), baseUrl.host(), baseUrl.port()) : null;
		int maxForRoute = (target != null) ? this.pool.sizing().maxPerRoute(target) : 0;
		// an adaptive limit starts at its floor: a warmer beyond it would wait out the lease
		// timeout, and a connection beyond it would be closed when given back
		int adaptiveLimit = (target != null) ? this.pool.sizing().routeLimitNow(target) : 0;
		return ConnectionWarmUp.start(this.settings, maxForRoute, adaptiveLimit, this.httpClient,
				(setting) -> settingName(setting, null));
	}

	/**
	 * The SSL bundle new connections use now.
	 * @return the bundle, or {@code null} for the JVM's defaults
	 */
	public @Nullable SslBundle getSslBundle() {
		return this.tls.bundle();
	}

	/**
	 * Uses another SSL bundle (typically the same bundle, reloaded) for every connection
	 * opened from now on. Connections made with the previous one are not reused: an idle
	 * one is closed when it would be leased, a leased one when it is released.
	 * @param bundle the new bundle
	 */
	public void reloadSslBundle(SslBundle bundle) {
		this.tls.reload(bundle);
		logger.info("Keep-alive client '" + getName() + "' uses its reloaded SSL bundle for new connections");
	}

	/**
	 * Starts the shutdown: from now on no connection is leased, and a request that needs
	 * one fails with a {@link ClientShuttingDownException}; requests holding a connection
	 * go on.
	 */
	public void startShutdown() {
		this.pool.startShutdown();
	}

	/**
	 * Waits until no connection is leased any more.
	 * @param timeout the longest wait
	 * @return whether every leased connection came back in time
	 */
	public boolean awaitReleased(Duration timeout) {
		return this.pool.awaitReleased(timeout);
	}

	/**
	 * Stops the eviction of idle connections and closes the pool with every connection in
	 * it, leased ones included, each gracefully (a TLS connection says {@code close_notify}).
	 */
	@Override
	public void close() {
		close(CloseMode.GRACEFUL);
	}

	/**
	 * Stops the eviction of idle connections and closes the pool with every connection in
	 * it, leased ones included. After a drain that timed out, {@link CloseMode#IMMEDIATE}:
	 * a graceful close of a TLS connection writes {@code close_notify}, which waits for a
	 * thread stuck writing to a stalled peer, for as long as that thread is stuck.
	 * @param closeMode how to close the connections
	 */
	public void close(CloseMode closeMode) {
		try {
			this.eviction.close();
		}
		catch (IOException ex) {
			logger.debug("Failed to stop the eviction of client '" + getName() + "'", ex);
		}
		this.httpClient.close(closeMode);
		this.pool.close(closeMode);
		if (this.closed.compareAndSet(false, true)) {
			// after the pool, whose connections report their close
			this.observer.clientClosed();
		}
	}

	@Override
	public String toString() {
		return "KeepAliveHttpClient[" + getName() + ", " + this.pool.totalUsage() + "]";
	}

}
