package dev.graft.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** An unreachable registry is reported as such, naming the URL and why, not as a bare exception name. */
class HttpRegistryTest {
    @Test
    void aRefusedConnectionNamesTheUrlAndTheReason() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again below: nothing listens there
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> new HttpRegistry(base).fetch("plugins.json"));
        assertEquals(base + "plugins.json: cannot connect to the registry (the connection was refused or dropped)",
                e.getMessage());
    }
}
