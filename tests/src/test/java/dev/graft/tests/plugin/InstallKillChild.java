package dev.graft.tests.plugin;

import dev.graft.registry.install.FileMover;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.InstallObserver;
import dev.graft.registry.install.Installer;
import dev.graft.runtime.plugin.HostVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * A separate process that updates every plugin in a home and freezes right after the first plugin's new jar is
 * moved into place, announcing that moment by creating a marker file. The test then kills it.
 */
public final class InstallKillChild {
    private InstallKillChild() {
    }

    /**
     * @param args the Graft home and the marker file
     */
    public static void main(String[] args) throws Exception {
        GraftHome home = new GraftHome(Path.of(args[0]));
        Path marker = Path.of(args[1]);
        Installer in = new Installer(home, HostVersions.profile(), (stage, id) -> {
            if (stage == InstallObserver.Stage.MOVED) {
                try {
                    Files.writeString(marker, id);
                    Thread.sleep(600_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, FileMover.ATOMIC, Clock.systemUTC());
        in.commit(in.planUpdate(Optional.empty(), false));
        System.exit(3);
    }
}
