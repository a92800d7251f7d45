package io.github.keepalive.benchmarks.client;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this JVM's JIT compiler threads and of its garbage collector's, from
 * Linux's {@code /proc/self/task}: HotSpot's own threads are not Java threads that
 * {@code ThreadMXBean} lists.
 */
final class JvmThreadsCpu {

	// the kernel's USER_HZ: /proc's CPU times are in ticks of 10 ms
	private static final long NANOS_PER_TICK = 10_000_000L;

	private JvmThreadsCpu() {
	}

	/**
	 * The CPU time the compiler threads alive now have used.
	 * @return the time in nanoseconds, or -1 where /proc cannot tell
	 */
	static long jitNanos() {
		return nanos("C1 CompilerThre", "C2 CompilerThre");
	}

	/**
	 * The CPU time G1's threads alive now have used: its workers, concurrent marking,
	 * refinement and service threads, and the VM thread that runs its pauses.
	 * @return the time in nanoseconds, or -1 where /proc cannot tell
	 */
	static long gcNanos() {
		return nanos("GC Thread#", "G1 ", "VM Thread");
	}

	private static long nanos(String... namePrefixes) {
		long ticks = 0;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					// the thread ended meanwhile
					continue;
				}
				int close = stat.lastIndexOf(')');
				String name = stat.substring(stat.indexOf('(') + 1, close);
				if (startsWithAny(name, namePrefixes)) {
					// after the name: state, ppid, ... utime is the 12th field, stime the 13th
					String[] fields = stat.substring(close + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		return ticks * NANOS_PER_TICK;
	}

	private static boolean startsWithAny(String name, String... prefixes) {
		for (String prefix : prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
