package graphapi.neo4j;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Starts a real Neo4j Community server for graphapi: the embedded DBMS with the
 * Bolt connector on loopback, authentication on (user neo4j, password from
 * NEO4J_PASSWORD), data in a directory of its own. Prints one line starting with
 * READY once Bolt answers a handshake, and shuts down cleanly on SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp target/classes:target/lib/* graphapi.neo4j.Launcher [--port 7687] [--data DIR]
 * </pre>
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        int port = 7687;
        Path data = Path.of(".neo4j");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(need(args, ++i, "--port"));
                case "--data" -> data = Path.of(need(args, ++i, "--data"));
                default -> fail("unknown argument " + args[i] + "; usage: Launcher [--port N] [--data DIR]");
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("NEO4J_PASSWORD must be set to a password of at least 8 characters");
        }
        data = data.toAbsolutePath().normalize();
        Files.createDirectories(data);

        long heap = Runtime.getRuntime().maxMemory();
        long pagecache = sizeFromEnv("NEO4J_PAGECACHE", 2L << 30);
        GraphDatabaseSettings.TransactionStateMemoryAllocation txState =
                GraphDatabaseSettings.TransactionStateMemoryAllocation.valueOf(
                        System.getenv().getOrDefault("NEO4J_TX_STATE", "ON_HEAP"));
        long started = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                // Where transaction state lives (NEO4J_TX_STATE, default ON_HEAP). OFF_HEAP
                // saves garbage collection on a whole-dataset load but made an interrupted
                // load's cleanup race the next load in the store tests.
                .setConfig(GraphDatabaseSettings.tx_state_memory_allocation, txState)
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, heap / 2)
                // No query may take the whole heap: transactions together get at most 60% of it,
                // so a runaway query fails with a memory error instead of killing the server.
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, heap / 10 * 6)
                // A hard ceiling behind the clients' own per-query timeouts.
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                // A shortest-path search whose predicates the bidirectional search cannot
                // check step by step would fall back to enumerating every path, which runs
                // for minutes on a large graph; forbidden, such a query fails at once
                // (51N22) and the plan test in neo4jstore catches the statement.
                .setConfig(GraphDatabaseSettings.forbid_exhaustive_shortestpath, true)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("graphapi-neo4j: shutting down");
            dbms.shutdown();
            System.out.println("graphapi-neo4j: stopped");
            stopped.countDown();
        }, "neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            waitForBolt(port, Duration.ofSeconds(60));
        } catch (Exception e) {
            e.printStackTrace();
            fail("start-up failed: " + e.getMessage()); // exits; the hook shuts the DBMS down
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("READY bolt://127.0.0.1:" + port + " data=" + data + " started_in_ms=" + ms);
        System.out.flush();
        stopped.await();
    }

    /**
     * Sets (or resets) the neo4j user's password. The embedded system database runs
     * with full rights, so this works on first start and whenever NEO4J_PASSWORD
     * changes; an unchanged password is left alone.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = t.getMessage();
                if (m != null && m.contains("Old password and new password cannot be the same")) {
                    return;
                }
            }
            throw e;
        }
    }

    /** Connects to Bolt and completes the version handshake. */
    private static void waitForBolt(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                // Magic preamble, then four proposed versions: 5.x (range), 4.4, 4.3, none.
                out.write(new byte[] {
                    (byte) 0x60, (byte) 0x60, (byte) 0xB0, (byte) 0x17,
                    0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 3, 4, 0, 0, 0, 0});
                out.flush();
                int version = new DataInputStream(s.getInputStream()).readInt();
                if (version != 0) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                fail("Bolt did not answer on 127.0.0.1:" + port + " within " + timeout.toSeconds() + "s");
            }
            Thread.sleep(200);
        }
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void fail(String msg) {
        System.err.println("graphapi-neo4j: " + msg);
        System.exit(2);
    }

    /** A size from the environment in bytes, or with a k, m or g suffix; def when unset. */
    private static long sizeFromEnv(String name, long def) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        v = v.trim().toLowerCase();
        long unit = 1;
        switch (v.charAt(v.length() - 1)) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> { }
        }
        if (unit != 1) {
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * unit;
    }
}
