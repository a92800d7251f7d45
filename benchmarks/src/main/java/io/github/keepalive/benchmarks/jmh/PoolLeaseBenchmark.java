package io.github.keepalive.benchmarks.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import io.github.keepalive.client.pool.AdaptiveLimitAlgorithm;
import io.github.keepalive.client.pool.AdaptiveRouteLimits;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.pool.LeakDetector;
import io.github.keepalive.client.pool.LeaseStatistics;
import io.github.keepalive.client.pool.PoolListener;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pool's own cost per request: one lease and one release of a pooled, connected
 * connection on the starter's {@link PoolingHttpClientConnectionManager} (its defaults:
 * 200 total / 50 per route, LIFO, validate after 1 s of inactivity, the idle evictor
 * running), for each concurrency policy, at 1, 16 and 64 threads. The connections are real
 * loopback sockets to an in-process stub that accepts and holds them; no request is sent,
 * so what is measured is the pool (locking, route lookup, expiry and validation checks,
 * socket timeout changes on lease and release). At 64 threads 14 of them wait for one of
 * the 50 connections, as 64 callers do against the starter's default pool.
 * <p>
 * {@code pool=plain} is HttpClient's own pool built the same way, the cost the starter's
 * pool adds to (its lease statistics, its lease gate, the endpoint it hands out);
 * {@code adaptive=on} adds the bookkeeping of an adaptive per-route limit (its floor at
 * {@code max-per-route}, so that it holds no caller back).
 * <p>
 * {@code leakDetection=on} adds what {@code pool.leak-detection-threshold} costs each
 * lease: the caller's stack captured and the lease tracked until it is released (the
 * periodic check, on the shared evictor thread, is not per lease and is left out). The
 * cost of capturing a stack grows with its depth, so each lease is taken
 * {@code callerFrames} frames deep: 20 is JMH's own stack, the least there is; 130 is
 * about a {@code RestClient} call from a controller on Tomcat (136 frames in
 * {@code LeaseLeakDetectionTests}, under JUnit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PoolLeaseBenchmark {

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(10);

	private static final TimeValue KEEP_ALIVE = TimeValue.ofMinutes(1);

	@Param({ "STRICT", "LAX", "OFFLOCK" })
	public PoolConcurrencyPolicy policy;

	@Param({ "off", "on" })
	public String leakDetection;

	@Param({ "20", "130" })
	public int callerFrames;

	/**
	 * {@code starter}: the starter's pool; {@code plain}: HttpClient's own pool, built the
	 * same way without the starter's pool around it, the cost to compare with.
	 */
	@Param({ "starter", "plain" })
	public String pool;

	/** {@code on}: adaptive per-route limits ({@code pool.adaptive.enabled}). */
	@Param({ "off", "on" })
	public String adaptive;

	private ServerSocket stub;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private HttpClientConnectionManager connectionManager;

	private HttpRoute route;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.stub = new ServerSocket();
		this.stub.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 256);
		Thread acceptor = new Thread(() -> {
			while (!this.stub.isClosed()) {
				try {
					this.accepted.add(this.stub.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "stub-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
		PoolSettings pool = PoolSettings.DEFAULTS;
		// the starter's pool as its clients use it: HttpClient's pool with leases timed and counted
		InstrumentedConnectionManagerBuilder builder = new InstrumentedConnectionManagerBuilder();
		builder.setMaxConnTotal(pool.maxTotal())
			.setMaxConnPerRoute(pool.maxPerRoute())
			.setPoolConcurrencyPolicy(this.policy)
			.setConnPoolPolicy(pool.reusePolicy());
		this.connectionManager = "plain".equals(this.pool) ? builder.build()
				: new ConnectionPool("bench", builder,
						ConnectionLifePolicy.fixed(KeepAliveSettings.DEFAULTS.timeToLive()), Map.of(),
						new LeaseStatistics(), PoolListener.NONE,
						"on".equals(this.leakDetection)
								? new LeakDetector("jmh", Duration.ofMinutes(1), "leakDetectionThreshold", PoolListener.NONE)
								: null,
						"on".equals(this.adaptive) ? new AdaptiveRouteLimits.Settings("jmh", pool.maxPerRoute(),
								AdaptiveLimitAlgorithm.DEFAULT) : null);
		this.route = new HttpRoute(new HttpHost("http", "127.0.0.1", this.stub.getLocalPort()));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.connectionManager.close();
		this.stub.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Benchmark
	@Threads(1)
	public ConnectionEndpoint leaseRelease1() throws Exception {
		return leaseAndRelease(this.callerFrames);
	}

	@Benchmark
	@Threads(16)
	public ConnectionEndpoint leaseRelease16() throws Exception {
		return leaseAndRelease(this.callerFrames);
	}

	@Benchmark
	@Threads(64)
	public ConnectionEndpoint leaseRelease64() throws Exception {
		return leaseAndRelease(this.callerFrames);
	}

	// JMH and the pool account for 20 frames
	private ConnectionEndpoint leaseAndRelease(int frames) throws Exception {
		return (frames > 20) ? leaseAndRelease(frames - 1) : leaseAndRelease();
	}

	private ConnectionEndpoint leaseAndRelease() throws Exception {
		LeaseRequest request = this.connectionManager.lease("jmh", this.route, LEASE_TIMEOUT, null);
		ConnectionEndpoint endpoint = request.get(LEASE_TIMEOUT);
		if (!endpoint.isConnected()) {
			// Only until the pool holds its connections
			this.connectionManager.connect(endpoint, null, HttpClientContext.create());
		}
		this.connectionManager.release(endpoint, null, KEEP_ALIVE);
		return endpoint;
	}

}
