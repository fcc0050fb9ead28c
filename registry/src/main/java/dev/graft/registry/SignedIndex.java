package dev.graft.registry;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Loads a registry's index and checks its signature against the registry's trusted key.
 *
 * <p>A missing or bad signature is refused. The only exception is a local directory used with an explicit
 * {@code allowUnsigned}: its index may then lack a signature (or the registry a key) — a signature that is
 * present but wrong is refused even then.
 *
 * @param index  the parsed index
 * @param signed whether its signature was verified
 */
public record SignedIndex(PluginIndex index, boolean signed) {

    /**
     * @param source        the registry
     * @param trustedKey    the registry's public key, or {@code null} if none is configured
     * @param allowUnsigned the user's explicit {@code --allow-unsigned}
     * @return the verified index
     * @throws RefusedException {@link RefusedException.Reason#BAD_SIGNATURE}, {@link RefusedException.Reason#UNSIGNED},
     *                          {@link RefusedException.Reason#NOT_FOUND} or {@link RefusedException.Reason#MALFORMED}
     * @throws IOException if a file cannot be fetched
     */
    public static SignedIndex load(RegistrySource source, PublicKey trustedKey, boolean allowUnsigned) throws IOException {
        String where = source.location() + "/" + PluginIndex.FILE;
        byte[] json = source.fetch(PluginIndex.FILE).orElseThrow(() -> new RefusedException(
                RefusedException.Reason.NOT_FOUND, where + ": no index; publish a plugin there first"));
        Optional<byte[]> sig = source.fetch(PluginIndex.SIGNATURE_FILE);
        boolean unsignedOk = allowUnsigned && source.isLocalDirectory();
        if (sig.isPresent() && trustedKey != null) {
            if (!Ed25519.verify(trustedKey, json, sig.get())) {
                throw new RefusedException(RefusedException.Reason.BAD_SIGNATURE, where
                        + ": the signature " + PluginIndex.SIGNATURE_FILE + " does not verify with the trusted key "
                        + Ed25519.fingerprint(trustedKey) + "; the index was changed or signed by another key");
            }
            return new SignedIndex(PluginIndex.parse(json, where), true);
        }
        if (!unsignedOk) {
            if (trustedKey == null) {
                throw new RefusedException(RefusedException.Reason.UNSIGNED, where
                        + ": no trusted key is configured for this registry; add one with 'graft registry add NAME "
                        + source.location() + " --key FILE.pub'"
                        + (source.isLocalDirectory() ? " (or use --allow-unsigned for a local directory)" : ""));
            }
            throw new RefusedException(RefusedException.Reason.BAD_SIGNATURE, where + ": the signature file "
                    + PluginIndex.SIGNATURE_FILE + " is missing"
                    + (source.isLocalDirectory() ? " (a local directory may be used unsigned with --allow-unsigned)" : ""));
        }
        return new SignedIndex(PluginIndex.parse(json, where), false);
    }
}
