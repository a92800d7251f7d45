package io.github.keepalive.client.pool;

import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * What a pool keeps of one route it serves, found with one look-up per lease: the
 * callers holding or waiting for one of its connections (striped counters, summed only
 * when a caller waited noticeably), its adaptive limit if it has one, and when it was last
 * used, so that a route no longer used can be forgotten.
 */
final class RouteState {

	// the last use is written at most this often: a write on every lease would bounce its
	// cache line between the callers
	private static final long TOUCH_NANOS = 1_000_000_000L;

	private final HttpRoute route;

	private final @Nullable AdaptiveRouteLimit adaptiveLimit;

	private final LongAdder entered = new LongAdder();

	private final LongAdder left = new LongAdder();

	private volatile long lastUsedNanos;

	// the pool's limits came down: connections coming back may be over them
	private volatile boolean shrinking;

	RouteState(HttpRoute route, @Nullable AdaptiveRouteLimit adaptiveLimit, long now) {
		this.route = route;
		this.adaptiveLimit = adaptiveLimit;
		this.lastUsedNanos = now;
	}

	HttpRoute route() {
		return this.route;
	}

	@Nullable AdaptiveRouteLimit adaptiveLimit() {
		return this.adaptiveLimit;
	}

	/**
	 * A caller starts to wait for a connection of the route.
	 * @param now now, in {@link System#nanoTime()} terms
	 */
	void waitStarted(long now) {
		this.entered.increment();
		if (now - this.lastUsedNanos >= TOUCH_NANOS) {
			this.lastUsedNanos = now;
		}
	}

	/**
	 * A caller gave up waiting, or gave its connection back.
	 */
	void left() {
		this.left.increment();
	}

	/**
	 * The callers holding or waiting for a connection of the route now; not an atomic
	 * snapshot, so read it only where that is good enough.
	 * @return the demand
	 */
	int demand() {
		// the callers that left are read first: a caller that enters meanwhile is counted
		long left = this.left.sum();
		return (int) Math.max(0, this.entered.sum() - left);
	}

	/**
	 * Whether the route may hold more connections than the pool's limits allow, since they
	 * came down; one volatile read on each release.
	 * @return whether it may
	 */
	boolean isShrinking() {
		return this.shrinking;
	}

	/**
	 * The pool's limits came down, or the route holds no more connections than they allow.
	 * @param shrinking whether the route may hold more
	 */
	void shrinking(boolean shrinking) {
		this.shrinking = shrinking;
	}

	/**
	 * Whether the route has not been used for the given time.
	 * @param now now, in {@link System#nanoTime()} terms
	 * @param idleNanos how long
	 * @return whether it has been unused that long
	 */
	boolean unusedFor(long now, long idleNanos) {
		return now - this.lastUsedNanos >= idleNanos + TOUCH_NANOS && demand() == 0;
	}

}
