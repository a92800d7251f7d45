package io.github.keepalive.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made for a test, with the JDK's {@code keytool}, into a
 * directory of the test's own: PKCS12 key stores, PEM certificates and PKCS12 trust
 * stores. All stores use the password {@link #PASSWORD}.
 */
public final class TestCertificates {

	/** Password of every store made here. */
	public static final String PASSWORD = "changeit";

	private final Path directory;

	public TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Generates an EC key pair with a self-signed certificate.
	 * @param alias the alias, also the certificate's CN and the store's file name
	 * @param subjectAlternativeNames the SAN extension, e.g.
	 * {@code ip:127.0.0.1,dns:localhost}
	 * @return the PKCS12 key store holding the key and certificate
	 * @throws IOException if keytool fails
	 * @throws InterruptedException if interrupted while keytool runs
	 */
	public Path keyStore(String alias, String subjectAlternativeNames) throws IOException, InterruptedException {
		Path keyStore = this.directory.resolve(alias + ".p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
				"secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + alias, "-ext",
				"SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve(alias + "-keytool.txt").toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("keytool did not finish within 60s");
		}
		if (process.exitValue() != 0) {
			throw new IOException("keytool failed: " + Files.readString(this.directory.resolve(alias + "-keytool.txt")));
		}
		return keyStore;
	}

	/**
	 * The certificate of a key store made by {@link #keyStore}.
	 * @param keyStore the key store
	 * @return its certificate
	 * @throws IOException if the store cannot be read
	 * @throws GeneralSecurityException if the store cannot be read
	 */
	public static Certificate certificate(Path keyStore) throws IOException, GeneralSecurityException {
		KeyStore store = load(keyStore);
		return store.getCertificate(store.aliases().nextElement());
	}

	/**
	 * Writes a certificate as PEM.
	 * @param certificate the certificate
	 * @param name the file name
	 * @return the PEM file
	 * @throws IOException if the file cannot be written
	 * @throws GeneralSecurityException if the certificate cannot be encoded
	 */
	public Path pem(Certificate certificate, String name) throws IOException, GeneralSecurityException {
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		return Files.writeString(this.directory.resolve(name), pem);
	}

	/**
	 * Writes a PKCS12 trust store with the given certificates as trusted entries.
	 * @param name the file name
	 * @param certificates the trusted certificates
	 * @return the trust store
	 * @throws IOException if the file cannot be written
	 * @throws GeneralSecurityException if the store cannot be made
	 */
	public Path trustStore(String name, List<Certificate> certificates) throws IOException, GeneralSecurityException {
		KeyStore store = trusting(certificates);
		Path path = this.directory.resolve(name);
		try (OutputStream out = Files.newOutputStream(path)) {
			store.store(out, PASSWORD.toCharArray());
		}
		return path;
	}

	/**
	 * A server's TLS context.
	 * @param keyStore the server's key store
	 * @param trustedClients client certificates the server trusts (for client
	 * authentication); empty for none
	 * @return the context
	 * @throws IOException if the store cannot be read
	 * @throws GeneralSecurityException if the context cannot be made
	 */
	public static SSLContext serverContext(Path keyStore, List<Certificate> trustedClients)
			throws IOException, GeneralSecurityException {
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(load(keyStore), PASSWORD.toCharArray());
		TrustManagerFactory trustManagers = null;
		if (!trustedClients.isEmpty()) {
			trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trusting(trustedClients));
		}
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), (trustManagers != null) ? trustManagers.getTrustManagers() : null,
				null);
		return context;
	}

	private static KeyStore trusting(List<Certificate> certificates) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		for (int i = 0; i < certificates.size(); i++) {
			store.setCertificateEntry("trusted-" + i, certificates.get(i));
		}
		return store;
	}

	private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

}
