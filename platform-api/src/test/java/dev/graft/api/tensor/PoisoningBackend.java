package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reference backend, with {@link ComputeBackend#release} overwriting the storage with NaN on the spot and
 * recording it: whatever reads memory after it was given back reads NaN, and a storage given back twice (which a
 * pooling backend would hand out to two owners) fails the test.
 */
final class PoisoningBackend {
    final ReferenceBackend target = new ReferenceBackend();
    final Map<Storage, Boolean> released = new IdentityHashMap<>();
    final ComputeBackend backend = (ComputeBackend) Proxy.newProxyInstance(ComputeBackend.class.getClassLoader(),
            new Class<?>[] {ComputeBackend.class}, (proxy, method, args) -> {
                if (method.getName().equals("release")) {
                    HeapStorage h = (HeapStorage) args[0];
                    assertFalse(released.containsKey(h), "a storage was released twice");
                    released.put(h, Boolean.TRUE);
                    if (h.floats != null) {
                        Arrays.fill(h.floats, Float.NaN);
                    } else {
                        Arrays.fill(h.ints, Integer.MIN_VALUE);
                    }
                    return null;
                }
                if (method.getDeclaringClass() == Object.class) {
                    return method.getName().equals("equals") ? proxy == args[0]
                            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "poisoning";
                }
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
}
