// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one Modbus TCP device connection: factory PID {@value ModbusDriver#PID}. */
@ObjectClassDefinition(id = ModbusDriver.PID, name = "Weir Modbus TCP driver",
        description = "One connection to one Modbus TCP device (or one unit behind a gateway).")
@interface ModbusDriverConfig {

    @AttributeDefinition(name = "Driver name", description = "Unique name of this driver instance; assets select "
            + "their driver by it (service property weir.driver.name).")
    String weir_driver_name();

    @AttributeDefinition(name = "Host", description = "Host name or IP address of the device or gateway.")
    String host();

    @AttributeDefinition(name = "Port", description = "TCP port.", min = "1", max = "65535")
    int port() default 502;

    @AttributeDefinition(name = "Unit id", description = "Modbus unit (slave) id, 0-255; 1 for most devices, "
            + "255 or 0 for some TCP-only devices.", min = "0", max = "255")
    int unitId() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for the TCP connection.",
            min = "1")
    int connectTimeoutMs() default 3000;

    @AttributeDefinition(name = "Response timeout (ms)", description = "Longest wait for the answer to one request; "
            + "a request without an answer gives TIMEOUT and closes the connection.", min = "1")
    int responseTimeoutMs() default 2000;

    @AttributeDefinition(name = "Reconnect backoff, initial (ms)", description = "Wait before reconnecting after "
            + "the first failure; doubled after each further failure.", min = "1")
    int reconnectBackoffInitialMs() default 500;

    @AttributeDefinition(name = "Reconnect backoff, max (ms)", description = "Longest wait between reconnection "
            + "attempts.", min = "1")
    int reconnectBackoffMaxMs() default 30000;

    @AttributeDefinition(name = "Max registers per request", description = "Most registers read in one request "
            + "(4-125; the protocol limit is 125).", min = "4", max = "125")
    int maxRegistersPerRequest() default 125;

    @AttributeDefinition(name = "Max bits per request", description = "Most coils or discrete inputs read in one "
            + "request (1-2000; the protocol limit is 2000).", min = "1", max = "2000")
    int maxBitsPerRequest() default 2000;

    @AttributeDefinition(name = "Max gap to merge", description = "Channels of the same register kind whose "
            + "addresses are at most this many unused addresses apart are read in one request. 0 merges only "
            + "adjacent channels. If the device rejects a merged read with exception 2 or 3, its channels are "
            + "read one by one.", min = "0")
    int maxGapToMerge() default 0;

    @AttributeDefinition(name = "Always write multiple", description = "Use functions 15/16 even for one coil or "
            + "register, for devices without functions 5/6.")
    boolean alwaysWriteMultiple() default false;
}
