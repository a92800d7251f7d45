package io.github.keepalive.differential;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.keepalive.differential.NginxSideBySide.Figures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real nginx that restarts repeatedly under load, the starter and Boot's client side by
 * side, 10 s each: reloaded every 2 s, and stopped for 3 s and started again. Skipped
 * when nginx is not installed.
 */
@Tag("differential")
class NginxRestartDifferentialTests {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void reloadEveryTwoSeconds() {
		Map<ClientSide, Figures> figures = NginxSideBySide.reloads(this.directory, "nginx -s reload every 2 s",
				Duration.ofSeconds(10), Duration.ofSeconds(2));
		assertNeverWorse(figures);
	}

	@Test
	void stoppedForThreeSecondsAndStarted() {
		Map<ClientSide, Figures> figures = NginxSideBySide.stopsAndStarts(this.directory,
				"nginx stopped for 3 s and started", Duration.ofSeconds(10), Duration.ofSeconds(6),
				Duration.ofSeconds(3));
		assertNeverWorse(figures);
	}

	private static void assertNeverWorse(Map<ClientSide, Figures> figures) {
		Figures starter = figures.get(ClientSide.STARTER);
		Figures boot = figures.get(ClientSide.BOOT);
		assertThat(starter.load().gets() + starter.load().posts()).as("the starter's requests")
			.isGreaterThanOrEqualTo(2000);
		starter.assertTargets(boot);
		assertThat(starter.load().connectionsPerCallerAtPeak())
			.as("%s: connections per caller at peak (%d connections), Boot's client: %.2f (%d connections)",
					starter.load().scenario(), starter.load().connections(),
					boot.load().connectionsPerCallerAtPeak(), boot.load().connections())
			.isLessThanOrEqualTo(Math.max(1, boot.load().connectionsPerCallerAtPeak()) * LoadFigures.CONNECTION_MARGIN);
	}

}
