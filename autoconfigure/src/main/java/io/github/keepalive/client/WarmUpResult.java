package io.github.keepalive.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a client's warm-up achieved.
 *
 * @param clientName the client's name
 * @param route the route warmed, e.g. {@code https://api.example.com:443 via
 * http://proxy:3128}
 * @param requested the connections asked for ({@code warm-up.connections})
 * @param opened the connections opened and pooled
 * @param took how long the warm-up took
 * @param failure why connections are missing, or {@code null} when none is
 */
public record WarmUpResult(String clientName, String route, int requested, int opened, Duration took,
		@Nullable String failure) {

	/**
	 * Whether every connection asked for was opened.
	 * @return whether the warm-up is complete
	 */
	public boolean isComplete() {
		return this.opened >= this.requested;
	}

	@Override
	public String toString() {
		String summary = "Keep-alive client '" + this.clientName + "' warmed "
				+ (isComplete() ? "" : this.opened + " of ") + this.requested + " connection" + ((this.requested != 1) ? "s" : "") + " to " + this.route + " in "
				+ this.took.toMillis() + " ms";
		return isComplete() ? summary : summary + ": " + this.failure;
	}

}
