package io.github.keepalive.differential;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.keepalive.differential.DifferentialClients.Clients;
import io.github.keepalive.realserver.ScenarioFigures;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One caller at a time, through the starter and through Boot's client on the same
 * loopback server: cookies and headers sent, redirects, read timeouts and interrupts.
 */
@Tag("differential")
class RequestDifferentialTests {

	@RegisterExtension
	LoopbackHttpServer server = LoopbackHttpServer.start();

	@RegisterExtension
	LoopbackHttpServer other = LoopbackHttpServer.start();

	/**
	 * With cookie handling disabled, a cookie the server set for one caller is sent on no
	 * request, from the {@code @Primary} client or from a client of Boot's builder.
	 */
	@Test
	void disabledCookieHandlingSendsNoCookie() {
		this.server.echoPath().responseHeader("Set-Cookie", "session=for-caller-a; Path=/");
		Map<ClientSide, List<String>> cookies = bothSides(List.of("spring.http.clients.cookie-handling=disable"),
				(clients) -> {
					ServerTally tally = ServerTally.start(this.server);
					int from = this.server.requests();
					for (RestClient client : clients.all()) {
						client.get().uri("/caller-a").retrieve().toBodilessEntity();
						client.get().uri("/caller-b").retrieve().toBodilessEntity();
						clients.primary().get().uri("/caller-b").retrieve().toBodilessEntity();
					}
					assertThat(tally.received()).isEqualTo(6);
					return requestsSince(from).stream()
						.filter((request) -> request.header("Cookie") != null)
						.map((request) -> request.path() + " Cookie: " + request.header("Cookie"))
						.toList();
				});
		assertThat(cookies.get(ClientSide.BOOT)).as("cookies Boot's client sent").isEmpty();
		assertThat(cookies.get(ClientSide.STARTER)).as("cookies the starter sent").isEmpty();
	}

	/**
	 * A GET and a POST send the same headers, with the same values, through both clients.
	 */
	@Test
	void sameHeadersSent() {
		Map<ClientSide, List<Map<String, List<String>>>> headers = bothSides(List.of(), (clients) -> {
			int from = this.server.requests();
			for (RestClient client : clients.all()) {
				client.get().uri("/get").retrieve().toBodilessEntity();
				client.post().uri("/post").contentType(MediaType.TEXT_PLAIN).body("body").retrieve().toBodilessEntity();
			}
			return requestsSince(from).stream().map((request) -> (Map<String, List<String>>) new TreeMap<>(request.headers())).toList();
		});
		assertThat(headers.get(ClientSide.STARTER)).as("headers the starter sent, against Boot's client's")
			.isEqualTo(headers.get(ClientSide.BOOT));
	}

	/**
	 * A redirect to another server is followed alike: a GET stays a GET, a POST answered
	 * {@code 302} becomes what Boot's client makes of it, and each server sees one request.
	 */
	@Test
	void redirectsFollowedAlike() {
		this.server.status(302).responseHeader("Location", this.other.url("/target"));
		this.other.echoPath();
		Map<ClientSide, List<String>> outcomes = bothSides(List.of(), (clients) -> {
			int fromOther = this.other.requests();
			int from = this.server.requests();
			List<String> outcome = new ArrayList<>();
			outcome.add(clients.primary().get().uri("/redirect").retrieve().body(String.class));
			outcome.add(clients.primary().post().uri("/redirect").body("body").retrieve().body(String.class));
			outcome.add("redirecting server: " + (this.server.requests() - from));
			this.other.awaitRequests(fromOther + 2, Duration.ofSeconds(5));
			this.other.recordedRequests()
				.stream()
				.skip(fromOther)
				.forEach((request) -> outcome.add(request.method() + " " + request.path()));
			return outcome;
		});
		assertThat(outcomes.get(ClientSide.BOOT)).contains("/target", "redirecting server: 2");
		assertThat(outcomes.get(ClientSide.STARTER)).as("the starter's redirects, against Boot's client's")
			.isEqualTo(outcomes.get(ClientSide.BOOT));
	}

	/**
	 * A read timeout fails a GET and a POST alike, neither is sent twice, and the client
	 * works on afterwards.
	 */
	@Test
	void readTimeoutsAlike() {
		Map<ClientSide, List<String>> outcomes = bothSides(List.of("spring.http.clients.read-timeout=300ms"),
				(clients) -> {
					ServerTally tally = ServerTally.start(this.server);
					List<String> outcome = new ArrayList<>();
					outcome.add(failure(() -> clients.primary().get().uri("/slow?delay=1500").retrieve().body(String.class)));
					outcome.add(failure(() -> clients.primary().post().uri("/slow?delay=1500").body("b").retrieve().body(String.class)));
					outcome.add(clients.primary().get().uri("/fast").retrieve().body(String.class));
					outcome.add("received " + tally.received());
					return outcome;
				});
		assertThat(outcomes.get(ClientSide.BOOT)).containsExactly("SocketTimeoutException", "SocketTimeoutException",
				"ok", "received 3");
		assertThat(outcomes.get(ClientSide.STARTER)).as("the starter's read timeouts, against Boot's client's")
			.isEqualTo(outcomes.get(ClientSide.BOOT));
	}

	/**
	 * A caller interrupted while it waits for a response: the request is not sent again,
	 * and the client serves the next request.
	 */
	@Test
	void interruptedCallerAlike() {
		Map<ClientSide, List<String>> outcomes = bothSides(List.of(), (clients) -> {
			ServerTally tally = ServerTally.start(this.server);
			this.server.holdResponses((request) -> request.path().equals("/held"));
			AtomicReference<String> result = new AtomicReference<>();
			// Counted before the caller starts: its request may reach the server first.
			int from = this.server.requests();
			Thread caller = new Thread(() -> result.set(failure(() -> clients.primary().post().uri("/held").body("b").retrieve().body(String.class))));
			caller.start();
			this.server.awaitRequests(from + 1, Duration.ofSeconds(5));
			caller.interrupt();
			join(caller, 2000);
			this.server.releaseResponses();
			join(caller, 10_000);
			List<String> outcome = new ArrayList<>();
			outcome.add("caller ended: " + !caller.isAlive());
			outcome.add(clients.primary().get().uri("/next").retrieve().body(String.class));
			outcome.add("received " + tally.received());
			System.out.printf("[differential] interrupted caller | %-7s | outcome %s%n", clients.side(), result.get());
			return outcome;
		});
		assertThat(outcomes.get(ClientSide.STARTER)).containsExactly("caller ended: true", "ok", "received 2");
		assertThat(outcomes.get(ClientSide.STARTER)).isEqualTo(outcomes.get(ClientSide.BOOT));
	}

	private <T> Map<ClientSide, T> bothSides(List<String> properties, java.util.function.Function<Clients, T> scenario) {
		return DifferentialSides.bothSides(this.server, properties, scenario);
	}

	private List<RecordedRequest> requestsSince(int from) {
		return this.server.recordedRequests().stream().skip(from).toList();
	}

	/**
	 * The root cause of a call's failure, or its result.
	 */
	static String failure(java.util.concurrent.Callable<String> call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			return ScenarioFigures.rootCause(ex);
		}
	}

	private static void join(Thread thread, long millis) {
		try {
			thread.join(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
