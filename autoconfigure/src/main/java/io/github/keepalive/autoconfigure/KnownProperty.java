package io.github.keepalive.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.keepalive.autoconfigure.KnownKeepAliveProperties.Match;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * One known property, relative to its prefix.
 *
 * @param dashed the name in dashed form, e.g. {@code pool.max-per-route}
 * @param uniformElements the name's elements in uniform form
 * @param kind what the property holds
 */
record KnownProperty(String dashed, List<String> uniformElements, Kind kind) {

	static KnownProperty of(String dashed, String type) {
		List<String> elements = Arrays.stream(dashed.split("\\.")).map(KnownProperty::uniform).toList();
		return new KnownProperty(dashed, elements, Kind.of(type));
	}

	/**
	 * The property in the legacy form of environment variables, where each dash
	 * separates elements as an underscore does ({@code max.per.route}).
	 * @return the legacy form
	 */
	KnownProperty legacy() {
		String legacy = this.dashed.replace('-', '.');
		return new KnownProperty(legacy, Arrays.stream(legacy.split("\\.")).toList(), this.kind);
	}

	String uniform() {
		return String.join(".", this.uniformElements);
	}

	Match match(ConfigurationPropertyName relative) {
		int count = relative.getNumberOfElements();
		for (int i = 0; i < this.uniformElements.size(); i++) {
			if (i == count) {
				return Match.GROUP;
			}
			if (!this.uniformElements.get(i).equals(relative.getElement(i, Form.UNIFORM))) {
				return Match.NONE;
			}
		}
		int below = this.uniformElements.size();
		return switch (this.kind) {
			case VALUE -> (count == below) ? Match.PROPERTY : Match.NONE;
			case LIST -> isIndexes(relative, below) ? Match.PROPERTY : Match.NONE;
			case MAP -> (count > below) ? Match.PROPERTY : Match.GROUP;
		};
	}

	/**
	 * The part of a name to compare with this property when looking for the closest:
	 * only as many elements as the property has for a map, whose key follows.
	 * @param relative the name
	 * @return the part in uniform form
	 */
	String comparedPart(ConfigurationPropertyName relative) {
		int count = relative.getNumberOfElements();
		if (this.kind == Kind.MAP) {
			count = Math.min(count, this.uniformElements.size());
		}
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			elements.add(relative.getElement(i, Form.UNIFORM));
		}
		return String.join(".", elements);
	}

	private static boolean isIndexes(ConfigurationPropertyName name, int from) {
		for (int i = from; i < name.getNumberOfElements(); i++) {
			if (!name.isNumericIndex(i)) {
				return false;
			}
		}
		return true;
	}

	private static String uniform(String dashed) {
		return dashed.replace("-", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * What a property holds, which decides the names below it that bind.
	 */
	enum Kind {

		/**
		 * A single value: nothing below it.
		 */
		VALUE,

		/**
		 * A list: indexes below it ({@code non-proxy-hosts[0]}).
		 */
		LIST,

		/**
		 * A map: any key below it ({@code default-headers.X-Team}).
		 */
		MAP;

		static Kind of(String type) {
			if (type.startsWith("java.util.Map<")) {
				return MAP;
			}
			boolean collection = type.startsWith("java.util.List<") || type.startsWith("java.util.Set<")
					|| type.startsWith("java.util.Collection<") || type.endsWith("[]");
			return collection ? LIST : VALUE;
		}

	}

}
