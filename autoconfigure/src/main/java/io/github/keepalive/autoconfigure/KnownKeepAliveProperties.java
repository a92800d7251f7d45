package io.github.keepalive.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * The {@code keepalive.*} properties the starter knows: the ones its configuration
 * metadata lists, where a map-valued property takes any key, and a named client's
 * properties are the default client's under {@code keepalive.clients.<name>.}. Names are
 * compared in Spring Boot's uniform form, so {@code max-per-route}, {@code maxPerRoute}
 * and {@code max_per_route} are the same, and environment variables may also use the
 * legacy form ({@code KEEPALIVE_POOL_MAX_PER_ROUTE}) that Boot binds.
 */
final class KnownKeepAliveProperties {

	static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("keepalive");

	private static final String CLIENTS = "clients";

	private static final Map<ClassLoader, KnownKeepAliveProperties> cache = new ConcurrentReferenceHashMap<>();

	/**
	 * The properties relative to {@code keepalive.}, {@code clients} included.
	 */
	private final List<KnownProperty> properties;

	/**
	 * A named client's properties, relative to {@code keepalive.clients.<name>.}.
	 */
	private final List<KnownProperty> clientProperties;

	private KnownKeepAliveProperties(List<KnownProperty> properties, List<KnownProperty> clientProperties) {
		this.properties = properties;
		this.clientProperties = clientProperties;
	}

	/**
	 * The known properties, from the configuration metadata the class loader sees.
	 * @param classLoader the class loader
	 * @return the known properties
	 */
	static KnownKeepAliveProperties of(ClassLoader classLoader) {
		return cache.computeIfAbsent(classLoader,
				(loader) -> of(ConfigurationMetadataReader.read(loader, PREFIX + ".")));
	}

	/**
	 * The known properties, from the names and types of the metadata's properties.
	 * @param types the type of each {@code keepalive.*} property by name
	 * @return the known properties
	 */
	static KnownKeepAliveProperties of(Map<String, String> types) {
		Set<String> clientGroups = clientGroups();
		List<KnownProperty> properties = new ArrayList<>();
		List<KnownProperty> clientProperties = new ArrayList<>();
		types.forEach((name, type) -> {
			KnownProperty property = KnownProperty.of(name.substring(PREFIX.toString().length() + 1), type);
			properties.add(property);
			if (clientGroups.contains(property.uniformElements().get(0))) {
				clientProperties.add(property);
			}
		});
		return new KnownKeepAliveProperties(List.copyOf(properties), List.copyOf(clientProperties));
	}

	/**
	 * The first elements of the default client's properties that a named client has too:
	 * the properties of {@link KeepAliveClientProperties}, which {@code keepalive.clients}
	 * maps names to.
	 * @return the elements in uniform form
	 */
	private static Set<String> clientGroups() {
		return Arrays.stream(BeanUtils.getPropertyDescriptors(KeepAliveClientProperties.class))
			.map(PropertyDescriptor::getName)
			.filter((name) -> !"class".equals(name))
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet());
	}

	/**
	 * Whether the metadata listed no properties (it is missing), so nothing can be judged.
	 * @return whether no property is known
	 */
	boolean isEmpty() {
		return this.properties.isEmpty();
	}

	/**
	 * How a configured name under {@code keepalive.} relates to the known properties.
	 * @param name the name
	 * @param systemEnvironment whether the name comes from the system environment
	 * @return the match
	 */
	Match match(ConfigurationPropertyName name, boolean systemEnvironment) {
		ConfigurationPropertyName relative = name.subName(PREFIX.getNumberOfElements());
		if (isClients(relative)) {
			// keepalive.clients and keepalive.clients.<name> hold a client's properties
			return (relative.getNumberOfElements() < 3) ? Match.GROUP : matchClient(relative, systemEnvironment);
		}
		return match(this.properties, relative, systemEnvironment);
	}

	private Match matchClient(ConfigurationPropertyName relative, boolean systemEnvironment) {
		Match match = match(this.clientProperties, relative.subName(2), systemEnvironment);
		// In a variable a '_' also stands for a dash of the client's name, as Boot binds
		// KEEPALIVE_CLIENTS_PER_REQUEST_BASE_URL to the client per-request
		for (int key = 3; systemEnvironment && key < relative.getNumberOfElements(); key++) {
			match = match.or(match(this.clientProperties, relative.subName(key), true));
		}
		return match;
	}

	/**
	 * Whether a name relative to {@code keepalive.clients.<name>.} is a client's property
	 * or holds some.
	 * @param relative the relative name
	 * @param systemEnvironment whether the name comes from the system environment
	 * @return whether it is a client's property or group of properties
	 */
	boolean isClientProperty(ConfigurationPropertyName relative, boolean systemEnvironment) {
		return match(this.clientProperties, relative, systemEnvironment) != Match.NONE;
	}

	/**
	 * The known property closest to an unknown name, relative to the same client:
	 * {@code keepalive.clients.github.pool.max-per-rout} gives
	 * {@code keepalive.clients.github.pool.max-per-route}.
	 * @param name the unknown name
	 * @return the closest known property or {@code null} if none is close
	 */
	@Nullable ConfigurationPropertyName closest(ConfigurationPropertyName name) {
		ConfigurationPropertyName relative = name.subName(PREFIX.getNumberOfElements());
		if (isClients(relative) && relative.getNumberOfElements() >= 3) {
			return closest(name.chop(PREFIX.getNumberOfElements() + 2), this.clientProperties, relative.subName(2));
		}
		return closest(PREFIX, this.properties, relative);
	}

	private static @Nullable ConfigurationPropertyName closest(ConfigurationPropertyName prefix,
			List<KnownProperty> candidates, ConfigurationPropertyName relative) {
		KnownProperty closest = ClosestMatch.of(candidates, KnownProperty::uniform,
				(candidate) -> candidate.comparedPart(relative));
		if (closest == null) {
			return null;
		}
		ConfigurationPropertyName suggestion = prefix.append(closest.dashed());
		// A map's key stays as it was given: max-per-hots.[api.example.com] -> max-per-host.[api.example.com]
		int covered = closest.uniformElements().size();
		return (closest.kind() == KnownProperty.Kind.MAP && relative.getNumberOfElements() > covered)
				? suggestion.append(relative.subName(covered)) : suggestion;
	}

	private static boolean isClients(ConfigurationPropertyName relative) {
		return !relative.isEmpty() && CLIENTS.equals(relative.getElement(0, Form.UNIFORM));
	}

	private static Match match(List<KnownProperty> candidates, ConfigurationPropertyName relative,
			boolean systemEnvironment) {
		Match best = Match.NONE;
		for (KnownProperty candidate : candidates) {
			best = best.or(candidate.match(relative));
			if (systemEnvironment) {
				best = best.or(candidate.legacy().match(relative));
			}
		}
		return best;
	}

	/**
	 * How a name relates to the known properties.
	 */
	enum Match {

		/**
		 * Neither a known property nor a group of them.
		 */
		NONE,

		/**
		 * A group of known properties, such as {@code keepalive.pool}, or a map.
		 */
		GROUP,

		/**
		 * A known property, or an entry of a known map or list.
		 */
		PROPERTY;

		Match or(Match other) {
			return (other.ordinal() > ordinal()) ? other : this;
		}

	}

}
