package io.github.keepalive.autoconfigure;

import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Registers, for every {@code keepalive.clients.<name>}, a {@link RestClient} bean named
 * {@code <name>RestClient} and a prototype {@link RestClient.Builder} bean named
 * {@code <name>RestClientBuilder}, both qualified {@code <name>}. A bean of that name
 * defined by the application wins. Neither is a default candidate, so an injection point
 * without a qualifier still gets the default client and Spring Boot's own builder.
 * <p>
 * Each is a factory-method bean definition ({@link KeepAliveRestClientFactory#create} or
 * {@link KeepAliveRestClientFactory#builder}, the client's name as argument) rather than
 * one with an instance supplier, so that {@code spring-boot:process-aot} can write it as
 * code.
 * <p>
 * The clients are bound by the rule {@link KeepAliveProperties} is bound by
 * ({@code ignoreUnknownFields = false}): a name under {@code keepalive.clients.} that binds
 * to no client property stops start-up, unless it comes from the OS environment or the
 * JVM's system properties. So a dotted YAML key ({@code my.client:}, which nests) fails
 * here, naming the property, before any bean is registered for it.
 */
class NamedRestClientsRegistrar implements BeanDefinitionRegistryPostProcessor {

	/** The name of the auto-configured {@link KeepAliveRestClientFactory} bean. */
	private static final String REST_CLIENT_FACTORY_BEAN = "keepAliveRestClientFactory";

	private final Environment environment;

	NamedRestClientsRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		String factoryBean = restClientFactoryBeanName(registry);
		for (String name : clientNames()) {
			register(registry, name + "RestClient", RestClient.class, factoryBean, "create", name,
					BeanDefinition.SCOPE_SINGLETON);
			// a new builder on every injection, like Spring Boot's own RestClient.Builder
			register(registry, name + "RestClientBuilder", RestClient.Builder.class, factoryBean, "builder", name,
					BeanDefinition.SCOPE_PROTOTYPE);
		}
	}

	private static String restClientFactoryBeanName(BeanDefinitionRegistry registry) {
		// the application's own factory, if it defines one, else the auto-configured one
		if (registry instanceof ListableBeanFactory beanFactory) {
			String[] names = beanFactory.getBeanNamesForType(KeepAliveRestClientFactory.class, true, false);
			if (names.length == 1) {
				return names[0];
			}
		}
		return REST_CLIENT_FACTORY_BEAN;
	}

	private static void register(BeanDefinitionRegistry registry, String beanName, Class<?> type,
			String factoryBean, String factoryMethod, String clientName, String scope) {
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName(factoryBean);
		definition.setFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, clientName);
		definition.setTargetType(type);
		definition.setScope(scope);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, clientName));
		definition.setDefaultCandidate(false);
		registry.registerBeanDefinition(beanName, definition);
	}

	private Set<String> clientNames() {
		BindHandler handler = new NoUnboundElementsBindHandler(BindHandler.DEFAULT, new UnboundElementsSourceFilter());
		return Binder.get(this.environment)
			.bind("keepalive.clients", Bindable.mapOf(String.class, KeepAliveClientProperties.class), handler)
			.orElse(Map.of())
			.keySet();
	}

}
