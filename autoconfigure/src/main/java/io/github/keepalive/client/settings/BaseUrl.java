package io.github.keepalive.client.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The base URL of a client. User information ({@code https://user:password@host}) is
 * kept apart: requests go to {@link #uri()}, which has none (HttpClient 5 rejects it and
 * Spring prints URLs in exception messages), the credentials are sent as a header
 * instead, and {@link #toString()} masks them.
 */
public final class BaseUrl {

	private static final String MASK = "******";

	private final URI uri;

	private final @Nullable String userInfo;

	private BaseUrl(URI uri, @Nullable String userInfo) {
		this.uri = uri;
		this.userInfo = userInfo;
	}

	/**
	 * Parses an absolute http or https URL with a host.
	 * @param url the URL
	 * @return the base URL
	 * @throws InvalidSettingException if it is not such a URL
	 */
	public static BaseUrl of(String url) {
		URI parsed;
		try {
			parsed = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidSettingException(KeepAliveClientSettings.BASE_URL, null, mask(url),
					"must be a valid URL (" + ex.getReason() + ")", null, null);
		}
		String scheme = parsed.getScheme();
		InvalidSettingException.check(
				parsed.isAbsolute() && parsed.getHost() != null
						&& ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)),
				KeepAliveClientSettings.BASE_URL, mask(url), "must be an absolute http or https URL with a host");
		String rawUserInfo = parsed.getRawUserInfo();
		if (rawUserInfo == null) {
			return new BaseUrl(parsed, null);
		}
		// the raw form keeps the rest of the URL exactly as it was written
		String userInfoAndAt = rawUserInfo + "@";
		int start = url.indexOf(userInfoAndAt);
		URI withoutUserInfo = URI.create(url.substring(0, start) + url.substring(start + userInfoAndAt.length()));
		return new BaseUrl(withoutUserInfo, parsed.getUserInfo());
	}

	/**
	 * The URL requests go to, without user information.
	 * @return the URL
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * The decoded user information ({@code user:password}), or {@code null}.
	 * @return the user information
	 */
	public @Nullable String userInfo() {
		return this.userInfo;
	}

	/**
	 * The lower-case scheme.
	 * @return the scheme
	 */
	public String scheme() {
		return this.uri.getScheme().toLowerCase(Locale.ROOT);
	}

	/**
	 * The lower-case host.
	 * @return the host
	 */
	public String host() {
		return this.uri.getHost().toLowerCase(Locale.ROOT);
	}

	/**
	 * The port, or the scheme's default port.
	 * @return the port
	 */
	public int port() {
		return (this.uri.getPort() != -1) ? this.uri.getPort() : ("https".equals(scheme()) ? 443 : 80);
	}

	/**
	 * The URL as written, with any user information masked. Where the URL has no host that
	 * parses (a password with a raw {@code @} or {@code /}), everything between {@code //}
	 * and the last {@code @} is masked: a part of a password never shows.
	 * @param url a URL
	 * @return the masked URL
	 */
	public static String mask(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() != null) {
				String userInfo = uri.getRawUserInfo();
				return (userInfo != null)
						? url.replaceFirst("(?<=//)" + Pattern.quote(userInfo) + "@", Matcher.quoteReplacement(MASK + "@"))
						: url;
			}
		}
		catch (URISyntaxException ex) {
			// masked as written, below
		}
		int authority = url.indexOf("//");
		int at = url.lastIndexOf('@');
		return (authority >= 0 && at > authority + 1) ? url.substring(0, authority + 2) + MASK + url.substring(at)
				: url;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof BaseUrl that && this.uri.equals(that.uri)
				&& java.util.Objects.equals(this.userInfo, that.userInfo);
	}

	@Override
	public int hashCode() {
		return this.uri.hashCode();
	}

	/**
	 * The URL with any user information masked.
	 * @return the masked URL
	 */
	@Override
	public String toString() {
		if (this.userInfo == null) {
			return this.uri.toString();
		}
		String url = this.uri.toString();
		int authority = url.indexOf("//") + 2;
		return url.substring(0, authority) + MASK + "@" + url.substring(authority);
	}

}
