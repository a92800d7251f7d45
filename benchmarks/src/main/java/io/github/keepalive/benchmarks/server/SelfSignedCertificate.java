package io.github.keepalive.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made at run time with the
 * JDK's {@code keytool}: a PKCS12 key store for the server and the certificate as PEM for
 * the clients' trust store (an SSL bundle). The subject alternative names hold both the
 * IP address and the host name, so clients keep hostname verification on.
 *
 * @param keyStore the PKCS12 key store with the private key and certificate
 * @param certificatePem the certificate alone, PEM encoded
 * @param privateKeyPem the private key, PEM encoded (PKCS8), for nginx
 * @param password the key store's password
 */
public record SelfSignedCertificate(Path keyStore, Path certificatePem, Path privateKeyPem, String password) {

	/** Key algorithm and size: what most services present. */
	public static final String KEY = "RSA 2048";

	/**
	 * Creates a new key pair and certificate in the given directory, replacing any there.
	 * @param directory where to write the files
	 * @return the certificate's files
	 * @throws IOException if keytool fails
	 */
	public static SelfSignedCertificate create(Path directory) throws IOException {
		Files.createDirectories(directory);
		Path keyStore = directory.resolve("server.p12");
		Path certificate = directory.resolve("server.crt.pem");
		Path privateKey = directory.resolve("server.key.pem");
		Files.deleteIfExists(keyStore);
		Files.deleteIfExists(certificate);
		Files.deleteIfExists(privateKey);
		String password = "bench-" + Long.toHexString(System.nanoTime());
		keytool(directory, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-sigalg",
				"SHA256withRSA", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity",
				"2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass",
				password);
		keytool(directory, "-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
				"-storepass", password, "-file", certificate.toString());
		writePrivateKeyPem(keyStore, password, privateKey);
		return new SelfSignedCertificate(keyStore, certificate, privateKey, password);
	}

	private static void writePrivateKeyPem(Path keyStore, String password, Path target) throws IOException {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, password.toCharArray());
			}
			Key key = store.getKey("server", password.toCharArray());
			String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(key.getEncoded());
			Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException("Cannot export the private key", ex);
		}
	}

	private static void keytool(Path directory, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		Path jdkKeytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		command.add(Files.isExecutable(jdkKeytool) ? jdkKeytool.toString() : "keytool");
		command.addAll(List.of(args));
		Path log = directory.resolve("keytool.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("keytool timed out");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IOException("Interrupted while running keytool", ex);
		}
		if (process.exitValue() != 0) {
			throw new IOException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
					+ Files.readString(log));
		}
	}

}
