package io.github.keepalive.differential;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.keepalive.differential.DifferentialClients.Clients;
import io.github.keepalive.realserver.CallerLoad;
import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.realserver.CallerLoad.Pause;
import io.github.keepalive.test.LoopbackHttpServer;

/**
 * A differential load on a {@link LoopbackHttpServer}: 16 callers send 125 requests each
 * (2,000 in all, GETs and POSTs at random, each with a unique id) through the side's
 * {@code @Primary} client, pausing up to 10 ms between requests, while an optional
 * operator does something to the server every so often.
 */
final class LoopbackLoad {

	static final int CALLERS = 16;

	static final int REQUESTS_PER_CALLER = 125;

	private static final Duration MAX_DURATION = Duration.ofSeconds(60);

	private LoopbackLoad() {
	}

	/**
	 * Runs the load on one side.
	 * @param side the side
	 * @param scenario the scenario's name
	 * @param server the server
	 * @param properties the properties of both sides
	 * @param operator what happens to the server every {@code interval} while the callers
	 * run, or {@code null}
	 * @param interval the operator's interval
	 * @return what the side counted, and the new connections between two operator actions
	 */
	static Result run(ClientSide side, String scenario, LoopbackHttpServer server, List<String> properties,
			Consumer<LoopbackHttpServer> operator, Duration interval) {
		return DifferentialClients.run(side, server.baseUrl(), properties, (clients) -> {
			ServerTally tally = ServerTally.start(server);
			List<Integer> acceptedAtActions = new ArrayList<>();
			Thread thread = (operator != null) ? operate(server, operator, interval, tally, acceptedAtActions)
					: null;
			long start = System.nanoTime();
			List<Call> calls = load(clients);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			if (thread != null) {
				thread.interrupt();
				join(thread);
			}
			LoadFigures figures = LoadFigures.of(side, scenario, CALLERS, calls, tally.received(), tally.duplicated(),
					tally.accepted(), elapsed);
			figures.log();
			return new Result(figures, newConnectionsPerAction(acceptedAtActions, tally.accepted()));
		});
	}

	private static List<Call> load(Clients clients) {
		Pause shortPause = (random, call) -> random.nextInt(10);
		return CallerLoad.run(clients.primary(), CALLERS, MAX_DURATION, REQUESTS_PER_CALLER, shortPause);
	}

	private static Thread operate(LoopbackHttpServer server, Consumer<LoopbackHttpServer> operator,
			Duration interval, ServerTally tally, List<Integer> acceptedAtActions) {
		Thread thread = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					Thread.sleep(interval.toMillis());
					synchronized (acceptedAtActions) {
						acceptedAtActions.add(tally.accepted());
					}
					operator.accept(server);
				}
			}
			catch (InterruptedException ex) {
				// the load is over
			}
		}, "operator");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The connections accepted after each action, up to the next one (or the end).
	 */
	private static List<Integer> newConnectionsPerAction(List<Integer> acceptedAtActions, int acceptedAtEnd) {
		List<Integer> counts = new ArrayList<>();
		synchronized (acceptedAtActions) {
			for (int i = 0; i < acceptedAtActions.size(); i++) {
				int next = (i + 1 < acceptedAtActions.size()) ? acceptedAtActions.get(i + 1) : acceptedAtEnd;
				counts.add(next - acceptedAtActions.get(i));
			}
		}
		return counts;
	}

	/**
	 * What a load counted.
	 *
	 * @param figures the side's figures
	 * @param newConnectionsPerAction the connections the server accepted after each of the
	 * operator's actions, up to the next one
	 */
	record Result(LoadFigures figures, List<Integer> newConnectionsPerAction) {

		int mostNewConnectionsAfterAnAction() {
			return this.newConnectionsPerAction.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

	}

}
