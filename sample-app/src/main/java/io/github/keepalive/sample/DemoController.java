package io.github.keepalive.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo} runs the demo again and returns its figures as JSON: the connections
 * the server counted and what each client's meters counted.
 */
@RestController
class DemoController {

	private final KeepAliveDemo demo;

	DemoController(KeepAliveDemo demo) {
		this.demo = demo;
	}

	@GetMapping("/demo")
	DemoReport demo() {
		return this.demo.run();
	}

}
