package io.github.keepalive.client;

import java.util.ArrayList;
import java.util.List;

import io.github.keepalive.autoconfigure.InvalidKeepAlivePropertyException;
import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.ProxySettings;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTP proxies ({@code keepalive.proxy.*}) against a loopback proxy that relays to a
 * loopback server: requests go through the proxy, Basic credentials are sent when the
 * proxy asks, non-proxy hosts are reached directly, and the password never shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyTests {

	private static final String PASSWORD = "Pr0xy-S3cret-pw";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	@RegisterExtension
	private final LoopbackHttpServer target = LoopbackHttpServer.start().echoPath();

	private final List<LoopbackProxy> proxies = new ArrayList<>();

	@AfterEach
	void stop() {
		this.proxies.forEach(LoopbackProxy::close);
	}

	@Test
	void requestsGoThroughTheProxy() throws Exception {
		LoopbackProxy proxy = track(LoopbackProxy.open());
		this.runner
			.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
					"keepalive.base-url=" + this.target.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.class);
				for (int i = 0; i < 5; i++) {
					assertThat(client.get().uri("/via-proxy").retrieve().body(String.class)).isEqualTo("/via-proxy");
				}
				assertThat(proxy.requests()).hasSize(5).allSatisfy((request) -> {
					assertThat(request.target()).isEqualTo(this.target.baseUrl() + "/via-proxy");
					assertThat(request.proxyAuthorization()).isNull();
					assertThat(request.status()).isEqualTo(200);
				});
				assertThat(this.target.recordedRequests()).hasSize(5)
					.allSatisfy((request) -> assertThat(request.header("Proxy-Authorization")).isNull());
			});
	}

	@Test
	void basicCredentialsAreSentToAProxyThatAsksForThem(CapturedOutput output) throws Exception {
		LoopbackProxy proxy = track(LoopbackProxy.requiringBasicAuth("scott", PASSWORD));
		this.runner
			.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
					"keepalive.proxy.username=scott", "keepalive.proxy.password=" + PASSWORD,
					"keepalive.base-url=" + this.target.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.class);
				for (int i = 0; i < 3; i++) {
					assertThat(client.get().uri("/authenticated").retrieve().body(String.class))
						.isEqualTo("/authenticated");
				}
				assertThat(proxy.relayed()).hasSize(3)
					.allSatisfy((request) -> assertThat(request.proxyAuthorization())
						.isEqualTo(LoopbackProxy.basic("scott", PASSWORD)));
				// challenged once, when no credentials were sent; later requests send them
				assertThat(proxy.requests()).filteredOn((request) -> request.status() == 407)
					.singleElement()
					.satisfies((request) -> assertThat(request.proxyAuthorization()).isNull());
				assertThat(this.target.recordedRequests()).hasSize(3);
				KeepAliveClientSettings settings = context.getBean(KeepAliveClients.class).get("default").getSettings();
				assertThat(settings.proxy().password()).isEqualTo(PASSWORD);
				assertPasswordHidden(settings);
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void wrongPasswordFailsWithoutShowingThePassword(CapturedOutput output) throws Exception {
		LoopbackProxy proxy = track(LoopbackProxy.requiringBasicAuth("scott", "the-right-one"));
		this.runner
			.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
					"keepalive.proxy.username=scott", "keepalive.proxy.password=" + PASSWORD,
					"keepalive.base-url=" + this.target.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.class);
				assertThatExceptionOfType(HttpClientErrorException.class)
					.isThrownBy(() -> client.get().uri("/refused").retrieve().body(String.class))
					.satisfies((ex) -> {
						assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.PROXY_AUTHENTICATION_REQUIRED);
						assertThat(messages(ex)).doesNotContain(PASSWORD);
					});
				assertThat(proxy.requests()).isNotEmpty()
					.allSatisfy((request) -> assertThat(request.status()).isEqualTo(407));
				assertThat(proxy.requests()).anySatisfy((request) -> assertThat(request.proxyAuthorization())
					.isEqualTo(LoopbackProxy.basic("scott", PASSWORD)));
				assertThat(this.target.recordedRequests()).isEmpty();
				assertPasswordHidden(context.getBean(KeepAliveClients.class).get("default").getSettings());
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void unreachableProxyFailsWithoutShowingThePassword(CapturedOutput output) throws Exception {
		LoopbackProxy closed = LoopbackProxy.open();
		int port = closed.getPort();
		closed.close();
		this.runner
			.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + port,
					"keepalive.proxy.username=scott", "keepalive.proxy.password=" + PASSWORD,
					"keepalive.base-url=" + this.target.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.class);
				Throwable failure = null;
				try {
					client.get().uri("/nowhere").retrieve().body(String.class);
				}
				catch (RuntimeException ex) {
					failure = ex;
				}
				assertThat(failure).isNotNull();
				assertThat(messages(failure)).contains(String.valueOf(port)).doesNotContain(PASSWORD);
				assertThat(this.target.recordedRequests()).isEmpty();
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void invalidProxySettingFailsWithoutShowingThePassword(CapturedOutput output) {
		this.runner
			.withPropertyValues("keepalive.clients.a.proxy.host=127.0.0.1", "keepalive.clients.a.proxy.port=70000",
					"keepalive.clients.a.proxy.username=scott", "keepalive.clients.a.proxy.password=" + PASSWORD)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("keepalive.clients.a.proxy.port")
					.doesNotContain(PASSWORD);
				InvalidKeepAlivePropertyException invalid = null;
				for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
					invalid = (ex instanceof InvalidKeepAlivePropertyException found) ? found : invalid;
				}
				assertThat(invalid).isNotNull();
				assertThat(String.valueOf(invalid.getValue())).doesNotContain(PASSWORD);
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void nonProxyHostsAreReachedDirectly() throws Exception {
		LoopbackProxy proxy = track(LoopbackProxy.open());
		this.runner
			.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
					"keepalive.proxy.non-proxy-hosts=local*,*.internal.example",
					"keepalive.clients.b.proxy.non-proxy-hosts=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.class);
				String direct = "http://localhost:" + this.target.getPort() + "/direct";
				String proxied = this.target.baseUrl() + "/proxied";
				assertThat(client.get().uri(direct).retrieve().body(String.class)).isEqualTo("/direct");
				assertThat(client.get().uri(proxied).retrieve().body(String.class)).isEqualTo("/proxied");
				// b inherits the proxy but has its own non-proxy hosts
				RestClient b = context.getBean("bRestClient", RestClient.class);
				assertThat(b.get().uri(this.target.baseUrl() + "/b-direct").retrieve().body(String.class))
					.isEqualTo("/b-direct");
				assertThat(b.get().uri("http://localhost:" + this.target.getPort() + "/b-proxied")
					.retrieve()
					.body(String.class)).isEqualTo("/b-proxied");
				assertThat(proxy.requests()).extracting(LoopbackProxy.ProxiedRequest::target)
					.containsExactly(proxied, "http://localhost:" + this.target.getPort() + "/b-proxied");
				assertThat(this.target.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
					.containsExactly("/direct", "/proxied", "/b-direct", "/b-proxied");
			});
	}

	@Test
	void proxyRecordAndSettingsNeverShowThePassword() {
		ProxySettings proxy = new ProxySettings("proxy.example", 3128, "scott",
				PASSWORD, List.of("*.internal"));
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("named").withProxy(proxy);
		assertPasswordHidden(settings);
		assertThat(proxy.toString()).contains("proxy.example", "3128", "scott", "*.internal", "******");
		ProxySettings withoutPassword = new ProxySettings("proxy.example", 3128, null,
				null, List.of());
		assertThat(withoutPassword.toString()).doesNotContain("******");
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			assertThat(clients.get("named").toString()).doesNotContain(PASSWORD);
			assertThat(clients.getAll().toString()).doesNotContain(PASSWORD);
		}
	}

	private static void assertPasswordHidden(KeepAliveClientSettings settings) {
		assertThat(settings.proxy()).isNotNull();
		assertThat(settings.proxy().toString()).doesNotContain(PASSWORD).contains("password=******");
		assertThat(settings.toString()).doesNotContain(PASSWORD).contains("password=******");
	}

	private LoopbackProxy track(LoopbackProxy proxy) {
		this.proxies.add(proxy);
		return proxy;
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		int depth = 0;
		for (Throwable candidate = failure; candidate != null && depth < 50; candidate = candidate.getCause()) {
			messages.append(candidate).append('\n');
			for (Throwable suppressed : candidate.getSuppressed()) {
				messages.append(suppressed).append('\n');
			}
			depth++;
		}
		return messages.toString();
	}

}
