package io.github.keepalive.realserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.keepalive.client.ConnectionCounts;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.realserver.CallerLoad.Pause;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured {@link RestClient} against a real nginx that closes keep-alive
 * connections in each of the ways it does in production: an idle timeout, with and without
 * announcing it, a request limit per connection, a config reload and a restart. GETs never
 * fail except while nginx is down, and no POST reaches nginx twice; failed POSTs are
 * counted and printed, with the other figures, as a row of the table in docs/reliability.md.
 */
@Tag("real-servers")
class NginxRealServerTests {

	private static final int CALLERS = 8;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@BeforeEach
	void nginxInstalled() {
		ServerProcess.assumeInstalled("nginx");
	}

	@Test
	void shortKeepAliveTimeoutNotAnnounced() {
		// nginx closes a connection idle for 1s without telling the client; callers pause
		// around that second, like the client's validate-after-inactivity (1s)
		keepAliveTimeout("keepalive_timeout 1s;", null, "nginx `keepalive_timeout 1s`, not announced");
	}

	@Test
	void shortKeepAliveTimeoutAnnounced() {
		// the second parameter sends Keep-Alive: timeout=1, which the client's pool honours
		keepAliveTimeout("keepalive_timeout 1s 1s;", "timeout=1", "nginx `keepalive_timeout 1s 1s` (announced)");
	}

	private void keepAliveTimeout(String directive, String announced, String scenario) {
		try (NginxServer nginx = NginxServer.start(this.directory, directive)) {
			Pause aroundTheTimeout = CallerLoad
				.inRounds((random) -> (random.nextInt(4) == 0) ? random.nextInt(10) : 900 + random.nextInt(201));
			List<Call> calls = load(nginx, Duration.ofSeconds(12), 100, aroundTheTimeout, (restClient) -> {
				HttpHeaders headers = restClient.get().uri("/").retrieve().toBodilessEntity().getHeaders();
				assertThat(headers.getFirst("Keep-Alive")).as("Keep-Alive header").isEqualTo(announced);
			});
			nginx.stop();
			List<AccessLogEntry> log = nginx.accessLog();
			ScenarioFigures figures = ScenarioFigures.of(scenario, calls, log, ScenarioFigures.connectionsIn(log));
			figures.print("rounds of 8 requests at once, 0–10 ms or 0.9–1.1 s apart");
			assertTargets(figures);
			assertThat(figures.connections()).as("connections (nginx closed idle ones)").isGreaterThan(CALLERS);
		}
	}

	@Test
	void fiveRequestsPerConnection() {
		try (NginxServer nginx = NginxServer.start(this.directory, "keepalive_requests 5;")) {
			List<Call> calls = load(nginx, Duration.ofSeconds(6), 1000, shortPauses());
			nginx.stop();
			List<AccessLogEntry> log = nginx.accessLog();
			ScenarioFigures figures = ScenarioFigures.of("nginx `keepalive_requests 5`", calls, log,
					ScenarioFigures.connectionsIn(log));
			figures.print("nginx sends `Connection: close` with every 5th response");
			assertTargets(figures);
			assertThat(log).allSatisfy((entry) -> assertThat(entry.connectionRequests()).isLessThanOrEqualTo(5));
			assertThat(figures.connections()).as("connections").isGreaterThanOrEqualTo(log.size() / 5);
		}
	}

	@Test
	void reloadEveryTwoSecondsUnderLoad() {
		try (NginxServer nginx = NginxServer.start(this.directory)) {
			AtomicInteger reloads = new AtomicInteger();
			AtomicReference<Operator> operator = new AtomicReference<>();
			// the operator starts with the callers, not before the application: a start-up slowed
			// down by a busy machine would otherwise leave reloads before the first request; the
			// callers go on for 4 s after the last reload is due, so that its workers serve too
			List<Call> calls = load(nginx, Duration.ofSeconds(12), 5000, shortPauses(),
					(restClient) -> operator.set(Operator.start(() -> {
						for (int i = 0; i < 4; i++) {
							ServerProcess.sleep(2000);
							nginx.reload();
							reloads.incrementAndGet();
						}
					})));
			operator.get().join();
			nginx.stop();
			List<AccessLogEntry> log = nginx.accessLog();
			ScenarioFigures figures = ScenarioFigures.of("nginx `-s reload` every 2 s", calls, log,
					ScenarioFigures.connectionsIn(log));
			long workers = log.stream().map((entry) -> entry.connection().split(":")[0]).distinct().count();
			figures.print(reloads.get() + " reloads, " + workers + " workers served requests");
			assertTargets(figures);
			assertThat(reloads).hasValue(4);
			assertThat(workers).as("workers that served requests").isEqualTo(reloads.get() + 1);
		}
	}

	@Test
	void stoppedForThreeSecondsAndRestarted() {
		// A worker told to stop at once that has answered a request while more data waited
		// on its connection (the caller's next request) closes it lingering, and logs the
		// request only when that ends: never, since it stops. Without lingering close it logs
		// every request it answered, so that the log still shows every POST that succeeded.
		try (NginxServer nginx = NginxServer.start(this.directory, "lingering_close off;")) {
			AtomicLong stoppedAt = new AtomicLong();
			AtomicLong downAt = new AtomicLong();
			AtomicLong restartedAt = new AtomicLong();
			AtomicReference<Operator> operator = new AtomicReference<>();
			// a caller whose request failed waits a little, so that the outage stays bounded
			Pause pause = (random, call) -> call.failed() ? 100 : random.nextInt(10);
			AtomicReference<ConnectionCounts> counts = new AtomicReference<>();
			// the operator starts with the callers (see reloadEveryTwoSecondsUnderLoad)
			List<Call> calls = load(nginx, Duration.ofSeconds(10), 5000, pause,
					(restClient) -> operator.set(Operator.start(() -> {
						ServerProcess.sleep(3000);
						stoppedAt.set(System.nanoTime());
						nginx.stop();
						downAt.set(System.nanoTime());
						ServerProcess.sleep(3000);
						nginx.start();
						restartedAt.set(System.nanoTime());
					})), counts);
			operator.get().join();
			nginx.stop();
			List<AccessLogEntry> log = nginx.accessLog();
			ScenarioFigures figures = ScenarioFigures.of("nginx stopped for 3 s and restarted", calls, log,
					ScenarioFigures.connectionsIn(log));
			// the outage: from the stop to the first request that succeeded after the restart
			// (requests still in flight while nginx shuts down may succeed)
			long outageEnd = calls.stream()
				.filter((call) -> !call.failed() && call.start() - downAt.get() >= 0)
				.mapToLong(Call::end)
				.min()
				.orElseThrow(() -> new AssertionError("No request succeeded after the restart"));
			List<Call> failedBefore = failed(calls, (call) -> call.end() - stoppedAt.get() < 0);
			List<Call> failedDuring = failed(calls,
					(call) -> call.end() - stoppedAt.get() >= 0 && call.end() - outageEnd <= 0);
			List<Call> failedAfter = failed(calls, (call) -> call.end() - outageEnd > 0);
			figures.print(String.format(Locale.ROOT,
					"outage %.1f s (stop to first success, nginx back after %.1f s): %d GET and %d POST failures "
							+ "in it, %d before, %d after; client: %d connections opened, failed attempts %s",
					seconds(outageEnd - stoppedAt.get()), seconds(restartedAt.get() - stoppedAt.get()),
					count(failedDuring, false), count(failedDuring, true), failedBefore.size(), failedAfter.size(),
					counts.get().opened(), counts.get().failed()));
			assertThat(count(failedBefore, false)).as("GET failures before the outage: %s",
					ScenarioFigures.failureKinds(failedBefore)).isZero();
			assertThat(failedAfter).as("failures after the first success that followed the restart: %s",
					ScenarioFigures.failureKinds(failedAfter)).isEmpty();
			assertThat(figures.postsReceivedTwice()).as("POSTs nginx received twice").isZero();
			assertThat(figures.lostPosts()).as("successful POSTs missing from the access log").isZero();
			assertThat(count(failedDuring, false)).as("GET failures during the outage").isPositive();
			// refused connects count as failed, not as opened (and closed): every connection
			// opened served requests nginx logged, or carried an attempt of a call that failed
			// as nginx stopped: one that nginx reset (a GET retried once: two connections), or
			// one that began before nginx was down, whose retry may then have been refused
			long reachedNginx = calls.stream()
				.filter((call) -> call.failed()
						&& (!ScenarioFigures.rootCause(call.failure()).equals("HttpHostConnectException")
								|| call.start() - downAt.get() < 0))
				.count();
			assertThat(counts.get().failed().get("refused")).as("refused connects").isPositive();
			assertThat(counts.get().opened()).as("connections opened (refused connects: %d)",
					counts.get().failed().get("refused"))
				.isBetween(figures.connections(), figures.connections() + 2 * reachedNginx);
		}
	}

	private static void assertTargets(ScenarioFigures figures) {
		assertThat(figures.getFailures()).as("GET failures: %s", figures.failureKinds()).isZero();
		assertThat(figures.postsReceivedTwice()).as("POSTs nginx received twice").isZero();
		assertThat(figures.lostPosts()).as("successful POSTs missing from the access log").isZero();
	}

	private static List<Call> load(NginxServer nginx, Duration duration, int maxPerCaller, Pause pause) {
		return load(nginx, duration, maxPerCaller, pause, (restClient) -> {
		});
	}

	private static List<Call> load(NginxServer nginx, Duration duration, int maxPerCaller, Pause pause,
			Consumer<RestClient> first) {
		return load(nginx, duration, maxPerCaller, pause, first, new AtomicReference<>());
	}

	private static List<Call> load(NginxServer nginx, Duration duration, int maxPerCaller, Pause pause,
			Consumer<RestClient> first, AtomicReference<ConnectionCounts> counts) {
		List<Call> calls = new ArrayList<>();
		KeepAliveTestSupport.contextRunner()
			.withPropertyValues("keepalive.base-url=" + nginx.baseUrl())
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				first.accept(restClient);
				calls.addAll(CallerLoad.run(restClient, CALLERS, duration, maxPerCaller, pause));
				assertNoLeases(context);
				counts.set(context.getBean(KeepAliveClients.class).get("default").pool().connections());
			});
		return calls;
	}

	private static Pause shortPauses() {
		return (random, call) -> random.nextInt(10);
	}

	private static List<Call> failed(List<Call> calls, Predicate<Call> when) {
		return calls.stream().filter((call) -> call.failed() && when.test(call)).toList();
	}

	private static long count(List<Call> calls, boolean post) {
		return calls.stream().filter((call) -> call.post() == post).count();
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	/**
	 * What an operator does to the server while the callers run, on a thread of its own.
	 */
	static final class Operator {

		private final Thread thread;

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private Operator(Runnable action) {
			this.thread = new Thread(() -> {
				try {
					action.run();
				}
				catch (Throwable ex) {
					this.failure.set(ex);
				}
			}, "operator");
			this.thread.setDaemon(true);
		}

		static Operator start(Runnable action) {
			Operator operator = new Operator(action);
			operator.thread.start();
			return operator;
		}

		void join() {
			try {
				this.thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(this.thread.isAlive()).as("operator still running").isFalse();
			if (this.failure.get() != null) {
				throw new AssertionError("The operator failed", this.failure.get());
			}
		}

	}

}
