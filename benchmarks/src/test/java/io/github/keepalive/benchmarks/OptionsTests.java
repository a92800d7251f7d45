package io.github.keepalive.benchmarks;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The comparison's options that shape a run: how the rounds are shared out among forks,
 * what {@code --targets} sets.
 */
class OptionsTests {

	@Test
	void forksShareTheRoundsOutTheFirstOnesTakingWhatDoesNotDivide() {
		Options even = Options.parse(new String[] { "--rounds", "10", "--forks", "5" });
		assertThat(IntStream.rangeClosed(1, 5).map(even::roundsOfFork)).containsExactly(2, 2, 2, 2, 2);
		Options uneven = Options.parse(new String[] { "--rounds", "7", "--forks", "3" });
		assertThat(IntStream.rangeClosed(1, 3).map(uneven::roundsOfFork)).containsExactly(3, 2, 2);
		Options one = Options.parse(new String[] { "--rounds", "4" });
		assertThat(one.forks).isEqualTo(1);
		assertThat(one.roundsOfFork(1)).isEqualTo(4);
		assertThat(one.describe()).doesNotContain("forks");
		assertThat(uneven.describe()).contains("7 rounds").contains("the client JVMs started 3 times (forks)");
	}

	@Test
	void forksMustBeAtLeastOneAndAtMostTheRounds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--rounds", "3", "--forks", "4" }))
			.withMessage("--forks must be 1 to --rounds (3)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--rounds", "3", "--forks", "0" }))
			.withMessage("--forks must be 1 to --rounds (3)");
	}

	@Test
	void targetsWarmEachClientJvmLongEnoughForItsCompilerToQuietDownUnlessTold() {
		Options targets = Options.parse(new String[] { "--targets" });
		assertThat(targets.jitWarmup).isEqualTo(Duration.ofSeconds(120));
		assertThat(targets.rounds).isEqualTo(Options.TARGET_ROUNDS);
		assertThat(targets.syscalls).isTrue();
		Options overridden = Options.parse(new String[] { "--targets", "--jit-warmup", "6s" });
		assertThat(overridden.jitWarmup).isEqualTo(Duration.ofSeconds(6));
		assertThat(Options.parse(new String[0]).jitWarmup).isEqualTo(Duration.ofSeconds(6));
	}

}
