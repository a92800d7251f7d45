package io.github.keepalive.client;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.FilteredDnsResolver;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import io.github.keepalive.client.connection.ReloadableTlsStrategy;
import io.github.keepalive.client.pool.AdaptiveLimitAlgorithm;
import io.github.keepalive.client.pool.AdaptiveRouteLimits;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.pool.EvictionScheduler;
import io.github.keepalive.client.pool.LeakDetector;
import io.github.keepalive.client.pool.LeaseStatistics;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.SettingNames;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.util.Assert;

/**
 * Builds a {@link KeepAliveHttpClient} from {@link KeepAliveClientSettings} in three
 * steps: the pool (HttpClient's pool builder, with every connection setting fixed before
 * it is built, and a TLS strategy whose SSL bundle can be reloaded), the exec chain
 * ({@link ClientExecChain}: HttpClient's builder over that pool), and the lifecycle
 * (idle eviction and leak detection on the factory's one {@link EvictionScheduler}
 * thread).
 */
public final class KeepAliveHttpClientFactory {

	private final List<KeepAliveHttpClientBuilderCustomizer> customizers;

	private final List<ClientObserverFactory> observers;

	private final Duration leaseStatisticsWindow;

	private final EvictionScheduler evictionScheduler;

	private final AdaptiveLimitAlgorithm adaptiveLimitAlgorithm;

	private final SettingNames settingNames;

	public KeepAliveHttpClientFactory() {
		this(List.of(), List.of(), LeaseStatistics.DEFAULT_WINDOW, new EvictionScheduler(),
				AdaptiveLimitAlgorithm.DEFAULT, SettingNames.FIELDS);
	}

	private KeepAliveHttpClientFactory(List<KeepAliveHttpClientBuilderCustomizer> customizers,
			List<ClientObserverFactory> observers, Duration leaseStatisticsWindow, EvictionScheduler evictionScheduler,
			AdaptiveLimitAlgorithm adaptiveLimitAlgorithm, SettingNames settingNames) {
		this.customizers = customizers;
		this.observers = observers;
		this.leaseStatisticsWindow = leaseStatisticsWindow;
		this.evictionScheduler = evictionScheduler;
		this.adaptiveLimitAlgorithm = adaptiveLimitAlgorithm;
		this.settingNames = settingNames;
	}

	/**
	 * A factory that also applies the given customizers to every HttpClient it builds.
	 * @param customizers customizers of the HttpClient builder
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withCustomizers(Collection<KeepAliveHttpClientBuilderCustomizer> customizers) {
		Assert.notNull(customizers, "'customizers' must not be null");
		List<KeepAliveHttpClientBuilderCustomizer> merged = new ArrayList<>(this.customizers);
		merged.addAll(customizers);
		return new KeepAliveHttpClientFactory(List.copyOf(merged), this.observers, this.leaseStatisticsWindow,
				this.evictionScheduler, this.adaptiveLimitAlgorithm, this.settingNames);
	}

	/**
	 * A factory whose clients are also observed by an observer of each of the given
	 * factories, in their order.
	 * @param observers factories of the clients' observers
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withObservers(Collection<? extends ClientObserverFactory> observers) {
		Assert.notNull(observers, "'observers' must not be null");
		List<ClientObserverFactory> merged = new ArrayList<>(this.observers);
		merged.addAll(observers);
		return new KeepAliveHttpClientFactory(this.customizers, List.copyOf(merged), this.leaseStatisticsWindow,
				this.evictionScheduler, this.adaptiveLimitAlgorithm, this.settingNames);
	}

	/**
	 * A factory whose clients keep their lease statistics over the given window.
	 * @param window how far back lease statistics reach
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withLeaseStatisticsWindow(Duration window) {
		Assert.isTrue(window.compareTo(Duration.ZERO) > 0, "'window' must be positive");
		return new KeepAliveHttpClientFactory(this.customizers, this.observers, window, this.evictionScheduler,
				this.adaptiveLimitAlgorithm, this.settingNames);
	}

	/**
	 * A factory whose clients with {@code pool.adaptive.enabled} move their per-route limits
	 * with the given algorithm instead of the starter's ({@link AdaptiveLimitAlgorithm#DEFAULT}),
	 * for comparing the algorithms.
	 * @param algorithm the algorithm
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withAdaptiveLimitAlgorithm(AdaptiveLimitAlgorithm algorithm) {
		Assert.notNull(algorithm, "'algorithm' must not be null");
		return new KeepAliveHttpClientFactory(this.customizers, this.observers, this.leaseStatisticsWindow,
				this.evictionScheduler, algorithm, this.settingNames);
	}

	/**
	 * A factory whose clients name their settings, in messages, logs and advice, as the
	 * given names do, instead of by their fields ({@link SettingNames#FIELDS}).
	 * @param names the names
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withSettingNames(SettingNames names) {
		Assert.notNull(names, "'names' must not be null");
		return new KeepAliveHttpClientFactory(this.customizers, this.observers, this.leaseStatisticsWindow,
				this.evictionScheduler, this.adaptiveLimitAlgorithm, names);
	}

	/**
	 * Builds a client and schedules the eviction of its idle connections and, when its
	 * threshold is set, the detection of leaked leases.
	 * @param settings the client's settings
	 * @return the client, to be closed by the caller
	 */
	public KeepAliveHttpClient create(KeepAliveClientSettings settings) {
		ReloadableTlsStrategy tls = new ReloadableTlsStrategy(settings.http().sslBundle());
		ClientObserver observer = ClientObservers.create(settings.name(), this.observers);
		Duration leakDetectionThreshold = settings.pool().leakDetectionThreshold();
		LeakDetector leakDetector = (leakDetectionThreshold != null)
				? new LeakDetector(settings.name(), leakDetectionThreshold,
						nameOf(settings, PoolSettings.LEAK_DETECTION_THRESHOLD), observer)
				: null;
		ConnectionPool pool = null;
		CloseableHttpClient httpClient;
		try {
			pool = createPool(settings, tls, observer, leakDetector);
			httpClient = ClientExecChain.build(settings, pool, this.customizers,
					(setting) -> nameOf(settings, setting));
		}
		catch (RuntimeException ex) {
			// a customizer or the TLS material failed: nothing of the client stays behind
			if (pool != null) {
				pool.close(CloseMode.IMMEDIATE);
			}
			observer.clientClosed();
			throw ex;
		}
		Closeable eviction = this.evictionScheduler.schedule(pool, settings.keepAlive().idleTimeout(),
				settings.keepAlive().timeToLiveJitter());
		Closeable leakDetection = (leakDetector != null) ? this.evictionScheduler.schedule(leakDetector) : () -> {
		};
		KeepAliveHttpClient client = new KeepAliveHttpClient(settings, pool, httpClient, () -> {
			eviction.close();
			leakDetection.close();
		}, tls, observer, this.settingNames);
		observer.clientCreated(client);
		return client;
	}

	private String nameOf(KeepAliveClientSettings settings, ClientSetting setting) {
		return this.settingNames.nameOf(settings.name(), setting, null);
	}

	private ConnectionPool createPool(KeepAliveClientSettings settings, ReloadableTlsStrategy tls,
			ClientObserver observer, @Nullable LeakDetector leakDetector) {
		PoolSettings pool = settings.pool();
		KeepAliveSettings keepAlive = settings.keepAlive();
		HttpClientSettings http = settings.http();
		ConnectionConfig.Builder connectionConfig = ConnectionConfig.custom()
			.setTimeToLive(HttpClientDurations.timeValue(keepAlive.timeToLive()))
			// a connection idle this long is checked when leased, and replaced if stale; every
			// reused connection is checked again just before its request is written
			.setValidateAfterInactivity(HttpClientDurations.timeValue(keepAlive.validateAfterInactivity()));
		if (http.connectTimeout() != null) {
			connectionConfig.setConnectTimeout(HttpClientDurations.timeout(http.connectTimeout()));
		}
		if (http.readTimeout() != null) {
			connectionConfig.setSocketTimeout(HttpClientDurations.timeout(http.readTimeout()));
		}
		InstrumentedConnectionManagerBuilder builder = new InstrumentedConnectionManagerBuilder();
		builder
			.useSystemProperties()
			.setMaxConnTotal(pool.maxTotal())
			.setMaxConnPerRoute(pool.maxPerRoute())
			.setPoolConcurrencyPolicy(pool.concurrencyPolicy())
			.setConnPoolPolicy(pool.reusePolicy())
			.setTlsSocketStrategy(tls)
			.setDefaultConnectionConfig(connectionConfig.build());
		if (http.inetAddressFilter() != null) {
			builder.setDnsResolver(new FilteredDnsResolver(http.inetAddressFilter()));
		}
		// HttpClient's time-to-live bounds every connection; each one's own, jittered, is the pool's
		ConnectionLifePolicy lifePolicy = new ConnectionLifePolicy(keepAlive.timeToLive(),
				keepAlive.timeToLiveJitter(), tls::generation);
		AdaptiveRouteLimits.Settings adaptive = pool.adaptive().enabled()
				? new AdaptiveRouteLimits.Settings(settings.name(), pool.adaptive().minPerRoute(),
						this.adaptiveLimitAlgorithm)
				: null;
		return new ConnectionPool(settings.name(), builder, pool.maxTotal(), lifePolicy, pool.maxPerHost(),
				new LeaseStatistics(this.leaseStatisticsWindow), observer, leakDetector, adaptive);
	}

}
