package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * Sizes a pool from the leases it saw over a window. A pool fits while its callers get a
 * connection without waiting noticeably (p99 under {@value #SIGNIFICANT_WAIT_MILLIS} ms)
 * and none times out. Otherwise the limit that held them back is raised to the peak of
 * demanded concurrency (callers holding or waiting for a connection at once) plus a
 * quarter for headroom, at most {@value #MAX_SUGGESTED}: a route whose demand exceeded
 * its limit ({@code maxPerRoute}, or its {@code maxPerHost} entry), and
 * {@code maxTotal} when the demand across routes exceeded it or a raised route limit
 * would. Each reason gives the figures, with the mean concurrency by Little's law
 * (leases per second times the mean hold time) for comparison: when it is close to the
 * limit, the pool was busy all the time, not only at peaks.
 */
public final class PoolAdvisor {

	/** The {@code maxTotal} of a pool that applies no limit across routes (HttpClient's LAX pool). */
	public static final int NO_LIMIT = 0;

	static final long SIGNIFICANT_WAIT_MILLIS = 10;

	/** The largest size suggested: beyond it, the downstream is the limit, not the pool. */
	static final int MAX_SUGGESTED = 1000;

	private static final Duration SIGNIFICANT_WAIT = Duration.ofMillis(SIGNIFICANT_WAIT_MILLIS);

	private static final double HEADROOM = 1.25;

	/**
	 * The changes the leases call for; empty when the pool fits.
	 * @param leases the leases over the window
	 * @param maxTotal the pool's {@code maxTotal} now, {@link #NO_LIMIT} if it applies none
	 * @param maxPerRoute the pool's {@code maxPerRoute} now
	 * @param routeLimits the limit each route runs with now
	 * @return the advice, route limits first
	 */
	public List<PoolAdvice> advise(LeaseSummary leases, int maxTotal, int maxPerRoute,
			Function<HttpRoute, RouteLimit> routeLimits) {
		if (!callersWaited(leases)) {
			return List.of();
		}
		Map<String, PoolAdvice> advice = new LinkedHashMap<>();
		leases.routes().forEach((route, figures) -> {
			RouteLimit limit = routeLimits.apply(route);
			if (figures.peakDemand() > limit.max() && figures.maxWait().compareTo(SIGNIFICANT_WAIT) >= 0) {
				ClientSetting setting = (limit.maxPerHostKey() != null) ? PoolSettings.MAX_PER_HOST
						: PoolSettings.MAX_PER_ROUTE;
				String reason = waited(leases) + "; " + figures.peakDemand() + " requests to " + RouteNames.of(route)
						+ " were in flight at peak, " + limit.max() + " allowed per route"
						+ ((maxTotal != NO_LIMIT && leases.peakLeased() < maxTotal)
								? ", while the pool had room (" + leases.peakLeased() + " of " + maxTotal
										+ " leased at peak)"
								: "")
						+ littlesLaw(leases);
				PoolAdvice raise = new PoolAdvice(setting, limit.maxPerHostKey(), limit.max(),
						suggest(figures.peakDemand()), reason);
				String limitKey = (limit.maxPerHostKey() != null) ? limit.maxPerHostKey() : "";
				advice.merge(limitKey, raise, (one, other) -> (one.suggested() >= other.suggested()) ? one : other);
			}
		});
		PoolAdvice total = (maxTotal != NO_LIMIT) ? adviseMaxTotal(leases, maxTotal, advice.values()) : null;
		List<PoolAdvice> all = new ArrayList<>(advice.values());
		if (total != null) {
			all.add(total);
		}
		return all;
	}

	private @Nullable PoolAdvice adviseMaxTotal(LeaseSummary leases, int maxTotal, Iterable<PoolAdvice> routes) {
		int suggested = 0;
		String reason = null;
		if (leases.peakDemand() > maxTotal && leases.peakLeased() >= maxTotal) {
			suggested = suggest(leases.peakDemand());
			reason = waited(leases) + "; " + leases.peakDemand()
					+ " requests were in flight at peak across all routes, " + maxTotal + " allowed in total"
					+ littlesLaw(leases);
		}
		for (PoolAdvice route : routes) {
			if (route.suggested() > Math.max(maxTotal, suggested)) {
				suggested = route.suggested();
				reason = "a route's limit cannot exceed the pool's total, and one is to be raised to "
						+ route.suggested();
			}
		}
		return (reason != null)
				? new PoolAdvice(PoolSettings.MAX_TOTAL, null, maxTotal, suggested, reason) : null;
	}

	private static boolean callersWaited(LeaseSummary leases) {
		return leases.timeouts() > 0
				|| (leases.waitP99() != null && leases.waitP99().compareTo(SIGNIFICANT_WAIT) >= 0);
	}

	private static int suggest(int peakDemand) {
		return (int) Math.min(MAX_SUGGESTED, Math.ceil(peakDemand * HEADROOM));
	}

	private static String waited(LeaseSummary leases) {
		String waited = (leases.waitP99() != null)
				? "callers waited p99 " + leases.waitP99().toMillis() + " ms for a connection" : "callers waited";
		return (leases.timeouts() > 0) ? waited + " and " + leases.timeouts() + " gave up (lease timeout)" : waited;
	}

	private static String littlesLaw(LeaseSummary leases) {
		if (leases.meanHold() == null) {
			return "";
		}
		return String.format(Locale.ROOT, "; %.1f connections were busy on average (%.0f leases/s held %.1f ms each)",
				leases.meanConcurrency(), leases.leasesPerSecond(), leases.meanHold().toNanos() / 1e6);
	}

	/**
	 * The limit a route runs with now.
	 *
	 * @param max its maximum connections
	 * @param maxPerHostKey the {@code maxPerHost} key it comes from, or
	 * {@code null} if it is the pool's {@code maxPerRoute}
	 */
	public record RouteLimit(int max, @Nullable String maxPerHostKey) {
	}

}
