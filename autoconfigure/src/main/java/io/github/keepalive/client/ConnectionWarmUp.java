package io.github.keepalive.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.keepalive.client.connection.WarmUpHandler;
import io.github.keepalive.client.pool.RouteNames;
import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.BaseUrl;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.ProxySettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * A client's warm-up under way: {@code warm-up.connections} connections to the route of
 * its base URL, opened at once, each by an exchange of its own (one short-lived thread
 * each) through the client's HttpClient, so that route planning, the proxy's
 * {@code CONNECT} and the TLS handshake are HttpClient's own. No request is sent: the
 * {@link WarmUpHandler} ends each exchange once its connection is open. Each exchange
 * holds its connection until every other one has connected or failed (otherwise a later
 * exchange would lease an earlier one's connection), then puts it in the pool as idle.
 */
public final class ConnectionWarmUp {

	private static final Log logger = LogFactory.getLog(ConnectionWarmUp.class);

	/** How long {@link #await()} waits past the timeout for the exchanges to end. */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final String clientName;

	private final Duration timeout;

	private final String timeoutName;

	private final int requested;

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	private final List<Warmer> warmers = new ArrayList<>();

	private final CountDownLatch settled;

	private final CountDownLatch done;

	private final AtomicInteger opened = new AtomicInteger();

	private final AtomicLong lastEndNanos = new AtomicLong();

	private final AtomicReference<@Nullable String> failure = new AtomicReference<>();

	private volatile String route;

	private ConnectionWarmUp(String clientName, String route, int requested, int allowed, Duration timeout,
			String timeoutName) {
		this.clientName = clientName;
		this.route = route;
		this.requested = requested;
		this.timeout = timeout;
		this.timeoutName = timeoutName;
		this.deadlineNanos = this.startNanos + timeout.toNanos();
		this.settled = new CountDownLatch(allowed);
		this.done = new CountDownLatch(allowed);
	}

	/**
	/**
	 * Warms every client up whose {@code warm-up.connections} is positive and that has a base
	 * URL, all at once, and waits for them, each at most its {@code warm-up.timeout}. A
	 * warm-up that falls short is logged as a warning and does not fail.
	 * @param clients the clients
	 * @return what each warm-up achieved
	 */
	static List<WarmUpResult> warmUpAll(List<KeepAliveHttpClient> clients) {
		List<KeepAliveHttpClient> toWarm = clients.stream()
			.filter((client) -> client.getSettings().warmUp().connections() > 0)
			.toList();
		// a client without a base URL may have inherited the default client's warm-up
		toWarm.stream()
			.filter((client) -> client.getSettings().baseUrl() == null)
			.forEach((client) -> logger.info("Keep-alive client '" + client.getName() + "' has no "
					+ client.settingName(KeepAliveClientSettings.BASE_URL, null) + ": "
					+ client.settingName(WarmUpSettings.CONNECTIONS, null) + " does not apply to it"));
		List<ConnectionWarmUp> warmUps = toWarm.stream()
			.filter((client) -> client.getSettings().baseUrl() != null)
			.map(KeepAliveHttpClient::startWarmUp)
			.toList();
		List<WarmUpResult> results = warmUps.stream().map(ConnectionWarmUp::await).toList();
		for (WarmUpResult result : results) {
			if (result.isComplete()) {
				logger.info(result);
			}
			else {
				logger.warn(result);
			}
		}
		return results;
	}

	/**
	 * Starts warming up a client.
	 * @param settings the client's settings
	 * @param maxForRoute the most connections the pool allows to the base URL's host
	 * @param adaptiveLimit the most the route's limit allows now: its adaptive limit, or
	 * {@code maxForRoute} when its limit is fixed
	 * @param httpClient the client's HttpClient
	 * @param names names the settings its messages point to
	 * @return the warm-up under way
	 */
	static ConnectionWarmUp start(KeepAliveClientSettings settings, int maxForRoute, int adaptiveLimit,
			CloseableHttpClient httpClient, Function<ClientSetting, String> names) {
		WarmUpSettings warmUp = settings.warmUp();
		BaseUrl baseUrl = settings.baseUrl();
		if (baseUrl == null) {
			ConnectionWarmUp none = new ConnectionWarmUp(settings.name(), "(no base URL)", warmUp.connections(), 0,
					warmUp.timeout(), names.apply(WarmUpSettings.TIMEOUT));
			none.failure.set("the client has no base URL to warm up");
			return none;
		}
		// the route as planned, until a connection shows the route as HttpClient planned it
		ProxySettings proxy = settings.proxy();
		String route = new HttpHost(baseUrl.scheme(), baseUrl.host(), baseUrl.port()).toURI()
				+ ((proxy != null) ? " via " + new HttpHost(proxy.host(), proxy.port()).toURI() : "");
		int allowed = Math.min(warmUp.connections(), maxForRoute);
		int requested = warmUp.connections();
		if (adaptiveLimit < allowed) {
			// more would wait out the lease timeout, and be closed as they come back
			logger.info("Keep-alive client '" + settings.name() + "' warms up " + adaptiveLimit + " of "
					+ warmUp.connections() + " connections: its adaptive limit starts at " + adaptiveLimit
					+ " (" + names.apply(AdaptiveSettings.MIN_PER_ROUTE) + ") and grows with the load");
			allowed = adaptiveLimit;
			requested = adaptiveLimit;
		}
		ConnectionWarmUp started = new ConnectionWarmUp(settings.name(), route, requested, allowed,
				warmUp.timeout(), names.apply(WarmUpSettings.TIMEOUT));
		if (allowed < warmUp.connections()) {
			started.failure.set(names.apply(PoolSettings.MAX_PER_HOST) + " allows " + maxForRoute
					+ " connections to " + baseUrl.host());
		}
		for (int i = 0; i < allowed; i++) {
			Warmer warmer = started.new Warmer(httpClient, new HttpGet(baseUrl.uri()));
			started.warmers.add(warmer);
			Thread thread = new Thread(warmer, "keepalive-warm-up-" + settings.name() + "-" + (i + 1));
			thread.setDaemon(true);
			thread.start();
		}
		return started;
	}

	/**
	 * Waits until the warm-up is over, at most until its timeout: exchanges still
	 * connecting then are cancelled.
	 * @return what it achieved
	 */
	public WarmUpResult await() {
		if (!awaitUntil(this.done, this.deadlineNanos)) {
			// said before the cancelled exchanges fail with "Request aborted"
			this.failure.compareAndSet(null,
					"not connected within " + this.timeout.toMillis() + " ms (" + this.timeoutName + ")");
			this.warmers.stream().filter((warmer) -> !warmer.connected).forEach((warmer) -> warmer.request.cancel());
			awaitUntil(this.done, System.nanoTime() + GRACE_NANOS);
		}
		long endNanos = (this.done.getCount() == 0 && this.lastEndNanos.get() != 0) ? this.lastEndNanos.get()
				: System.nanoTime();
		return new WarmUpResult(this.clientName, this.route, this.requested, this.opened.get(),
				Duration.ofNanos(endNanos - this.startNanos), this.failure.get());
	}

	private static boolean awaitUntil(CountDownLatch latch, long deadlineNanos) {
		try {
			return latch.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String describe(Exception ex) {
		// HttpClient wraps what went wrong while leasing in a "Request execution failed"
		Throwable cause = (ex instanceof RequestFailedException && ex.getCause() != null) ? ex.getCause() : ex;
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/**
	 * One exchange of the warm-up, opening one connection.
	 */
	private final class Warmer implements Runnable {

		private final CloseableHttpClient httpClient;

		private final HttpGet request;

		private volatile boolean connected;

		Warmer(CloseableHttpClient httpClient, HttpGet request) {
			this.httpClient = httpClient;
			this.request = request;
		}

		@Override
		public void run() {
			HttpClientContext context = HttpClientContext.create();
			WarmUpHandler.warmUp(context, this::connected);
			try {
				int status = this.httpClient.execute(this.request, context, (response) -> response.getCode());
				if (!this.connected) {
					// the exchange ended before the connect step was through, e.g. a proxy's 407
					failure.compareAndSet(null, "the route answered " + status + " while connecting");
				}
			}
			catch (IOException | RuntimeException ex) {
				if (!this.connected) {
					failure.compareAndSet(null, describe(ex));
				}
			}
			finally {
				if (!this.connected) {
					settled.countDown();
				}
				lastEndNanos.accumulateAndGet(System.nanoTime(), Math::max);
				done.countDown();
			}
		}

		private void connected(HttpRoute connectedRoute) {
			this.connected = true;
			route = RouteNames.of(connectedRoute);
			opened.incrementAndGet();
			settled.countDown();
			awaitUntil(settled, deadlineNanos);
		}

	}

}
