package io.github.keepalive.differential;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.github.keepalive.realserver.AccessLogEntry;
import io.github.keepalive.realserver.CallerLoad;
import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.realserver.CallerLoad.Pause;
import io.github.keepalive.realserver.NginxServer;
import io.github.keepalive.realserver.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The starter and Boot's client side by side against one real nginx that an operator
 * reloads or restarts while 16 callers per client send GETs and POSTs: nginx listens on
 * one port per client, so that every reload and restart hits both alike, and its access
 * log ({@code $server_port}, {@code $pid:$connection}) tells the clients' connections and
 * requests apart.
 */
final class NginxSideBySide {

	static final int CALLERS = 16;

	/**
	 * After a restart the starter opens at most 1.25 times the 16 connections leased at
	 * peak (issue 17): one for each caller whose connection nginx closed, and a few for the
	 * callers' peaks. Connections idle since before the restart teach no idle limit, so
	 * none is renewed once the restart is over; before that, a reload cost up to 54, and
	 * before the idle limits were made safe, thousands.
	 */
	static final int MAX_NEW_CONNECTIONS_AFTER_A_RESTART = CALLERS * 5 / 4;

	private static final int MAX_REQUESTS_PER_CALLER = 50_000;

	private final Path directory;

	private final List<Restart> restarts = new CopyOnWriteArrayList<>();

	private NginxSideBySide(Path directory) {
		this.directory = directory;
	}

	/**
	 * Skips the test, naming the missing program, when nginx is not installed.
	 */
	static void assumeNginx() {
		assumeTrue(NginxServer.isInstalled(),
				"nginx not found on the PATH or in /usr/sbin: skipping the scenarios against a real nginx "
						+ "(apt-get install -y nginx)");
	}

	/**
	 * Runs both clients for the given time while nginx is reloaded at a fixed interval.
	 * @param directory nginx's directory
	 * @param scenario the scenario's name
	 * @param duration how long the callers run
	 * @param interval the time between reloads
	 * @return each client's figures
	 */
	static Map<ClientSide, Figures> reloads(Path directory, String scenario, Duration duration, Duration interval) {
		NginxSideBySide run = new NginxSideBySide(directory);
		return run.run(scenario, duration, (nginx, end) -> {
			while (System.nanoTime() + interval.toNanos() - end < 0) {
				ServerProcess.sleep(interval.toMillis());
				long at = System.currentTimeMillis();
				long atNanos = System.nanoTime();
				nginx.reload();
				run.restarts.add(new Restart(at, atNanos, atNanos));
			}
		});
	}

	/**
	 * Runs both clients for the given time while nginx is stopped, and started again after
	 * {@code down}, once every {@code interval}.
	 * @param directory nginx's directory
	 * @param scenario the scenario's name
	 * @param duration how long the callers run
	 * @param interval the time from one start to the next
	 * @param down how long nginx stays down each time
	 * @return each client's figures
	 */
	static Map<ClientSide, Figures> stopsAndStarts(Path directory, String scenario, Duration duration,
			Duration interval, Duration down) {
		NginxSideBySide run = new NginxSideBySide(directory);
		return run.run(scenario, duration, (nginx, end) -> {
			while (System.nanoTime() + interval.toNanos() - end < 0) {
				ServerProcess.sleep(interval.minus(down).toMillis());
				long at = System.currentTimeMillis();
				long stoppedAt = System.nanoTime();
				nginx.stop();
				ServerProcess.sleep(down.toMillis());
				nginx.start();
				run.restarts.add(new Restart(at, stoppedAt, System.nanoTime()));
			}
		});
	}

	private Map<ClientSide, Figures> run(String scenario, Duration duration, Operator operator) {
		assumeNginx();
		// a worker told to stop at once logs only the requests it answered without
		// lingering: the log then shows every POST it served; and nginx closes a connection
		// only when restarted, not after its default 1,000 requests, so that the connections
		// opened after a restart are those the restart made the client open
		try (NginxServer nginx = NginxServer.start(this.directory, ClientSide.values().length,
				"lingering_close off;", "keepalive_requests 1000000;")) {
			// the callers and the operator start together, once both contexts are up
			CountDownLatch ready = new CountDownLatch(ClientSide.values().length + 1);
			Map<ClientSide, List<Call>> calls = new EnumMap<>(ClientSide.class);
			List<Thread> threads = new ArrayList<>();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			for (ClientSide side : ClientSide.values()) {
				AtomicBoolean arrived = new AtomicBoolean();
				Thread thread = new Thread(() -> {
					try {
						List<Call> sideCalls = DifferentialClients.run(side, nginx.baseUrl(side.ordinal()), List.of(),
								(clients) -> {
									arrived.set(true);
									awaitTogether(ready, failures);
									return CallerLoad.run(clients.primary(), CALLERS, duration,
											MAX_REQUESTS_PER_CALLER, pause());
								});
						synchronized (calls) {
							calls.put(side, sideCalls);
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
						// a side that did not start holds nobody up: its failure is reported below
						if (!arrived.get()) {
							ready.countDown();
						}
					}
				}, "side-" + side);
				threads.add(thread);
				thread.start();
			}
			awaitTogether(ready, failures);
			operator.operate(nginx, System.nanoTime() + duration.toNanos());
			for (Thread thread : threads) {
				thread.join(duration.plusSeconds(60).toMillis());
			}
			assertThat(failures).as("sides that did not run").isEmpty();
			nginx.stop();
			List<AccessLogEntry> log = nginx.accessLog();
			Map<ClientSide, Figures> figures = new EnumMap<>(ClientSide.class);
			for (ClientSide side : ClientSide.values()) {
				int port = nginx.port(side.ordinal());
				Figures sideFigures = Figures.of(side, scenario, calls.get(side),
						log.stream().filter((entry) -> entry.serverPort() == port).toList(), this.restarts,
						duration);
				sideFigures.log();
				figures.put(side, sideFigures);
			}
			return figures;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

	private static void awaitTogether(CountDownLatch ready, List<Throwable> failures) {
		ready.countDown();
		try {
			assertThat(ready.await(60, TimeUnit.SECONDS)).as("both clients started; failures: %s", failures).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

	private static Pause pause() {
		// a caller whose request failed waits a little, so that an outage stays bounded
		return (random, call) -> call.failed() ? 100 : random.nextInt(10);
	}

	/**
	 * What the operator does to nginx until the callers stop.
	 */
	@FunctionalInterface
	private interface Operator {

		void operate(NginxServer nginx, long endNanos);

	}

	/**
	 * One reload or restart.
	 *
	 * @param beganAtMillis when the reload or the stop began ({@link System#currentTimeMillis()}):
	 * a connection whose first request nginx logged later is one the restart made the client
	 * open
	 * @param downFromNanos when it stopped serving ({@link System#nanoTime()}; the reload's
	 * start for a reload, which never stops serving)
	 * @param downToNanos when it served again
	 */
	record Restart(long beganAtMillis, long downFromNanos, long downToNanos) {

		boolean wasDownDuring(Call call) {
			return call.end() - this.downFromNanos >= 0 && call.start() - this.downToNanos <= 0;
		}

	}

	/**
	 * What one client counted.
	 *
	 * @param load the figures every differential load scenario has
	 * @param newConnectionsAfterRestarts the connections that served their first request
	 * after each restart and before the next one, as nginx logged them
	 * @param getFailuresOutsideOutages GETs that failed while nginx was not down
	 * @param postsReceivedTwice POST ids nginx logged more than once
	 * @param longestSilenceMillis the longest time nginx logged no request of the client
	 */
	record Figures(LoadFigures load, List<Integer> newConnectionsAfterRestarts, long getFailuresOutsideOutages,
			long postsReceivedTwice, long longestSilenceMillis) {

		static Figures of(ClientSide side, String scenario, List<Call> calls, List<AccessLogEntry> log,
				List<Restart> restarts, Duration duration) {
			Map<String, Long> postIds = log.stream()
				.filter((entry) -> "POST".equals(entry.method()))
				.collect(Collectors.groupingBy(AccessLogEntry::requestId, Collectors.counting()));
			long postsReceivedTwice = postIds.values().stream().filter((count) -> count > 1).count();
			Map<String, Long> firstLogged = log.stream()
				.collect(Collectors.toMap(AccessLogEntry::connection, AccessLogEntry::loggedAtMillis, Math::min));
			List<Integer> newConnections = new ArrayList<>();
			for (int i = 0; i < restarts.size(); i++) {
				long from = restarts.get(i).beganAtMillis();
				long to = (i + 1 < restarts.size()) ? restarts.get(i + 1).beganAtMillis() : Long.MAX_VALUE;
				newConnections.add((int) firstLogged.values().stream().filter((at) -> at >= from && at < to).count());
			}
			long outsideOutages = calls.stream()
				.filter((call) -> !call.post() && call.failed())
				.filter((call) -> restarts.stream().noneMatch((restart) -> restart.wasDownDuring(call)))
				.count();
			LoadFigures load = LoadFigures.of(side, scenario, CALLERS, calls, log.size(), postsReceivedTwice,
					firstLogged.size(), duration);
			long[] times = log.stream().mapToLong(AccessLogEntry::loggedAtMillis).sorted().toArray();
			long silence = 0;
			for (int i = 1; i < times.length; i++) {
				silence = Math.max(silence, times[i] - times[i - 1]);
			}
			return new Figures(load, newConnections, outsideOutages, postsReceivedTwice, silence);
		}

		int mostNewConnectionsAfterARestart() {
			return this.newConnectionsAfterRestarts.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

		void log() {
			this.load.log();
			System.out.printf(Locale.ROOT,
					"[differential] %s | %-7s | after each of %d restarts: most new connections %d, all %s | "
							+ "GET failures outside outages %d | POSTs received twice %d | longest silence in the log %d ms%n",
					this.load.scenario(), this.load.side(), this.newConnectionsAfterRestarts.size(),
					mostNewConnectionsAfterARestart(), this.newConnectionsAfterRestarts,
					this.getFailuresOutsideOutages, this.postsReceivedTwice, this.longestSilenceMillis);
		}

		/**
		 * Asserts the long run's targets for the starter, Boot's figures beside them.
		 * @param boot Boot's figures
		 */
		void assertTargets(Figures boot) {
			assertThat(this.newConnectionsAfterRestarts).as("restarts").isNotEmpty();
			assertThat(mostNewConnectionsAfterARestart())
				.as("%s: the starter's most new connections after a restart, of %s (Boot's client: %s)",
						this.load.scenario(), this.newConnectionsAfterRestarts, boot.newConnectionsAfterRestarts())
				.isLessThanOrEqualTo(MAX_NEW_CONNECTIONS_AFTER_A_RESTART);
			assertThat(this.postsReceivedTwice).as("%s: POSTs nginx received twice (Boot's client: %d)",
					this.load.scenario(), boot.postsReceivedTwice()).isZero();
			// a GET whose connection a restart closes under it is retried on a new connection,
			// not on another pooled one the same restart closes (Boot's client fails some)
			assertThat(this.getFailuresOutsideOutages)
				.as("%s: GET failures while nginx was not down, %s (Boot's client: %d)", this.load.scenario(),
						this.load.failureKinds(), boot.getFailuresOutsideOutages())
				.isZero();
		}

	}

}
