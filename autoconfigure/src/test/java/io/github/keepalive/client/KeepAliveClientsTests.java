package io.github.keepalive.client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of an application's clients: looked up on every request of a derived
 * client without a shared lock, holding no SSL bundle it no longer needs, and closing the
 * connections still leased after the drain timeout without waiting on them.
 */
class KeepAliveClientsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ExecutorService background = Executors.newCachedThreadPool();

	@AfterEach
	void stopBackground() throws InterruptedException {
		this.background.shutdownNow();
		assertThat(this.background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void anExistingClientIsFoundWithoutTheRegistrysLock() throws Exception {
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default");
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			KeepAliveHttpClient client = clients.get("default");
			CompletableFuture<KeepAliveHttpClient> found;
			// the registry's monitor, held as while another client is created
			synchronized (clients) {
				found = CompletableFuture.supplyAsync(() -> clients.getOrCreate(settings), this.background);
				assertThat(found.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isSameAs(client);
			}
		}
	}

	@Test
	void aDerivedClientNeverTakesTheNameAndPoolOfANamedClient() {
		List<KeepAliveClientSettings> settings = List.of(KeepAliveClientSettings.defaults("api"),
				KeepAliveClientSettings.defaults("api-1"));
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), settings)) {
			KeepAliveClientHttpRequestFactory factory = clients.createRequestFactory("api",
					HttpClientSettings.defaults().withConnectTimeout(Duration.ofMillis(1234)));
			assertThat(factory.getHttpClient()).isNotSameAs(clients.get("api-1").getHttpClient())
				.isSameAs(clients.get("api-2").getHttpClient());
			assertThat(clients.get("api-2").getSettings().http().connectTimeout()).isEqualTo(Duration.ofMillis(1234));
			assertThat(clients.get("api-1").getSettings().http().connectTimeout()).isNotEqualTo(Duration.ofMillis(1234));
		}
	}

	@Test
	void aReplacedSslBundleIsNotKeptOnceNothingElseRefersToIt() {
		SslBundle original = SslBundle.of(SslStoreBundle.NONE);
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default")
			.withHttp(HttpClientSettings.defaults().withSslBundle(original));
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			SslBundle previous = original;
			WeakReference<SslBundle> firstReplaced = null;
			for (int i = 0; i < 3; i++) {
				SslBundle reloaded = SslBundle.of(SslStoreBundle.NONE);
				clients.reloadSslBundle(previous, reloaded);
				if (i == 0) {
					firstReplaced = new WeakReference<>(reloaded);
				}
				previous = reloaded;
			}
			assertThat(clients.get("default").getSslBundle()).isSameAs(previous);
			WeakReference<SslBundle> replaced = firstReplaced;
			assertThat(LoopbackHttpServer.await(() -> {
				System.gc();
				return replaced.get() == null;
			}, TIMEOUT)).as("a bundle reloaded twice since is collected").isTrue();
			// a client derived later from settings naming the original gets the bundle as it is now
			assertThat(clients.getOrCreate(settings.withName("default-1", null)
				.withHttp(HttpClientSettings.defaults().withSslBundle(original).withConnectTimeout(Duration.ofSeconds(1))))
				.getSslBundle()).isSameAs(previous);
		}
	}

	@Test
	void connectionsStillLeasedAfterTheDrainTimeoutAreClosedAtOnce() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default");
			KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings),
					Duration.ofMillis(100));
			KeepAliveHttpClient client = clients.get("default");
			CompletableFuture<Integer> request = CompletableFuture.supplyAsync(() -> {
				try {
					return client.getHttpClient()
						.execute(new HttpGet("http://127.0.0.1:" + server.getLocalPort() + "/stuck"),
								(response) -> response.getCode());
				}
				catch (IOException | RuntimeException ex) {
					// reset, or the pool closed under it
					return -1;
				}
			}, this.background);
			try (Socket accepted = server.accept()) {
				InputStream in = accepted.getInputStream();
				readRequestHead(in);
				// the server never answers: the connection stays leased past the drain timeout
				clients.close();
				assertThat(endOfStream(in)).as("a leased connection is reset, not closed gracefully").isEqualTo("reset");
			}
			assertThat(request.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int read = in.read();
			assertThat(read).isNotNegative();
			matched = (read == end[matched]) ? matched + 1 : ((read == '\r') ? 1 : 0);
		}
	}

	private static String endOfStream(InputStream in) throws IOException {
		try {
			return (in.read() == -1) ? "closed" : "data";
		}
		catch (SocketException ex) {
			return "reset";
		}
	}

}
