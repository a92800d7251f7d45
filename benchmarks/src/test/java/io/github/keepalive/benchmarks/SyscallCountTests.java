package io.github.keepalive.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link Strace#parse(String)} and {@link SyscallCount}: a summary as strace
 * writes it, and the per-request arithmetic.
 */
class SyscallCountTests {

	private static final String SHORT = """
			% time     seconds  usecs/call     calls    errors syscall
			------ ----------- ----------- --------- --------- ----------------
			 60.00    0.006000           2      3000      1000 read
			 30.00    0.003000           1      2004           write
			 10.00    0.001000           5        40         3 futex
			------ ----------- ----------- --------- --------- ----------------
			100.00    0.010000           1      5044      1003 total
			""";

	private static final String LONG = """
			% time     seconds  usecs/call     calls    errors syscall
			------ ----------- ----------- --------- --------- ----------------
			 55.00    0.011000           2      6000      2000 read
			 35.00    0.007000           1      4004           write
			  9.00    0.001800           5        42         3 futex
			  1.00    0.000200          20        10           fcntl
			------ ----------- ----------- --------- --------- ----------------
			100.00    0.020000           1     10056      2003 total
			""";

	@Test
	void parsesCallsAndErrorsPerSystemCallWithoutTheTotal() {
		Map<String, long[]> counts = Strace.parse(SHORT);
		assertThat(counts).containsOnlyKeys("read", "write", "futex");
		assertThat(counts.get("read")).containsExactly(3000, 1000);
		assertThat(counts.get("write")).containsExactly(2004, 0);
	}

	@Test
	void perRequestIsTheDifferenceOfThePhasesOverN() {
		SyscallCount count = new SyscallCount("starter", "nginx-http-ping-0ms", 2000, Strace.parse(SHORT),
				Strace.parse(LONG));
		assertThat(count.perRequest()).containsEntry("read", 1.5)
			.containsEntry("write", 1.0)
			.containsEntry("futex", 0.001)
			.containsEntry("fcntl", 0.005);
		assertThat(count.perRequest().keySet()).startsWith("read", "write");
		assertThat(count.totalPerRequest()).isCloseTo(2.506, within(1e-9));
		assertThat(count.errorsPerRequest()).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void lineRoundTrips() {
		SyscallCount count = new SyscallCount("hc5", "http-ping-0ms", 2000, Strace.parse(SHORT), Strace.parse(LONG));
		SyscallCount parsed = SyscallCount.parse(count.toLine());
		assertThat(parsed.variant()).isEqualTo("hc5");
		assertThat(parsed.target()).isEqualTo("http-ping-0ms");
		assertThat(parsed.perRequest()).isEqualTo(count.perRequest());
	}

}
