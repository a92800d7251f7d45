package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.util.Timeout;

/**
 * An HttpClient connection whose methods are another's, but for those a subclass watches:
 * binding, sending and receiving, the stale check, passivating and activating, and the
 * close, which are left to it.
 */
abstract class DelegatingConnection implements ManagedHttpClientConnection {

	final ManagedHttpClientConnection connection;

	DelegatingConnection(ManagedHttpClientConnection connection) {
		this.connection = connection;
	}

	@Override
	public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
		this.connection.terminateRequest(request);
	}

	@Override
	public Socket getSocket() {
		return this.connection.getSocket();
	}

	@Override
	public SSLSession getSSLSession() {
		return this.connection.getSSLSession();
	}

	@Override
	public boolean isConsistent() {
		return this.connection.isConsistent();
	}

	@Override
	public boolean isDataAvailable(Timeout timeout) throws IOException {
		return this.connection.isDataAvailable(timeout);
	}

	@Override
	public void flush() throws IOException {
		this.connection.flush();
	}

	@Override
	public EndpointDetails getEndpointDetails() {
		return this.connection.getEndpointDetails();
	}

	@Override
	public SocketAddress getLocalAddress() {
		return this.connection.getLocalAddress();
	}

	@Override
	public SocketAddress getRemoteAddress() {
		return this.connection.getRemoteAddress();
	}

	@Override
	public ProtocolVersion getProtocolVersion() {
		return this.connection.getProtocolVersion();
	}

	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public Timeout getSocketTimeout() {
		return this.connection.getSocketTimeout();
	}

	@Override
	public void setSocketTimeout(Timeout timeout) {
		this.connection.setSocketTimeout(timeout);
	}

	@Override
	public String toString() {
		return this.connection.toString();
	}

}
