package io.github.keepalive.test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 proxy on 127.0.0.1, without authentication: it answers {@code CONNECT}
 * to an IPv4 address, an IPv6 address or a host name with a tunnel to that port on
 * 127.0.0.1 (so that a test can name a loopback server by a host the JDK sends through a
 * proxy), relays the bytes both ways and records every target asked for.
 */
public final class LoopbackSocksProxy implements AutoCloseable {

	private static final int VERSION = 5;

	private final List<String> tunnels = new CopyOnWriteArrayList<>();

	private final SocketAcceptor acceptor;

	private LoopbackSocksProxy() throws IOException {
		this.acceptor = new SocketAcceptor("loopback-socks-", this::serve);
	}

	/**
	 * Starts the proxy on an ephemeral port.
	 * @return the running proxy
	 * @throws IOException if the port cannot be bound
	 */
	public static LoopbackSocksProxy start() throws IOException {
		return new LoopbackSocksProxy();
	}

	public int getPort() {
		return this.acceptor.port();
	}

	/** @return the targets of every tunnel opened, {@code host:port}, in order */
	public List<String> tunnels() {
		return List.copyOf(this.tunnels);
	}

	private void serve(Socket client) {
		try (client) {
			DataInputStream in = new DataInputStream(client.getInputStream());
			OutputStream out = client.getOutputStream();
			// greeting: version, methods; answer "no authentication"
			expect(in.readUnsignedByte() == VERSION);
			in.readNBytes(in.readUnsignedByte());
			out.write(new byte[] { VERSION, 0 });
			// request: version, CONNECT, reserved, address type, address, port
			expect(in.readUnsignedByte() == VERSION && in.readUnsignedByte() == 1);
			in.readUnsignedByte();
			String host = switch (in.readUnsignedByte()) {
				case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
				case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
				case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
				default -> throw new IOException("Unknown address type");
			};
			int port = in.readUnsignedShort();
			try (Socket target = LoopbackServers.connectDirect(port)) {
				this.acceptor.track(target);
				this.tunnels.add(host + ":" + port);
				out.write(new byte[] { VERSION, 0, 0, 1, 127, 0, 0, 1, 0, 0 });
				out.flush();
				this.acceptor.execute(() -> LoopbackServers.relay(target, out, client));
				LoopbackServers.relay(in, target.getOutputStream(), target);
			}
		}
		catch (IOException ex) {
			// the client went away, or the target refused
		}
		finally {
			this.acceptor.untrack(client);
		}
	}

	private static void expect(boolean condition) throws IOException {
		if (!condition) {
			throw new IOException("Not a SOCKS5 CONNECT");
		}
	}

	@Override
	public void close() {
		this.acceptor.close();
	}

}
