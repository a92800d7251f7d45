package io.github.keepalive.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for a test, with the JDK's {@code keytool}, into a directory of the
 * test's own: PKCS12 key stores (self-signed, or signed by a certificate authority made
 * here), PEM certificates and PKCS12 trust stores. All stores use the password
 * {@link #PASSWORD}.
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
		keytool(alias, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
				"SHA256withECDSA", "-dname", "CN=" + alias, "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2",
				"-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		return keyStore;
	}

	/**
	 * Generates a certificate authority: an EC key pair with a self-signed CA certificate.
	 * @param alias the alias, also the CA's CN and the store's file name
	 * @return the PKCS12 key store holding the CA's key and certificate
	 * @throws IOException if keytool fails
	 * @throws InterruptedException if interrupted while keytool runs
	 */
	public Path certificateAuthority(String alias) throws IOException, InterruptedException {
		Path keyStore = this.directory.resolve(alias + ".p12");
		keytool(alias, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
				"SHA256withECDSA", "-dname", "CN=" + alias, "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		return keyStore;
	}

	/**
	 * Generates an EC key pair with a certificate signed by a certificate authority made by
	 * {@link #certificateAuthority}.
	 * @param alias the alias, also the certificate's CN and the store's file name
	 * @param subjectAlternativeNames the SAN extension, e.g. {@code ip:127.0.0.1}
	 * @param authority the CA's key store
	 * @return the PKCS12 key store holding the key and its chain (the certificate, then the
	 * CA's)
	 * @throws IOException if keytool fails
	 * @throws InterruptedException if interrupted while keytool runs
	 */
	public Path signedKeyStore(String alias, String subjectAlternativeNames, Path authority)
			throws IOException, InterruptedException {
		Path keyStore = keyStore(alias, subjectAlternativeNames);
		String ca = authority.getFileName().toString().replace(".p12", "");
		Path request = this.directory.resolve(alias + ".csr");
		Path signed = this.directory.resolve(alias + ".cer");
		keytool(alias, "-certreq", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file",
				request.toString());
		keytool(alias, "-gencert", "-rfc", "-alias", ca, "-keystore", authority.toString(), "-storepass", PASSWORD,
				"-infile", request.toString(), "-outfile", signed.toString(), "-ext", "SAN=" + subjectAlternativeNames,
				"-validity", "2");
		try {
			// the reply with its chain, so that keytool needs no trusted copy of the CA
			Files.writeString(signed, pemText(certificate(authority)), StandardOpenOption.APPEND);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException(ex);
		}
		keytool(alias, "-importcert", "-noprompt", "-alias", alias, "-keystore", keyStore.toString(), "-storepass",
				PASSWORD, "-file", signed.toString());
		return keyStore;
	}

	private void keytool(String name, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Path output = this.directory.resolve(name + "-keytool.txt");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("keytool did not finish within 60s");
		}
		if (process.exitValue() != 0) {
			throw new IOException("keytool " + arguments[0] + " failed: " + Files.readString(output));
		}
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
		String alias = keyStore.getFileName().toString().replace(".p12", "");
		return store.getCertificate(store.containsAlias(alias) ? alias : store.aliases().nextElement());
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
		return Files.writeString(this.directory.resolve(name), pemText(certificate));
	}

	private static String pemText(Certificate certificate) throws GeneralSecurityException {
		return "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
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
