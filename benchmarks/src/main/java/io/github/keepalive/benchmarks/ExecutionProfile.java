package io.github.keepalive.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the callers' CPU goes in a recording of the {@code --jfr} pass
 * ({@code jfr/<variant>-<scenario>-<n>callers.jfr}), from its execution samples (one per
 * millisecond and thread at most). Each sample of a caller thread is charged to its
 * owner: the innermost frame outside the JDK, so that a socket read counts for the
 * library that made it. Prints the share of each library (the starter's own code by
 * piece: I/O, connection, pool, listeners and meters, exec chain, request factory), then
 * the starter's classes one by one. Arguments: the recordings.
 */
public final class ExecutionProfile {

	private static final List<String> JDK = List.of("java.", "jdk.", "sun.", "javax.", "com.sun.");

	private ExecutionProfile() {
	}

	public static void main(String[] args) throws IOException {
		for (String file : args) {
			print(Path.of(file));
		}
	}

	private static void print(Path file) throws IOException {
		Map<String, Integer> owners = new TreeMap<>();
		Map<String, Integer> starterClasses = new HashMap<>();
		int samples = 0;
		try (RecordingFile recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || !isCaller(event)) {
					continue;
				}
				String owner = owner(event.getStackTrace());
				if (owner == null) {
					continue;
				}
				samples++;
				String library = library(owner);
				owners.merge(library, 1, Integer::sum);
				if (library.startsWith("starter")) {
					starterClasses.merge(owner.substring(owner.lastIndexOf('.') + 1), 1, Integer::sum);
				}
			}
		}
		int total = Math.max(1, samples);
		System.out.printf(Locale.ROOT, "%s: %,d caller samples%n", file.getFileName(), samples);
		owners.forEach((library, count) -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * count / total,
				library));
		starterClasses.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.limit(20)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "          %5.2f %%  %s%n",
					100.0 * entry.getValue() / total, entry.getKey()));
	}

	private static boolean isCaller(RecordedEvent event) {
		RecordedThread thread = event.getThread("sampledThread");
		return thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("caller-");
	}

	private static String owner(RecordedStackTrace stackTrace) {
		if (stackTrace == null) {
			return null;
		}
		for (RecordedFrame frame : stackTrace.getFrames()) {
			String type = frame.getMethod().getType().getName();
			if (JDK.stream().noneMatch(type::startsWith)) {
				return type;
			}
		}
		return "jdk";
	}

	private static String library(String owner) {
		if (owner.startsWith("io.github.keepalive.benchmarks")) {
			return "benchmark loop";
		}
		if (owner.startsWith("io.github.keepalive.")) {
			return "starter, " + piece(owner);
		}
		if (owner.startsWith("org.apache.hc.")) {
			return "HttpClient";
		}
		if (owner.startsWith("org.springframework.")) {
			return "Spring";
		}
		if (owner.startsWith("io.micrometer.")) {
			return "Micrometer";
		}
		return "other";
	}

	private static String piece(String owner) {
		String simpleName = owner.substring(owner.lastIndexOf('.') + 1);
		if (simpleName.startsWith("Channel") || simpleName.startsWith("StaleCheck")
				|| simpleName.startsWith("AnswerTiming")) {
			return "socket I/O";
		}
		if (owner.contains(".pool.")) {
			return "pool";
		}
		if (owner.contains(".metrics.") || simpleName.contains("Listener") || simpleName.startsWith("ClientObserver")) {
			return "listeners and meters";
		}
		if (owner.contains(".connection.")) {
			return "connection";
		}
		if (owner.contains(".exec.")) {
			return "exec chain";
		}
		return "request factory and client";
	}

}
