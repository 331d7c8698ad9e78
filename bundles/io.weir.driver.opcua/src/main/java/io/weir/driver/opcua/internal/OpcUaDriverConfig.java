// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one OPC UA server connection (factory PID {@value OpcUaDriver#PID}). Secrets use a leading
 * underscore, so they become private {@code .}-prefixed properties that DS never publishes.
 */
@ObjectClassDefinition(id = OpcUaDriver.PID, name = "Weir OPC UA driver",
        description = "One connection to an OPC UA server (Eclipse Milo client).")
public @interface OpcUaDriverConfig {

    @AttributeDefinition(name = "Driver name",
            description = "Unique name of this driver instance; assets select their driver by it.")
    String weir_driver_name();

    @AttributeDefinition(name = "Endpoint URL",
            description = "opc.tcp://host:port[/path] of the server. The endpoint the server advertises is used "
                    + "with this URL's host and port, so a server that advertises an unresolvable host name works.")
    String endpointUrl();

    @AttributeDefinition(name = "Security policy", options = {
            @Option(value = "None", label = "None (no signing, no encryption)"),
            @Option(value = "Basic256Sha256", label = "Basic256Sha256") })
    String securityPolicy() default "None";

    @AttributeDefinition(name = "Message security mode",
            description = "None with policy None; Sign or SignAndEncrypt with Basic256Sha256.", options = {
                    @Option(value = "None", label = "None"),
                    @Option(value = "Sign", label = "Sign"),
                    @Option(value = "SignAndEncrypt", label = "Sign and encrypt") })
    String messageSecurityMode() default "None";

    @AttributeDefinition(name = "User name", required = false,
            description = "Empty for an anonymous session.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "Key store", required = false,
            description = "PKCS#12 file with the client's application instance certificate and private key, used "
                    + "with Basic256Sha256. Empty: a self-signed certificate is generated on first use into the "
                    + "bundle's data area and kept there.")
    String keyStorePath() default "";

    @AttributeDefinition(name = "Key store password", type = AttributeType.PASSWORD, required = false)
    String _keyStorePassword() default "";

    @AttributeDefinition(name = "Key alias", required = false,
            description = "Alias of the key entry in the key store; empty: the first key entry.")
    String keyAlias() default "";

    @AttributeDefinition(name = "Trust list directory", required = false,
            description = "Directory with trusted/ (server or CA certificates: .der, .crt, .cer, .pem), "
                    + "issuers/ (intermediate CAs) and rejected/ (untrusted server certificates the driver saw). "
                    + "Empty: pki/ under this instance's folder in the bundle's data area.")
    String trustListDirectory() default "";

    @AttributeDefinition(name = "Accept untrusted server certificates",
            description = "Development only: accept any server certificate. Logged as a warning.")
    boolean acceptUntrustedServerCertificates() default false;

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100")
    long connectTimeoutMs() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", min = "100",
            description = "Time limit of each read, write and subscription request.")
    long requestTimeoutMs() default 5000;

    @AttributeDefinition(name = "Publishing interval (ms)", min = "10",
            description = "Requested publishing interval of the subscription that carries listened channels.")
    long publishingIntervalMs() default 1000;

    @AttributeDefinition(name = "Reconnect backoff, first (ms)", min = "10",
            description = "Wait after the first failed connection attempt; doubled after each further failure.")
    long reconnectBackoffMinMs() default 1000;

    @AttributeDefinition(name = "Reconnect backoff, cap (ms)", min = "10",
            description = "Longest wait between connection attempts.")
    long reconnectBackoffMaxMs() default 60000;
}
