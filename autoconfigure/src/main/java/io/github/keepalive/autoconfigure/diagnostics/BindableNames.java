package io.github.keepalive.autoconfigure.diagnostics;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;

/**
 * The property names a bind target takes, relative to the name it is bound at, found by
 * walking its JavaBean (or record) structure as Spring Boot's binder does: a nested
 * object's properties below its name, any key below a map of values, a map of objects'
 * properties below each key, indexes below a list.
 */
final class BindableNames {

	/** The element that stands for any key of a map of objects. */
	private static final String ANY_KEY = "*";

	private static final int MAX_DEPTH = 8;

	private final List<KnownName> names;

	private BindableNames(List<KnownName> names) {
		this.names = names;
	}

	/**
	 * The names a bind target of the given type takes.
	 * @param type the type bound
	 * @return its names
	 */
	static BindableNames of(ResolvableType type) {
		List<KnownName> names = new ArrayList<>();
		walk(type, List.of(), names, 0);
		return new BindableNames(List.copyOf(names));
	}

	private static void walk(ResolvableType type, List<String> path, List<KnownName> names, int depth) {
		Class<?> raw = type.resolve(Object.class);
		if (Map.class.isAssignableFrom(raw)) {
			ResolvableType value = type.asMap().getGeneric(1);
			if (isObject(value.resolve(Object.class))) {
				walk(value, append(path, ANY_KEY), names, depth + 1);
			}
			else {
				names.add(new KnownName(path, true));
			}
		}
		else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
			names.add(new KnownName(path, true));
		}
		else if (isObject(raw) && depth < MAX_DEPTH) {
			for (Method getter : getters(raw)) {
				String name = getter.getName().replaceFirst("^(get|is)(?=[A-Z])", "");
				String property = DataObjectPropertyName.toDashedForm(name.substring(0, 1).toLowerCase(Locale.ROOT)
						+ name.substring(1));
				walk(ResolvableType.forMethodReturnType(getter, raw), append(path, property), names, depth + 1);
			}
		}
		else {
			names.add(new KnownName(path, false));
		}
	}

	private static List<Method> getters(Class<?> type) {
		List<Method> getters = new ArrayList<>();
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				getters.add(component.getAccessor());
			}
			return getters;
		}
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() != null && !"class".equals(descriptor.getName())) {
				getters.add(descriptor.getReadMethod());
			}
		}
		return getters;
	}

	/**
	 * Whether the binder binds a type's properties rather than converting a value to it.
	 */
	private static boolean isObject(Class<?> type) {
		return !type.isPrimitive() && !type.isEnum() && !type.getName().startsWith("java.")
				&& !ApplicationConversionService.getSharedInstance().canConvert(String.class, type);
	}

	private static List<String> append(List<String> path, String element) {
		List<String> appended = new ArrayList<>(path);
		appended.add(element);
		return appended;
	}

	/**
	 * A dotted map key that a name was probably written with: {@code my.client} for
	 * {@code clients.my.client.base-url}, since {@code client.base-url} is no property of
	 * a client but {@code base-url} is.
	 * @param relative the unbound name, relative to the bind target
	 * @return the key as written and the name with the key's dots as dashes, or
	 * {@code null}
	 */
	@Nullable DottedKey dottedKey(ConfigurationPropertyName relative) {
		int count = relative.getNumberOfElements();
		for (KnownName known : this.names) {
			int key = known.elements().indexOf(ANY_KEY);
			int after = known.elements().size() - key - 1;
			for (int end = key + 2; key >= 0 && end + after <= count; end++) {
				if (known.matches(relative, key, end)) {
					String written = original(relative, key, end);
					return new DottedKey(written, join(original(relative, 0, key), written.replace('.', '-'),
							original(relative, end, count)));
				}
			}
		}
		return null;
	}

	/**
	 * The known name closest to an unbound one, if one is close enough to be what was
	 * meant. Below a map of objects, a name is compared with the properties of that
	 * object when its key is there, else with the map's own name.
	 * @param relative the unbound name, relative to the bind target
	 * @return the closest known name, written as the unbound one where they agree, or
	 * {@code null}
	 */
	@Nullable String closest(ConfigurationPropertyName relative) {
		List<Candidate> candidates = this.names.stream().map((known) -> known.candidate(relative)).toList();
		Candidate closest = ClosestMatch.of(candidates, Candidate::known, Candidate::compared);
		return (closest != null) ? closest.suggestion() : null;
	}

	/**
	 * A name in the form it was written, from one element to another:
	 * {@code pool.maxPerRout} rather than Boot's {@code pool.maxperrout}, a key in
	 * brackets where it was given so.
	 */
	static String original(ConfigurationPropertyName name, int from, int to) {
		StringBuilder original = new StringBuilder();
		for (int i = from; i < to; i++) {
			String element = name.getElement(i, Form.ORIGINAL);
			boolean indexed = name.chop(i + 1).isLastElementIndexed();
			original.append(indexed ? "[" + element + "]" : ((i > from) ? "." : "") + element);
		}
		return original.toString();
	}

	private static String join(String... parts) {
		StringBuilder joined = new StringBuilder();
		for (String part : parts) {
			if (!part.isEmpty()) {
				joined.append((joined.length() > 0 && !part.startsWith("[")) ? "." : "").append(part);
			}
		}
		return joined.toString();
	}

	/**
	 * A dotted key.
	 *
	 * @param key the key as written, e.g. {@code my.client}
	 * @param renamed the unbound name with the key's dots as dashes, e.g.
	 * {@code clients.my-client.base-url}
	 */
	record DottedKey(String key, String renamed) {

	}

	/**
	 * A name the bind target takes.
	 *
	 * @param elements its elements in dashed form, {@value #ANY_KEY} for a map's key
	 * @param open whether any name below it binds too (a map of values or a list)
	 */
	private record KnownName(List<String> elements, boolean open) {

		Candidate candidate(ConfigurationPropertyName relative) {
			int key = this.elements.indexOf(ANY_KEY);
			if (key < 0 || key >= relative.getNumberOfElements()) {
				return candidate(relative, 0, this.elements.size(), this.open);
			}
			// the object's properties when the name reaches the map (the key is the name's own),
			// else the map, which any key below it binds to
			return matches(relative, key, key) ? candidate(relative, key + 1, this.elements.size(), this.open)
					: candidate(relative, 0, key, true);
		}

		/**
		 * Compares the elements of this name from one to another with the unbound name's;
		 * the unbound name's elements before are this name's already.
		 */
		private Candidate candidate(ConfigurationPropertyName relative, int from, int to, boolean open) {
			int count = relative.getNumberOfElements();
			int compared = open ? Math.min(count, to) : count;
			List<String> known = this.elements.subList(from, to);
			String suggestion = join(original(relative, 0, from), String.join(".", known),
					(open && count > to) ? original(relative, to, count) : "");
			return new Candidate(uniform(known), uniform(relative, from, compared), suggestion);
		}

		/**
		 * Whether an unbound name is this name up to a key, and after it when the key
		 * runs from one element to another.
		 */
		boolean matches(ConfigurationPropertyName relative, int key, int end) {
			if (!uniform(this.elements.subList(0, key)).equals(uniform(relative, 0, key))) {
				return false;
			}
			if (end == key) {
				return true;
			}
			int after = this.elements.size() - key - 1;
			List<String> rest = this.elements.subList(key + 1, this.elements.size());
			return uniform(rest).equals(uniform(relative, end, end + after))
					&& (this.open || end + after == relative.getNumberOfElements());
		}

		private static String uniform(List<String> dashed) {
			return String.join(".", dashed).replace("-", "").toLowerCase(Locale.ROOT);
		}

		private static String uniform(ConfigurationPropertyName name, int from, int to) {
			List<String> elements = new ArrayList<>();
			for (int i = from; i < to; i++) {
				elements.add(name.getElement(i, Form.UNIFORM));
			}
			return String.join(".", elements);
		}

	}

	/**
	 * A known name prepared for comparison with one unbound name.
	 *
	 * @param known the part of the known name compared, in uniform form
	 * @param compared the part of the unbound name compared with it, in uniform form
	 * @param suggestion the known name as it would be suggested
	 */
	private record Candidate(String known, String compared, String suggestion) {

	}

}
