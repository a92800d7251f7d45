package io.github.keepalive.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.FileSystemUtils;

/**
 * A self-signed certificate for the HTTPS downstream, made at start-up and held in memory
 * only: no private key is committed or left on disk. The JDK has no public API to make a
 * certificate, so its {@code keytool} makes one in a temporary directory, which is read
 * into a key store and deleted at once. The subject alternative names cover 127.0.0.1 and
 * localhost, so the clients keep hostname verification on.
 */
final class DownstreamCertificate {

	/** The key store entry's alias. */
	static final String ALIAS = "downstream";

	/** The certificate's subject alternative names. */
	static final String SUBJECT_ALTERNATIVE_NAMES = "ip:127.0.0.1,dns:localhost";

	private final KeyStore keyStore;

	private final String password;

	private final X509Certificate certificate;

	private DownstreamCertificate(KeyStore keyStore, String password) throws GeneralSecurityException {
		this.keyStore = keyStore;
		this.password = password;
		this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
	}

	/**
	 * Makes a new key pair and self-signed certificate.
	 * @return the certificate and its key
	 */
	static DownstreamCertificate create() {
		// Never written anywhere but the temporary key store, deleted below
		byte[] secret = new byte[16];
		new SecureRandom().nextBytes(secret);
		String password = HexFormat.of().formatHex(secret);
		Path directory = null;
		try {
			directory = Files.createTempDirectory("keepalive-sample-tls");
			Path file = directory.resolve(ALIAS + ".p12");
			// RSA 2048, what most services present and what benchmarks/ measured
			keytool(directory, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-sigalg",
					"SHA256withRSA", "-dname", "CN=localhost", "-ext", "SAN=" + SUBJECT_ALTERNATIVE_NAMES,
					"-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password,
					"-keypass", password);
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(file)) {
				keyStore.load(in, password.toCharArray());
			}
			return new DownstreamCertificate(keyStore, password);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the HTTPS downstream's certificate", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the HTTPS downstream's certificate", ex);
		}
		finally {
			deleteQuietly(directory);
		}
	}

	/**
	 * The server's side: the private key and the certificate.
	 * @return a bundle for the HTTPS connector
	 */
	SslBundle serverBundle() {
		return SslBundle.of(SslStoreBundle.of(this.keyStore, this.password, null),
				SslBundleKey.of(this.password, ALIAS));
	}

	/**
	 * The clients' side: a trust store holding the certificate alone.
	 * @return a bundle for the clients that call the HTTPS downstream
	 */
	SslBundle clientBundle() {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry(ALIAS, this.certificate);
			return SslBundle.of(SslStoreBundle.of(null, null, trustStore));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a trust store", ex);
		}
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	private static void keytool(Path directory, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		Path jdkKeytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		command.add(Files.isExecutable(jdkKeytool) ? jdkKeytool.toString() : "keytool");
		command.addAll(List.of(args));
		Path log = directory.resolve("keytool.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("keytool did not finish within 60 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("Interrupted while keytool ran", ex);
		}
		if (process.exitValue() != 0) {
			throw new IOException("keytool failed (exit " + process.exitValue() + "): " + Files.readString(log));
		}
	}

	private static void deleteQuietly(@Nullable Path directory) {
		if (directory != null) {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				// Nothing secret is lost: the key is a throwaway for loopback
			}
		}
	}

}
