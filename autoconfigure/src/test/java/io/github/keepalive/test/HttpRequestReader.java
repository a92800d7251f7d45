package io.github.keepalive.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;

/**
 * Reads HTTP/1.1 requests off a socket for {@link LoopbackHttpServer} and
 * {@link LoopbackProxy}: the request line, the headers and a body framed by
 * {@code Content-Length} or chunked transfer coding.
 */
final class HttpRequestReader {

	/** Longest line accepted: a client that is not speaking HTTP does not fill the heap. */
	private static final int MAX_LINE_LENGTH = 64 * 1024;

	private HttpRequestReader() {
	}

	/**
	 * Reads the rest of a request whose first byte was read already (servers read it
	 * apart, to tell an idle connection from one with a request coming).
	 * @param first the request's first byte
	 * @param in the stream
	 * @param connectionId the id of the connection
	 * @param sequence the request's position on the connection
	 * @param maxBody how much of the body to keep; the rest is read and dropped
	 * @return the request
	 * @throws ProtocolException if the request line is malformed
	 * @throws EOFException if the stream ends within the request
	 * @throws IOException if reading fails
	 */
	static RecordedRequest read(int first, InputStream in, int connectionId, int sequence, int maxBody)
			throws IOException {
		String requestLine = (char) first + readLine(in);
		String[] parts = requestLine.split(" ");
		if (parts.length != 3) {
			throw new ProtocolException("Malformed request line '" + requestLine + "'");
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						(key) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		byte[] body = readBody(in, headers, maxBody);
		return new RecordedRequest(connectionId, sequence, parts[0], parts[1], Collections.unmodifiableMap(headers),
				body);
	}

	private static byte[] readBody(InputStream in, Map<String, List<String>> headers, int maxBody)
			throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		List<String> transferEncoding = headers.get("transfer-encoding");
		if (transferEncoding != null && transferEncoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
			while (true) {
				String sizeLine = readLine(in);
				int semicolon = sizeLine.indexOf(';');
				long size = Long.parseLong((semicolon >= 0) ? sizeLine.substring(0, semicolon).trim()
						: sizeLine.trim(), 16);
				if (size == 0) {
					while (!readLine(in).isEmpty()) {
						// trailers
					}
					break;
				}
				copy(in, body, size, maxBody);
				readLine(in);
			}
		}
		else {
			List<String> contentLength = headers.get("content-length");
			if (contentLength != null) {
				copy(in, body, Long.parseLong(contentLength.get(0)), maxBody);
			}
		}
		return body.toByteArray();
	}

	private static void copy(InputStream in, ByteArrayOutputStream body, long size, int maxBody)
			throws IOException {
		byte[] buffer = new byte[8192];
		long remaining = size;
		while (remaining > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (read == -1) {
				throw new EOFException("End of stream in request body");
			}
			if (body.size() < maxBody) {
				body.write(buffer, 0, Math.min(read, maxBody - body.size()));
			}
			remaining -= read;
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		while (line.length() < MAX_LINE_LENGTH) {
			int b = in.read();
			if (b == -1) {
				throw new EOFException("End of stream in request head");
			}
			if (b == '\n') {
				int length = line.length();
				if (length > 0 && line.charAt(length - 1) == '\r') {
					line.setLength(length - 1);
				}
				return line.toString();
			}
			line.append((char) b);
		}
		throw new ProtocolException("Request line or header longer than " + MAX_LINE_LENGTH + " characters");
	}

}
