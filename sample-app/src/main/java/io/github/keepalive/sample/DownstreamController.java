package io.github.keepalive.sample;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The "downstream service" the demo calls: in a real application this would be another
 * service, here it is a cheap endpoint of the app itself, so the run measures connection
 * handling rather than work.
 */
@RestController
class DownstreamController {

	private final ConnectionCounter connections;

	DownstreamController(ConnectionCounter connections) {
		this.connections = connections;
	}

	@GetMapping("/downstream")
	String downstream(@RequestParam(required = false) @Nullable String run, HttpServletRequest request) {
		if (run != null) {
			this.connections.record(run, request);
		}
		return "ok";
	}

}
