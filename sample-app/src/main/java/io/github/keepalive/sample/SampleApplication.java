package io.github.keepalive.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A web app that calls an endpoint of its own, over HTTP and over HTTPS, through the
 * starter's keep-alive {@code RestClient}s and through connection-per-request clients, and
 * shows what the connections cost: on start-up in the log, and at {@code GET /demo} as JSON.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
