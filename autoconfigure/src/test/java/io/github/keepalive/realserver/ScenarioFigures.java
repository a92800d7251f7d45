package io.github.keepalive.realserver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.keepalive.realserver.CallerLoad.Call;

/**
 * What one scenario counted, from the callers' side and from the server's access log.
 *
 * @param scenario the scenario's name
 * @param gets GETs sent
 * @param getFailures GETs that failed
 * @param posts POSTs sent
 * @param postFailures POSTs that failed
 * @param postsReceivedTwice POST ids the server logged more than once
 * @param lostPosts POSTs that succeeded but that the server never logged (must be 0, or
 * the log cannot be trusted)
 * @param failedPostsReceived POSTs that failed for the caller but that the server logged
 * @param connections client connections the server saw serve requests
 * @param failureKinds failures by method and root cause
 */
public record ScenarioFigures(String scenario, int gets, int getFailures, int posts, int postFailures,
		long postsReceivedTwice, long lostPosts, long failedPostsReceived, long connections,
		Map<String, Integer> failureKinds) {

	/**
	 * Counts a scenario.
	 * @param scenario its name
	 * @param calls every request as its caller saw it
	 * @param log the server's access log
	 * @param connections the client connections the server saw
	 * @return the figures
	 */
	static ScenarioFigures of(String scenario, List<Call> calls, List<AccessLogEntry> log, long connections) {
		Map<String, Long> postsReceived = log.stream()
			.filter((entry) -> "POST".equals(entry.method()))
			.collect(Collectors.groupingBy(AccessLogEntry::requestId, Collectors.counting()));
		Set<String> failedPosts = calls.stream()
			.filter((call) -> call.post() && call.failed())
			.map(Call::id)
			.collect(Collectors.toSet());
		Map<String, Integer> failureKinds = failureKinds(calls.stream().filter(Call::failed).toList());
		return new ScenarioFigures(scenario, count(calls, (call) -> !call.post()),
				count(calls, (call) -> !call.post() && call.failed()), count(calls, Call::post),
				failedPosts.size(), postsReceived.values().stream().filter((count) -> count > 1).count(),
				calls.stream()
					.filter((call) -> call.post() && !call.failed() && !postsReceived.containsKey(call.id()))
					.count(),
				failedPosts.stream().filter(postsReceived::containsKey).count(), connections, failureKinds);
	}

	/**
	 * The client connections that served the requests of an nginx access log.
	 * @param log the log
	 * @return distinct connections
	 */
	static long connectionsIn(List<AccessLogEntry> log) {
		return log.stream().map(AccessLogEntry::connection).distinct().count();
	}

	/**
	 * Prints the scenario's figures as a Markdown table row (the table in docs/reliability.md) and its
	 * failures by kind.
	 * @param notes what else the scenario measured
	 */
	void print(String notes) {
		System.out.printf(Locale.ROOT, "%n| %s | %s | %s | %s | %s | %s | %s | %s |%n", this.scenario,
				number(this.gets), number(this.getFailures), number(this.posts), number(this.postFailures),
				number(this.postsReceivedTwice), number(this.connections), notes);
		System.out.printf(Locale.ROOT, "  failures by kind: %s; failed POSTs the server logged: %d%n%n",
				this.failureKinds, this.failedPostsReceived);
	}

	private static String number(long value) {
		return String.format(Locale.US, "%,d", value);
	}

	private static int count(List<Call> calls, Predicate<Call> filter) {
		return (int) calls.stream().filter(filter).count();
	}

	public static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

	/**
	 * Failed requests by method and root cause, such as {@code POST NoHttpResponseException}.
	 * @param failed failed requests
	 * @return how many of each kind
	 */
	public static Map<String, Integer> failureKinds(List<Call> failed) {
		Map<String, Integer> kinds = new TreeMap<>();
		failed.forEach((call) -> kinds.merge((call.post() ? "POST " : "GET ") + rootCause(call.failure()), 1,
				Integer::sum));
		return kinds;
	}

}
