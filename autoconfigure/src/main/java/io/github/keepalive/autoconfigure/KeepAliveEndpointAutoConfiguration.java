package io.github.keepalive.autoconfigure;

import io.github.keepalive.actuate.KeepAliveEndpoint;
import io.github.keepalive.client.KeepAliveClients;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code keepalive} actuator endpoint.
 */
@AutoConfiguration(after = KeepAliveAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(KeepAliveClients.class)
@ConditionalOnAvailableEndpoint(KeepAliveEndpoint.class)
public final class KeepAliveEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeepAliveEndpoint keepAliveEndpoint(KeepAliveClients clients) {
		return new KeepAliveEndpoint(clients);
	}

}
