package io.github.keepalive.client.connection;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.mockito.MockMakers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.withSettings;

/**
 * Assertions on a wrapper whose methods are another object's: each method a class of the
 * wrapper declares calls the same method of the delegate, once, with the same arguments
 * (values that differ by position, so that arguments passed on in another order fail),
 * and returns what the delegate returned.
 */
final class DelegationAssertions {

	private DelegationAssertions() {
	}

	/**
	 * A mock delegate that returns {@code values.of(returnType, 0)} from every method.
	 * @param <T> the type
	 * @param type the type
	 * @param values the values its methods return
	 * @return the mock
	 */
	static <T> T delegate(Class<T> type, Values values) {
		// a subclass mock: the inline mock maker would rewrite a JDK class for every test in the JVM
		return mock(type, withSettings().mockMaker(MockMakers.SUBCLASS)
			.defaultAnswer((invocation) -> values.of(invocation.getMethod().getReturnType(), 0)));
	}

	/**
	 * Asserts that each public method {@code declaring} declares is the delegate's.
	 * @param declaring the class of the wrapper that declares the methods
	 * @param wrapper the wrapper
	 * @param delegateType the type of the delegate
	 * @param delegate the delegate, from {@link #delegate(Class, Values)}
	 * @param arguments the arguments to call the methods with
	 * @param returned the values the delegate returns
	 * @param returningTheWrapper the methods that return the wrapper itself instead
	 * @throws Exception if a method cannot be called
	 */
	static void assertDelegates(Class<?> declaring, Object wrapper, Class<?> delegateType, Object delegate,
			Values arguments, Values returned, String... returningTheWrapper) throws Exception {
		Set<Method> methods = publicMethods(declaring);
		assertThat(methods).as("methods of %s", declaring.getName()).isNotEmpty();
		for (Method method : methods) {
			clearInvocations(delegate);
			Class<?>[] types = method.getParameterTypes();
			Object[] values = new Object[types.length];
			for (int i = 0; i < types.length; i++) {
				values[i] = arguments.of(types[i], i);
			}
			Object result = method.invoke(wrapper, values);
			if (Arrays.asList(returningTheWrapper).contains(method.getName())) {
				assertThat(result).as("%s returns the wrapper", method.getName()).isSameAs(wrapper);
			}
			else {
				assertThat(result).as("what %s returns", method.getName())
					.isEqualTo(returned.of(method.getReturnType(), 0));
			}
			// Mockito does not record toString
			if (!method.getName().equals("toString")) {
				delegateType.getMethod(method.getName(), types).invoke(verify(delegate), values);
				verifyNoMoreInteractions(delegate);
			}
		}
	}

	/**
	 * The public instance methods the types declare, as names with parameter types.
	 * @param types the types
	 * @return the signatures
	 */
	static Set<String> signatures(Class<?>... types) {
		Set<String> signatures = new TreeSet<>();
		for (Class<?> type : types) {
			for (Method method : publicMethods(type)) {
				signatures.add(method.getName() + Arrays.toString(method.getParameterTypes()));
			}
		}
		return signatures;
	}

	private static Set<Method> publicMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>();
		for (Method method : type.getDeclaredMethods()) {
			int modifiers = method.getModifiers();
			if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !method.isSynthetic()) {
				methods.add(method);
			}
		}
		return methods;
	}

	/**
	 * Values of the types the methods take or return.
	 */
	@FunctionalInterface
	interface Values {

		/**
		 * A value of the type.
		 * @param type the type
		 * @param position the position among the arguments, 0 for a returned value
		 * @return the value, {@code null} for {@code void}
		 * @throws IllegalStateException if there is none of that type
		 */
		@Nullable Object of(Class<?> type, int position);

	}

}
