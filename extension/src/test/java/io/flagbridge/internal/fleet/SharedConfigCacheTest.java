package io.flagbridge.internal.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ConfigCat's shared cache: three replicas whose {@code ConfigCache} bean is an embedded Hazelcast cluster on
 * 127.0.0.1 read one config, so the CDN is asked about once per poll interval for the whole fleet, and what one
 * replica fetched the others serve.
 */
@ExtendWith(Fakes.class)
class SharedConfigCacheTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-shared-0001/0123456789abcdefghijkl";
    static final int POLL_SECONDS = 2;

    /** The README's recipe: a ConfigCache on a Hazelcast map (here each replica has a member of its own). */
    @ApplicationScoped
    public static class HazelcastConfigCache extends ConfigCache {
        static volatile HazelcastInstance member;
        private IMap<String, String> map;

        @PostConstruct
        void connect() {
            map = member.getMap("configcat");
        }

        @Override
        protected String read(String key) {
            return map.get(key);
        }

        @Override
        protected void write(String key, String value) {
            map.put(key, value);
        }
    }

    @ApplicationScoped
    public static class Checkout {
        @Inject
        ConfigCatClient client;

        boolean on() {
            return client.getValue(Boolean.class, "checkout", false);
        }
    }

    @Fake
    FakeConfigCatCdn cdn;
    final List<HazelcastInstance> members = new ArrayList<>();
    final List<WeldApp> replicas = new ArrayList<>();

    @BeforeEach
    void start() {
        cdn.serve(SDK_KEY, flags(false));
        String cluster = "flagbridge-" + UUID.randomUUID();
        // Ports free now, not a fixed range: another build on this machine may run this test at the same time.
        List<Integer> ports = freePorts(3);
        for (int port : ports) {
            members.add(Hazelcast.newHazelcastInstance(config(cluster, port, ports)));
        }
        for (HazelcastInstance member : members) {
            HazelcastConfigCache.member = member;
            replicas.add(WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                    "configcat.poll-interval", Integer.toString(POLL_SECONDS), "configcat.max-init-wait", "10"),
                    Checkout.class, HazelcastConfigCache.class));
        }
    }

    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // it was only held to keep the port
                }
            }
        }
    }

    static Config config(String cluster, int port, List<Integer> ports) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        return config;
    }

    @AfterEach
    void stop() {
        replicas.forEach(WeldApp::close);
        members.forEach(HazelcastInstance::shutdown);
    }

    String flags(boolean on) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", on, on ? "v-on" : "v-off").build();
    }

    @Test
    void theFleetReadsOneConfigAndServesWhatAnyReplicaFetched() throws Exception {
        assertThat(members.get(0).getCluster().getMembers()).hasSize(3);
        for (WeldApp replica : replicas) {
            assertThat(replica.select(Checkout.class).on()).isFalse();
        }
        assertThat(members.get(2).getMap("configcat").size()).as("the config is in the shared cache").isEqualTo(1);

        int before = cdn.requests(SDK_KEY);
        Thread.sleep(Duration.ofSeconds(5L * POLL_SECONDS).toMillis());
        int requests = cdn.requests(SDK_KEY) - before;
        // Alone, each replica would fetch once per interval: 15 in 10 s. Together, about once per interval.
        assertThat(requests).as("CDN requests of the whole fleet in five poll intervals").isBetween(1, 8);

        cdn.serve(SDK_KEY, flags(true));
        for (WeldApp replica : replicas) {
            Checkout checkout = replica.select(Checkout.class);
            assertThat(Eventually.until(checkout::on, on -> on, Duration.ofSeconds(4L * POLL_SECONDS))).isTrue();
        }
    }
}
