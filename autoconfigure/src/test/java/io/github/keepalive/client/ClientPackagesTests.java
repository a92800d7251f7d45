package io.github.keepalive.client;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of the client layer form a stack, read from the compiled classes (every
 * type a class names, in code, fields and signatures): each depends only on those below
 * it, and none on the Spring-aware packages above the client layer.
 */
class ClientPackagesTests {

	// from the bottom of the stack up
	private static final List<String> STACK = List.of("client/settings", "client/connection", "client/pool",
			"client/exec", "client");

	private static final Pattern STARTER_TYPE = Pattern.compile("io/github/keepalive/([a-z/]+)/[A-Z]");

	@Test
	void eachPackageDependsOnlyOnThoseBelowIt() throws IOException {
		Map<String, Set<String>> dependencies = dependencies();
		assertThat(dependencies.keySet()).containsAll(STACK);
		dependencies.forEach((from, targets) -> {
			int level = STACK.indexOf(from);
			assertThat(level).as("%s is a package of the stack", from).isNotNegative();
			for (String target : targets) {
				assertThat(STACK.indexOf(target)).as("%s depends on %s, not below it", from, target)
					.isNotNegative()
					.isLessThan(level);
			}
		});
		assertThat(dependencies.get("client/settings")).as("the settings depend on nothing of the starter").isEmpty();
	}

	// each client package, with the other starter packages its classes name
	private static Map<String, Set<String>> dependencies() throws IOException {
		Path classes = mainClasses();
		Map<String, Set<String>> dependencies = new TreeMap<>();
		try (Stream<Path> files = Files.walk(classes.resolve("io/github/keepalive/client"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				String from = classes.relativize(file.getParent()).toString().replace('\\', '/')
					.substring("io/github/keepalive/".length());
				Set<String> targets = dependencies.computeIfAbsent(from, (name) -> new TreeSet<>());
				// the constant pool holds every type name the class uses, as io/github/keepalive/…
				Matcher type = STARTER_TYPE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
				while (type.find()) {
					String target = type.group(1);
					if (!target.equals(from)) {
						targets.add(target);
					}
				}
			}
		}
		return dependencies;
	}

	private static Path mainClasses() {
		try {
			return Path.of(KeepAliveHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
