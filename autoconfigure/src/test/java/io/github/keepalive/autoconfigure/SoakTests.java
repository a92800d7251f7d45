package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolUsage;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded soak test, part of the normal build: 64 callers send a mix of GETs and POSTs,
 * with random pauses, to servers that each misbehave in one of the ways real servers and
 * load balancers do (idle connections closed with FIN or RST after 150ms, sooner than
 * validate-after-inactivity, an announced Keep-Alive timeout, Connection: close every K
 * requests, connections closed right after a response, and periodic sweeps of every
 * connection). No GET may fail, no POST may reach a server twice, and no lease may be
 * left behind. Runs for 20 seconds; {@code -Dsoak.duration=45s} changes that
 * (at most 60 seconds). A load test: it runs with {@code -Preal-servers}, as CI does, not
 * in the default build.
 */
@Tag("load")
class SoakTests {

	private static final Duration MAX_DURATION = Duration.ofSeconds(60);

	private static final int CALLERS = 64;

	private final Map<String, LoopbackHttpServer> servers = new LinkedHashMap<>();

	private final Map<String, AtomicInteger> postsReceived = new ConcurrentHashMap<>();

	@AfterEach
	void closeServers() {
		this.servers.values().forEach(LoopbackHttpServer::close);
	}

	@Test
	void mixedLoadAgainstMisbehavingServers() throws InterruptedException {
		Duration duration = duration();
		addServer("steady");
		addServer("idle-fin-150ms").closeIdleConnectionsAfter(Duration.ofMillis(150), CloseMode.FIN);
		addServer("idle-rst-150ms").closeIdleConnectionsAfter(Duration.ofMillis(150), CloseMode.RST);
		addServer("keep-alive-timeout-1s").responseHeader("Keep-Alive", "timeout=1")
			.closeIdleConnectionsAfter(Duration.ofSeconds(1), CloseMode.FIN);
		addServer("connection-close-every-4").connectionCloseEvery(4);
		addServer("silent-close-10%").responseHeader("Keep-Alive", "timeout=5")
			.inject(Fault.CLOSE_AFTER_RESPONSE, (request) -> ThreadLocalRandom.current().nextInt(10) == 0);
		LoopbackHttpServer swept = addServer("swept-every-1.5s");
		List<LoopbackHttpServer> targets = new ArrayList<>(this.servers.values());
		List<String> names = new ArrayList<>(this.servers.keySet());

		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		AtomicInteger gets = new AtomicInteger();
		AtomicInteger posts = new AtomicInteger();
		AtomicInteger getFailures = new AtomicInteger();
		Map<String, Boolean> postSucceeded = new ConcurrentHashMap<>();
		AtomicLong sweeps = new AtomicLong();

		KeepAliveTestSupport.contextRunner().run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			long deadline = System.nanoTime() + duration.toNanos();
			Thread sweeper = new Thread(() -> {
				CloseMode mode = CloseMode.FIN;
				while (System.nanoTime() - deadline < 0) {
					try {
						Thread.sleep(1500);
					}
					catch (InterruptedException ex) {
						return;
					}
					swept.closeAllConnections(mode);
					sweeps.incrementAndGet();
					mode = (mode == CloseMode.FIN) ? CloseMode.RST : CloseMode.FIN;
				}
			}, "soak-sweeper");
			sweeper.setDaemon(true);
			sweeper.start();
			ConcurrentCallers.Outcome outcome = ConcurrentCallers.run(CALLERS, duration.plusSeconds(30), (caller) -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				int sequence = 0;
				while (System.nanoTime() - deadline < 0) {
					int target = random.nextInt(targets.size());
					String url = targets.get(target).url("/" + names.get(target));
					boolean post = random.nextInt(10) < 3;
					String id = caller + "-" + (++sequence);
					try {
						if (post) {
							posts.incrementAndGet();
							postSucceeded.put(id, false);
							restClient.post().uri(url).body(id).retrieve().toBodilessEntity();
							postSucceeded.put(id, true);
						}
						else {
							gets.incrementAndGet();
							restClient.get().uri(url).retrieve().body(String.class);
						}
					}
					catch (RuntimeException ex) {
						if (!post) {
							getFailures.incrementAndGet();
						}
						failures.computeIfAbsent((post ? "POST " : "GET ") + names.get(target) + " "
								+ rootCause(ex).getClass().getSimpleName(), (key) -> new AtomicInteger())
							.incrementAndGet();
					}
					pause(random);
				}
			});
			sweeper.interrupt();
			sweeper.join(5000);
			outcome.assertAllSucceeded();

			int leased = 0;
			int pending = 0;
			for (KeepAliveHttpClient client : context.getBean(KeepAliveClients.class).getAll()) {
				PoolUsage stats = client.pool().totalStats();
				leased += stats.leased();
				pending += stats.pending();
			}
			long duplicatedPosts = this.postsReceived.values().stream().filter((count) -> count.get() > 1).count();
			long lostSuccessfulPosts = postSucceeded.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() && !this.postsReceived.containsKey(entry.getKey()))
				.count();
			Map<String, Integer> opened = new TreeMap<>();
			Map<String, Integer> closedByServers = new TreeMap<>();
			this.servers.forEach((name, server) -> {
				opened.put(name, server.acceptedConnections());
				closedByServers.put(name, server.connectionsClosedByServer());
			});
			int connections = opened.values().stream().mapToInt(Integer::intValue).sum();
			Map<String, Integer> failuresByKind = new TreeMap<>();
			failures.forEach((kind, count) -> failuresByKind.put(kind, count.get()));

			System.out.printf("%nSoak test: %s, %d callers, %d sweeps%n", duration, CALLERS, sweeps.get());
			System.out.printf("  requests:            %d (GET %d, POST %d)%n", gets.get() + posts.get(), gets.get(),
					posts.get());
			System.out.printf("  failures by kind:    %s%n", failuresByKind);
			System.out.printf("  idempotent failures: %d%n", getFailures.get());
			System.out.printf("  duplicated POSTs:    %d%n", duplicatedPosts);
			System.out.printf("  connections opened:  %d %s%n", connections, opened);
			System.out.printf("  closed by servers:   %s%n", closedByServers);
			System.out.printf("  leaked leases:       %d (pending %d)%n%n", leased, pending);

			assertThat(gets.get()).as("GETs sent").isGreaterThan(1000);
			assertThat(posts.get()).as("POSTs sent").isGreaterThan(300);
			assertThat(getFailures.get()).as("idempotent failures: %s", failuresByKind).isZero();
			assertThat(duplicatedPosts).as("POSTs received more than once").isZero();
			assertThat(lostSuccessfulPosts).as("successful POSTs the server never received").isZero();
			assertThat(leased).as("leaked leases").isZero();
			assertThat(pending).as("pending leases").isZero();
			// the faults did happen
			assertClosedByServer("idle-fin-150ms", 3);
			assertClosedByServer("idle-rst-150ms", 3);
			assertClosedByServer("keep-alive-timeout-1s", 1);
			assertClosedByServer("connection-close-every-4", 10);
			assertClosedByServer("silent-close-10%", 10);
			assertThat(sweeps.get()).as("sweeps").isGreaterThanOrEqualTo(duration.toSeconds() / 2);
		});
	}

	private void assertClosedByServer(String name, int atLeast) {
		assertThat(this.servers.get(name).connectionsClosedByServer()).as("connections %s closed", name)
			.isGreaterThanOrEqualTo(atLeast);
	}

	private LoopbackHttpServer addServer(String name) {
		LoopbackHttpServer server = LoopbackHttpServer.start().onRequest((request) -> {
			if ("POST".equals(request.method())) {
				this.postsReceived.computeIfAbsent(request.bodyAsString(), (key) -> new AtomicInteger())
					.incrementAndGet();
			}
		});
		this.servers.put(name, server);
		return server;
	}

	/**
	 * Pauses like a caller with work between calls: often briefly, sometimes across the
	 * servers' idle timeouts and the client's validate-after-inactivity.
	 */
	private static void pause(ThreadLocalRandom random) throws InterruptedException {
		int dice = random.nextInt(100);
		if (dice < 50) {
			Thread.sleep(random.nextInt(20));
		}
		else if (dice < 85) {
			Thread.sleep(100 + random.nextInt(500));
		}
		else {
			Thread.sleep(800 + random.nextInt(700));
		}
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	private static Duration duration() {
		// Not under keepalive.: the test's contexts see system properties, and know no such property
		String value = System.getProperty("soak.duration", "20s");
		Duration duration = DurationStyle.detectAndParse(value);
		return (duration.compareTo(MAX_DURATION) > 0) ? MAX_DURATION : duration;
	}

}
