/**
 * Installing plugins into {@code GRAFT_HOME}: {@link dev.graft.registry.install.GraftHome} (the layout),
 * {@link dev.graft.registry.install.Installer} (resolve, stage, check, plan, atomic commit, rollback, remove,
 * verify, recovery after a crash) and the lockfile.
 */
package dev.graft.registry.install;
