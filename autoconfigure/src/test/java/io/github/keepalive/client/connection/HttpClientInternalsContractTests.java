package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.ConnectionHolder;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.asm.Type;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's contract with the types HttpClient marks {@code @Internal}, which any
 * HttpClient release may change: each one it relies on, with the members it uses, so an
 * upgrade that changes one fails here first; and, read from the compiled classes, that
 * only this package refers to any of them.
 */
class HttpClientInternalsContractTests {

	private static final String INTERNAL = "Lorg/apache/hc/core5/annotation/Internal;";

	private static final String CONNECTION_PACKAGE = "io/github/keepalive/client/connection/";

	@Test
	void theInternalTypesReliedOnStillHaveTheMembersUsed() throws Exception {
		// the connection wraps HttpClient's, binds it to sockets, and is told of connects
		assertMembers(ManagedHttpClientConnection.class, "bind", "passivate", "activate", "getSSLSession",
				"getSocket", "isStale", "setSocketTimeout");
		assertMembers(HttpClientConnectionOperator.class, "connect", "upgrade");
		assertThat(DefaultHttpClientConnectionOperator.class.getConstructor(DetachedSocketFactory.class,
				org.apache.hc.client5.http.SchemePortResolver.class, org.apache.hc.client5.http.DnsResolver.class,
				org.apache.hc.core5.http.config.Lookup.class))
			.isNotNull();
		assertMembers(DetachedSocketFactory.class, "create");
		// a warm-up exchange puts its connection back without sending a request
		assertMembers(ExecRuntime.class, "markConnectionReusable", "releaseEndpoint");
		// a pooled endpoint holds the connection whose own life the pool reads
		assertMembers(ConnectionHolder.class, "get");
		assertThat(ConnectionHolder.class).isAssignableFrom(
				Class.forName("org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager$InternalConnectionEndpoint"));
		for (Class<?> type : new Class<?>[] { ManagedHttpClientConnection.class, HttpClientConnectionOperator.class,
				DefaultHttpClientConnectionOperator.class, DetachedSocketFactory.class, ExecRuntime.class,
				ConnectionHolder.class }) {
			assertThat(isInternal(Type.getInternalName(type))).as("%s is @Internal", type.getName()).isTrue();
		}
	}

	@Test
	void onlyTheConnectionPackageRefersToHttpClientInternals() throws Exception {
		Map<String, Set<String>> references = new TreeMap<>();
		try (Stream<Path> classes = Files.walk(mainClasses())) {
			classes.filter((path) -> path.toString().endsWith(".class")).forEach((path) -> {
				String name = mainClasses().relativize(path).toString().replace('\\', '/');
				if (!name.startsWith(CONNECTION_PACKAGE)) {
					Set<String> internals = new TreeSet<>();
					for (String type : referencedHttpClientTypes(path)) {
						if (isInternal(type)) {
							internals.add(type);
						}
					}
					if (!internals.isEmpty()) {
						references.put(name, internals);
					}
				}
			});
		}
		assertThat(references).as("@Internal HttpClient types referred to outside %s", CONNECTION_PACKAGE)
			.isEmpty();
	}

	private static void assertMembers(Class<?> type, String... names) {
		Set<String> declared = new TreeSet<>();
		for (Method method : type.getMethods()) {
			declared.add(method.getName());
		}
		assertThat(declared).as("methods of %s", type.getName()).contains(names);
	}

	private static Path mainClasses() {
		try {
			return Path.of(InstrumentedConnection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Set<String> referencedHttpClientTypes(Path classFile) {
		Set<String> types = new TreeSet<>();
		try {
			new ClassReader(Files.readAllBytes(classFile)).accept(new TypeCollector(types), ClassReader.SKIP_FRAMES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return types;
	}

	private static void collect(@Nullable String descriptorOrName, Set<String> types) {
		if (descriptorOrName == null) {
			return;
		}
		int at = descriptorOrName.indexOf("org/apache/hc/");
		while (at >= 0) {
			int end = at;
			while (end < descriptorOrName.length() && ";<>.[".indexOf(descriptorOrName.charAt(end)) < 0) {
				end++;
			}
			types.add(descriptorOrName.substring(at, end));
			at = descriptorOrName.indexOf("org/apache/hc/", end);
		}
	}

	private static boolean isInternal(String internalName) {
		String resource = internalName.replaceAll("\\$.*", "") + ".class";
		try (InputStream in = HttpClientInternalsContractTests.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				return false;
			}
			boolean[] internal = new boolean[1];
			new ClassReader(in).accept(new ClassVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
					internal[0] |= INTERNAL.equals(descriptor);
					return null;
				}

			}, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
			return internal[0];
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Collects the HttpClient types a class declares (supertypes, fields, methods) and
	 * uses in its code.
	 */
	private static final class TypeCollector extends ClassVisitor {

		private final Set<String> types;

		TypeCollector(Set<String> types) {
			super(SpringAsmInfo.ASM_VERSION);
			this.types = types;
		}

		@Override
		public void visit(int version, int access, String name, @Nullable String signature, @Nullable String superName,
				String @Nullable [] interfaces) {
			collect(signature, this.types);
			collect(superName, this.types);
			if (interfaces != null) {
				for (String type : interfaces) {
					collect(type, this.types);
				}
			}
		}

		@Override
		public @Nullable FieldVisitor visitField(int access, String name, String descriptor, @Nullable String signature,
				@Nullable Object value) {
			collect(descriptor, this.types);
			collect(signature, this.types);
			return null;
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
				String @Nullable [] exceptions) {
			collect(descriptor, this.types);
			collect(signature, this.types);
			Set<String> types = this.types;
			return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public void visitTypeInsn(int opcode, String type) {
					collect(type, types);
				}

				@Override
				public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
					collect(owner, types);
					collect(descriptor, types);
				}

				@Override
				public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
						boolean isInterface) {
					collect(owner, types);
					collect(descriptor, types);
				}

				@Override
				public void visitLocalVariable(String name, String descriptor, @Nullable String signature,
						org.springframework.asm.Label start, org.springframework.asm.Label end, int index) {
					collect(descriptor, types);
					collect(signature, types);
				}

			};
		}

	}

}
