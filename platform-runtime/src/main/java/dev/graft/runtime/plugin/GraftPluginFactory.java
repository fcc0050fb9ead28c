package dev.graft.runtime.plugin;

import dev.graft.api.spi.PluginLifecycle;
import java.lang.reflect.InvocationTargetException;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates the lifecycle object named by a plugin's {@code Plugin-Class}: a {@link PluginLifecycle} (what
 * Graft plugins implement, so that they depend on the Graft API only) is wrapped for PF4J; a PF4J
 * {@link Plugin} subclass is created as PF4J would; no class means no callbacks. Unlike PF4J's factory it throws
 * a {@link PluginRuntimeException} that names the class and the cause instead of returning {@code null}.
 */
final class GraftPluginFactory implements PluginFactory {
    private final DefaultPluginFactory pf4j = new DefaultPluginFactory();

    @Override
    public Plugin create(PluginWrapper wrapper) {
        String name = wrapper.getDescriptor().getPluginClass();
        if (name == null || name.isBlank() || name.equals(Plugin.class.getName())) {
            return new Plugin() {
            };
        }
        Class<?> c;
        try {
            c = wrapper.getPluginClassLoader().loadClass(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class {} cannot be loaded from {}: {}", name,
                    wrapper.getPluginPath().getFileName(), e.toString());
        }
        if (PluginLifecycle.class.isAssignableFrom(c)) {
            PluginLifecycle life;
            try {
                life = (PluginLifecycle) c.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new PluginRuntimeException(e.getCause(), "Plugin-Class {} threw in its constructor: {}", name,
                        e.getCause().toString());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new PluginRuntimeException(e, "Plugin-Class {} needs a public no-argument constructor ({})",
                        name, e.toString());
            }
            return new LifecyclePlugin(life);
        }
        if (Plugin.class.isAssignableFrom(c)) {
            Plugin p = pf4j.create(wrapper);
            if (p == null) {
                throw new PluginRuntimeException("Plugin-Class {} could not be created", name);
            }
            return p;
        }
        throw new PluginRuntimeException("Plugin-Class {} implements neither {} nor {}", name,
                PluginLifecycle.class.getName(), Plugin.class.getName());
    }

    /** Adapts a Graft lifecycle to PF4J. */
    private static final class LifecyclePlugin extends Plugin {
        private final PluginLifecycle life;

        LifecyclePlugin(PluginLifecycle life) {
            this.life = life;
        }

        @Override
        public void start() {
            try {
                life.start();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new PluginRuntimeException(e, "{}", e.toString());
            }
        }

        @Override
        public void stop() {
            try {
                life.stop();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new PluginRuntimeException(e, "{}", e.toString());
            }
        }
    }
}
