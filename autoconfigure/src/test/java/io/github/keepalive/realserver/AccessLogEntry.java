package io.github.keepalive.realserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One line of {@link NginxServer}'s access log.
 *
 * @param requestId the request's {@code X-Request-Id} ({@code -} without one)
 * @param method the request method
 * @param connection the connection: worker pid and nginx's connection number, since a
 * reload or a restart starts numbering again
 * @param connectionRequests the request's position on its connection, from 1
 * @param status the response status (499: the client closed the connection first)
 * @param loggedAtMillis when nginx logged it (its {@code $msec}), in epoch milliseconds
 * @param serverPort the port the request came in on
 */
public record AccessLogEntry(String requestId, String method, String connection, int connectionRequests, int status,
		long loggedAtMillis, int serverPort) {

	public static List<AccessLogEntry> read(Path log) {
		try {
			if (!Files.exists(log)) {
				return List.of();
			}
			return Files.readAllLines(log)
				.stream()
				.filter((line) -> !line.isBlank())
				.map(AccessLogEntry::parse)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static AccessLogEntry parse(String line) {
		String[] fields = line.split(" ");
		if (fields.length < 7) {
			throw new IllegalStateException("Unexpected access log line: " + line);
		}
		return new AccessLogEntry(fields[0], fields[1], fields[2], Integer.parseInt(fields[3]),
				Integer.parseInt(fields[4]), Math.round(Double.parseDouble(fields[5]) * 1000),
				Integer.parseInt(fields[6]));
	}

}
