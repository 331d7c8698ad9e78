// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker.internal;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The Artemis configuration of a Weir broker: one MQTT acceptor and nothing else (no JMX, no management
 * notifications worth mentioning, no critical analyzer, no clustering), small thread pools and a bounded memory
 * budget.
 */
public final class ArtemisSetup {

    /** Name of the one acceptor. */
    public static final String ACCEPTOR = "mqtt";

    private ArtemisSetup() {
    }

    /**
     * @param host the address to bind
     * @param port the port to bind, 0 for any free one
     * @param persistent whether messages, sessions and subscriptions are journalled in {@code dir}
     * @param dir the broker's directory: journal, bindings, paging and large messages. For an in-memory broker a
     *     scratch directory that only receives paged messages when memory is full.
     * @param globalMaxSize bytes of messages held in memory before addresses page to disk
     * @param maxMessageBytes the MQTT maximum packet size announced to MQTT 5 clients
     * @param securityEnabled whether connections are authenticated and authorized
     * @return the configuration
     */
    public static Configuration configuration(String host, int port, boolean persistent, Path dir,
            long globalMaxSize, int maxMessageBytes, boolean securityEnabled) {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setName("weir-broker");
        c.setBrokerInstance(dir.toFile());
        c.setPersistenceEnabled(persistent);
        c.setSecurityEnabled(securityEnabled);
        // DeviceSecurity answers are never cached: an implementation may change them at any time, and the
        // authorization cache is keyed by user name only, which devices sharing an account would share
        c.setAuthenticationCacheSize(0);
        c.setAuthorizationCacheSize(0);

        c.setJMXManagementEnabled(false);
        c.setMessageCounterEnabled(false);
        c.setCriticalAnalyzer(false);
        c.setGracefulShutdownEnabled(false);
        c.setThreadPoolMaxSize(8);
        c.setScheduledThreadPoolMaxSize(2);

        // Core addresses use MQTT's own syntax ('/' separates levels, '+' and '#' are the wildcards), so topics are
        // used as they are. With Artemis' default core syntax ('.' separates levels) a '.' inside an MQTT level is
        // escaped, and the single-level wildcard '+' then fails to match such a level (Artemis 2.44).
        c.setWildCardConfiguration(new WildcardConfiguration().setDelimiter('/').setSingleWord('+').setAnyWords('#'));

        c.setGlobalMaxSize(globalMaxSize);
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setNodeManagerLockDirectory(dir.toString());
        // NIO: no libaio probing; small journal files are enough for a development broker
        c.setJournalType(JournalType.NIO);
        c.setJournalFileSize(4 * 1024 * 1024);
        c.setJournalMinFiles(2);
        c.setJournalPoolFiles(4);
        if (!persistent) {
            // the scratch directory is deleted on stop; a nearly full disk must not block an in-memory broker
            c.setMaxDiskUsage(-1);
            c.setMinDiskFree(-1);
        }

        AddressSettings all = new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteAddresses(true)
                .setAutoDeleteQueues(true)
                // beyond globalMaxSize messages go to disk: nothing is dropped and producers are not blocked
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                // MQTT redelivers to reconnecting clients for as long as their session lives: no dead-lettering.
                // The two addresses have no queues: anything routed there (expired MQTT 5 messages) is dropped;
                // naming them silences Artemis' warning for every subscription queue.
                .setMaxDeliveryAttempts(-1)
                .setDeadLetterAddress(SimpleString.of("weir.dead-letter"))
                .setExpiryAddress(SimpleString.of("weir.expired"));
        c.addAddressSetting("#", all);

        String uri = "tcp://" + host + ":" + port
                + "?protocols=MQTT"
                + ";remotingThreads=2"
                + ";maximumPacketSize=" + maxMessageBytes
                // an MQTT 3.1.1 client that reconnects with the id of a live connection takes over (as mosquitto)
                + ";allowLinkStealing=true"
                + ";quietPeriod=0;shutdownTimeout=0";
        try {
            c.addAcceptorConfiguration(ACCEPTOR, uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid acceptor " + uri + ": " + e.getMessage(), e);
        }
        return c;
    }
}
