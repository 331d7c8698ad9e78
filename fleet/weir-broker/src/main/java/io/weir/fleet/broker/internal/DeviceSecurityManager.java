// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker.internal;

import io.weir.fleet.broker.DeviceSecurity;
import java.security.Principal;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTUtil;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a {@link DeviceSecurity} to Artemis' security SPI: the identity and the client id of an authenticated
 * connection travel in its {@link Subject}, core addresses are translated back to MQTT topics before {@link
 * DeviceSecurity#authorize} sees them.
 */
public final class DeviceSecurityManager implements ActiveMQSecurityManager5 {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSecurityManager.class);

    private final DeviceSecurity security;
    private final WildcardConfiguration coreWildcards;

    /**
     * @param security the decisions
     * @param coreWildcards the broker's core wildcard syntax, to translate addresses back to MQTT topics
     */
    public DeviceSecurityManager(DeviceSecurity security, WildcardConfiguration coreWildcards) {
        this.security = security;
        this.coreWildcards = coreWildcards;
    }

    /** The MQTT client id of an authenticated connection, carried in its subject. */
    record ClientIdPrincipal(String getName) implements Principal {
    }

    @Override
    public @Nullable Subject authenticate(@Nullable String user, @Nullable String password,
            @Nullable RemotingConnection connection, @Nullable String securityDomain) {
        String clientId = connection == null || connection.getClientID() == null ? "" : connection.getClientID();
        String identity;
        try {
            identity = security.authenticate(user, password, clientId);
        } catch (RuntimeException e) {
            LOG.warn("Device authentication of client '{}' failed with an exception; refusing it", clientId, e);
            return null;
        }
        if (identity == null) {
            LOG.debug("Refused client '{}' (user '{}')", clientId, user);
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(identity));
        subject.getPrincipals().add(new ClientIdPrincipal(clientId));
        return subject;
    }

    @Override
    public boolean authorize(@Nullable Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        DeviceSecurity.Action action;
        switch (checkType) {
            case SEND -> action = DeviceSecurity.Action.PUBLISH;
            case CONSUME, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, BROWSE ->
                action = DeviceSecurity.Action.SUBSCRIBE;
            // creating an address, or removing a client's own subscription queue, grants nothing by itself:
            // the SEND and CONSUME checks decide
            case CREATE_ADDRESS, DELETE_ADDRESS, DELETE_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE -> {
                return true;
            }
            // MANAGE, VIEW, EDIT, and anything a later Artemis version adds
            default -> {
                return false;
            }
        }
        String identity = first(subject, UserPrincipal.class);
        String clientId = first(subject, ClientIdPrincipal.class);
        if (identity == null || clientId == null) {
            return false;
        }
        String bare = address;
        int fqqn = bare.indexOf("::");
        if (fqqn >= 0) {
            bare = bare.substring(0, fqqn);
        }
        if (bare.startsWith(MQTTUtil.MQTT_RETAIN_ADDRESS_PREFIX)) {
            bare = bare.substring(MQTTUtil.MQTT_RETAIN_ADDRESS_PREFIX.length());
        }
        String topic = MQTTUtil.getMqttTopicFromCoreAddress(bare, coreWildcards);
        try {
            return security.authorize(identity, clientId, action, topic);
        } catch (RuntimeException e) {
            LOG.warn("Device authorization of client '{}' ({} {}) failed with an exception; refusing it",
                    clientId, action, topic, e);
            return false;
        }
    }

    private static @Nullable String first(Subject subject, Class<? extends Principal> type) {
        for (Principal p : subject.getPrincipals(type)) {
            return p.getName();
        }
        return null;
    }

    @Override
    public boolean validateUser(String user, String password) {
        // only the ActiveMQSecurityManager5 methods above are called by the broker
        throw new UnsupportedOperationException("validateUser");
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        throw new UnsupportedOperationException("validateUserAndRole");
    }
}
