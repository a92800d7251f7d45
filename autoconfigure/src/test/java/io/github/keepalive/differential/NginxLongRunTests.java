package io.github.keepalive.differential;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.keepalive.differential.NginxSideBySide.Figures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long run: 16 callers per client for 60 s against a real nginx, the starter and
 * Boot's client side by side, once reloaded every 5 s and once stopped for 3 s and
 * started again every 15 s. After each restart the starter opens at most 1.25 times the
 * connections leased at peak ({@link NginxSideBySide#MAX_NEW_CONNECTIONS_AFTER_A_RESTART}),
 * no POST reaches nginx twice and no GET fails while nginx is up; Boot's figures are
 * logged beside the starter's. Skipped when nginx is not installed.
 */
@Tag("long-run")
class NginxLongRunTests {

	private static final Duration DURATION = Duration.ofSeconds(60);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void reloadEveryFiveSeconds() {
		Map<ClientSide, Figures> figures = NginxSideBySide.reloads(this.directory,
				"long run, nginx -s reload every 5 s", DURATION, Duration.ofSeconds(5));
		figures.get(ClientSide.STARTER).assertTargets(figures.get(ClientSide.BOOT));
	}

	@Test
	void stoppedForThreeSecondsEveryFifteenSeconds() {
		Map<ClientSide, Figures> figures = NginxSideBySide.stopsAndStarts(this.directory,
				"long run, nginx stopped for 3 s every 15 s", DURATION, Duration.ofSeconds(15),
				Duration.ofSeconds(3));
		figures.get(ClientSide.STARTER).assertTargets(figures.get(ClientSide.BOOT));
	}

}
