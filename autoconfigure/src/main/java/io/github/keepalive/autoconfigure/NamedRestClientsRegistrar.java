package io.github.keepalive.autoconfigure;

import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Registers a {@link RestClient} bean named {@code <name>RestClient}, qualified
 * {@code <name>}, for every {@code keepalive.clients.<name>}. A bean of that name defined
 * by the application wins.
 */
class NamedRestClientsRegistrar implements BeanDefinitionRegistryPostProcessor {

	private final Environment environment;

	NamedRestClientsRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		for (String name : clientNames()) {
			String beanName = name + "RestClient";
			if (registry.containsBeanDefinition(beanName)) {
				continue;
			}
			BeanFactory beanFactory = (BeanFactory) registry;
			RootBeanDefinition definition = new RootBeanDefinition(RestClient.class,
					() -> beanFactory.getBean(KeepAliveRestClientFactory.class).create(name));
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(beanName, definition);
		}
	}

	private Set<String> clientNames() {
		try {
			return Binder.get(this.environment)
				.bind("keepalive.clients", Bindable.mapOf(String.class, KeepAliveClientProperties.class))
				.orElse(Map.of())
				.keySet();
		}
		catch (BindException ex) {
			// Reported with the property's name when KeepAliveProperties is bound
			return Set.of();
		}
	}

}
