package io.github.keepalive.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Checks the {@code keepalive.*} properties of every property source before any bean is
 * created: the client names, the properties the starter does not know (typically
 * misspelled) and the saturated health status. The other values are checked when the
 * clients are built.
 */
final class KeepAlivePropertiesCheck implements BeanDefinitionRegistryPostProcessor, BeanClassLoaderAware, Ordered {

	private static final Log logger = LogFactory.getLog(KeepAlivePropertiesCheck.class);

	private final Environment environment;

	private ClassLoader classLoader = KeepAlivePropertiesCheck.class.getClassLoader();

	KeepAlivePropertiesCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		KnownKeepAliveProperties known = KnownKeepAliveProperties.of(this.classLoader);
		List<ConfiguredProperty> configured = ConfiguredProperty.below(KnownKeepAliveProperties.PREFIX,
				this.environment);
		new ClientNamesCheck(known).check(configured);
		if (known.isEmpty()) {
			logger.debug("No configuration metadata lists the keepalive.* properties; unknown ones are not reported");
		}
		else {
			new UnknownPropertiesCheck(known).check(configured);
		}
		new SaturatedStatusCheck().check(Binder.get(this.environment));
	}

	@Override
	public int getOrder() {
		// Before NamedRestClientsRegistrar registers a RestClient per client name
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
