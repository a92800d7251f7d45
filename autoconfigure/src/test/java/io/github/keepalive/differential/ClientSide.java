package io.github.keepalive.differential;

/**
 * The two clients a differential scenario compares, each with its default connections per
 * route (HttpClient's 5 for Spring Boot's client, 50 for the starter's).
 */
enum ClientSide {

	/** The starter's auto-configured clients: the {@code @Primary RestClient} and Boot's builder. */
	STARTER(50),

	/** Spring Boot's own HttpClient 5 client, the starter switched off ({@code keepalive.enabled=false}). */
	BOOT(5);

	private final int maxPerRoute;

	ClientSide(int maxPerRoute) {
		this.maxPerRoute = maxPerRoute;
	}

	/**
	 * The connections the side's pool opens to one route at most, by default.
	 * @return the pool's limit per route
	 */
	int maxPerRoute() {
		return this.maxPerRoute;
	}

	/**
	 * The connections a side needs at peak with this many callers at once: one per caller,
	 * up to its pool's limit per route.
	 * @param callers the callers at once
	 * @return the connections leased at peak
	 */
	int leasedAtPeak(int callers) {
		return Math.min(callers, this.maxPerRoute);
	}

}
