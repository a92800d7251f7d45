package io.github.keepalive.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;

/**
 * A small forward HTTP proxy on 127.0.0.1: it takes absolute-URI requests for
 * {@code http} targets, relays them to the target's port on 127.0.0.1 whatever its host
 * name (so that a test can name a loopback server by a host the JDK sends through a
 * proxy) and the answer back, keeps the client's
 * connection alive, tunnels {@code CONNECT} requests for {@code https} targets, and records
 * every request with its {@code Proxy-Authorization} header. With credentials required, a
 * request without them (or with wrong ones) is answered {@code 407} with
 * {@code Proxy-Authenticate: Basic realm="test"}.
 */
public final class LoopbackProxy implements Closeable {

	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authorization",
			"proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length");

	private final String expectedAuthorization;

	private final AtomicInteger connectionIds = new AtomicInteger();

	private final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();

	private final SocketAcceptor acceptor;

	private LoopbackProxy(String expectedAuthorization) throws IOException {
		this.expectedAuthorization = expectedAuthorization;
		this.acceptor = new SocketAcceptor("loopback-proxy-", this::serve);
	}

	/**
	 * Starts a proxy that lets every request through.
	 * @return the started proxy
	 * @throws IOException if the port cannot be bound
	 */
	public static LoopbackProxy open() throws IOException {
		return new LoopbackProxy(null);
	}

	/**
	 * Starts a proxy that requires Basic credentials.
	 * @param username the user name
	 * @param password the password
	 * @return the started proxy
	 * @throws IOException if the port cannot be bound
	 */
	public static LoopbackProxy requiringBasicAuth(String username, String password) throws IOException {
		return new LoopbackProxy(basic(username, password));
	}

	/**
	 * The {@code Proxy-Authorization} value for Basic credentials.
	 * @param username the user name
	 * @param password the password
	 * @return the header value
	 */
	public static String basic(String username, String password) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public int getPort() {
		return this.acceptor.port();
	}

	/** @return every request the proxy received, in arrival order */
	public List<ProxiedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/** @return the requests the proxy relayed to their target */
	public List<ProxiedRequest> relayed() {
		return this.requests.stream().filter((request) -> request.status() != 407).toList();
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setSoTimeout(15_000);
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			int connectionId = this.connectionIds.incrementAndGet();
			for (int sequence = 1; sequence <= 100_000 && !this.acceptor.isClosed(); sequence++) {
				int first = in.read();
				if (first == -1) {
					return;
				}
				RecordedRequest request = HttpRequestReader.read(first, in, connectionId, sequence, Integer.MAX_VALUE);
				String authorization = request.header("Proxy-Authorization");
				if (this.expectedAuthorization != null && !this.expectedAuthorization.equals(authorization)) {
					this.requests.add(new ProxiedRequest(request.method(), request.target(), authorization, 407));
					write(out, 407, "Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n",
							new byte[0]);
					continue;
				}
				if ("CONNECT".equals(request.method())) {
					tunnel(request, authorization, socket, in, out);
					return;
				}
				if (!request.target().toLowerCase(Locale.ROOT).startsWith("http://")) {
					this.requests.add(new ProxiedRequest(request.method(), request.target(), authorization, 400));
					write(out, 400, "Bad Request", "", new byte[0]);
					return;
				}
				Response response = relay(request);
				// recorded before the client can see the answer
				this.requests.add(new ProxiedRequest(request.method(), request.target(), authorization,
						response.status()));
				write(out, response.status(), "Relayed", response.headers(), response.body());
			}
		}
		catch (IOException ex) {
			// the client went away
		}
		finally {
			this.acceptor.untrack(socket);
		}
	}

	/**
	 * Answers a {@code CONNECT host:port} (an {@code https} target) with a tunnel: bytes
	 * copied both ways until either side closes. The connection is the tunnel's from then on.
	 */
	private void tunnel(RecordedRequest request, String authorization, Socket client, InputStream in,
			OutputStream out) throws IOException {
		int colon = request.target().lastIndexOf(':');
		Socket target;
		try {
			target = LoopbackServers.connectDirect(Integer.parseInt(request.target().substring(colon + 1)));
		}
		catch (IOException | RuntimeException ex) {
			this.requests.add(new ProxiedRequest(request.method(), request.target(), authorization, 502));
			write(out, 502, "Bad Gateway", "", new byte[0]);
			return;
		}
		try (target) {
			this.acceptor.track(target);
			this.requests.add(new ProxiedRequest(request.method(), request.target(), authorization, 200));
			out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			client.setSoTimeout(0);
			this.acceptor.execute(() -> LoopbackServers.relay(target, out, client));
			LoopbackServers.relay(in, target.getOutputStream(), target);
		}
		finally {
			this.acceptor.untrack(target);
		}
	}

	private Response relay(RecordedRequest request) throws IOException {
		URI target = URI.create(request.target());
		String query = (target.getRawQuery() != null) ? "?" + target.getRawQuery() : "";
		HttpURLConnection connection = (HttpURLConnection) URI
			.create("http://127.0.0.1:" + target.getPort() + target.getRawPath() + query)
			.toURL()
			.openConnection(Proxy.NO_PROXY);
		try {
			connection.setConnectTimeout(5_000);
			connection.setReadTimeout(15_000);
			connection.setInstanceFollowRedirects(false);
			connection.setRequestMethod(request.method());
			for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
				if (!HOP_BY_HOP.contains(header.getKey())) {
					header.getValue().forEach((value) -> connection.addRequestProperty(header.getKey(), value));
				}
			}
			if (request.body().length > 0) {
				connection.setDoOutput(true);
				connection.getOutputStream().write(request.body());
			}
			int status = connection.getResponseCode();
			InputStream body = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			byte[] bytes = (body != null) ? body.readAllBytes() : new byte[0];
			String contentType = connection.getContentType();
			String headers = "Via: 1.1 loopback-proxy\r\n"
					+ ((contentType != null) ? "Content-Type: " + contentType + "\r\n" : "");
			return new Response(status, headers, bytes);
		}
		catch (IOException ex) {
			return new Response(502, "", new byte[0]);
		}
		finally {
			connection.disconnect();
		}
	}

	private static void write(OutputStream out, int status, String reason, String headers, byte[] body)
			throws IOException {
		String head = "HTTP/1.1 " + status + " " + reason + "\r\n" + headers + "Content-Length: " + body.length
				+ "\r\n\r\n";
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		response.write(head.getBytes(StandardCharsets.ISO_8859_1));
		response.write(body);
		out.write(response.toByteArray());
		out.flush();
	}

	@Override
	public void close() {
		this.acceptor.close();
	}

	private record Response(int status, String headers, byte[] body) {

	}

	/**
	 * A request as the proxy saw it.
	 *
	 * @param method the method
	 * @param target the request target, an absolute URI for a proper proxy request
	 * @param proxyAuthorization the {@code Proxy-Authorization} header, or {@code null}
	 * @param status the status the proxy answered with
	 */
	public record ProxiedRequest(String method, String target, String proxyAuthorization, int status) {

	}

}
