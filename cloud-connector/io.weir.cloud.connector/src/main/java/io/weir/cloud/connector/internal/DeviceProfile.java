// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.data.TypedValue;

/**
 * The facts a BIRTH carries (wire spec §2.3), gathered once when the connector starts, and the builders of the
 * BIRTH/APPS and DC payloads. Every BIRTH metric is a STRING, as Kapua requires; values that cannot be known are sent
 * as {@code "unknown"} rather than left out, so that every metric Kura sends is present.
 *
 * @param facts the static metrics, in the order sent
 * @param displayName the display name
 * @param uptime milliseconds since the OS booted (or since the JVM started where the OS does not tell)
 */
record DeviceProfile(Map<String, String> facts, String displayName, LongSupplier uptime) {

    static final String UNKNOWN = "unknown";

    /**
     * Reads the facts of this machine.
     *
     * @param displayName the configured display name
     * @param frameworkName e.g. {@code org.apache.felix.framework}
     * @param frameworkVersion the framework's version
     * @param weirVersion the connector bundle's version
     * @param gzip whether outgoing payloads may be gzipped (accept_encoding)
     * @return the profile
     */
    static DeviceProfile read(String displayName, String frameworkName, String frameworkVersion, String weirVersion,
            boolean gzip) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model_name", "Weir Gateway");
        f.put("model_id", "weir-gateway");
        f.put("part_number", UNKNOWN);
        f.put("serial_number", firstReadable(UNKNOWN, "/sys/class/dmi/id/product_serial", "/etc/machine-id"));
        f.put("firmware_version", System.getProperty("os.version", UNKNOWN));
        f.put("bios_version", firstReadable(UNKNOWN, "/sys/class/dmi/id/bios_version"));
        f.put("cpu_version", cpuModel());
        f.put("os", System.getProperty("os.name", UNKNOWN));
        f.put("os_version", System.getProperty("os.version", UNKNOWN));
        f.put("os_arch", System.getProperty("os.arch", UNKNOWN));
        f.put("jvm_name", System.getProperty("java.vm.name", UNKNOWN));
        f.put("jvm_version", System.getProperty("java.vm.version", UNKNOWN) + " "
                + System.getProperty("java.vm.info", ""));
        f.put("jvm_profile", System.getProperty("java.vendor", UNKNOWN) + " " + System.getProperty("java.version", ""));
        f.put("jvm_vendor", System.getProperty("java.vm.vendor", UNKNOWN));
        String vendorVersion = System.getProperty("java.vendor.version");
        if (vendorVersion != null) {
            f.put("jdk_vendor_version", vendorVersion);
        }
        f.put("kura_version", "Weir " + weirVersion);
        f.put("application_framework", "Weir");
        f.put("application_framework_version", weirVersion);
        f.put("osgi_framework", frameworkName);
        f.put("osgi_framework_version", frameworkVersion);
        List<String> interfaces = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        readInterfaces(interfaces, ips);
        f.put("connection_interface", String.join(",", interfaces));
        f.put("connection_ip", ips.isEmpty() ? "UNKNOWN" : String.join(",", ips));
        f.put("accept_encoding", gzip ? "gzip" : "");
        f.put("available_processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        f.put("total_memory", Long.toString(totalMemoryKb()));
        f.put("payload_encoding", "KURA_PROTOBUF");
        return new DeviceProfile(Collections.unmodifiableMap(f), displayName, DeviceProfile::uptimeMillis);
    }

    /**
     * The BIRTH (and APPS) payload: uptime, display name, the facts and the app ids, all STRING, with a position of
     * 0/0/0 (no position service yet) and the current timestamp.
     *
     * @param appIds the registered request-handler app ids
     * @return the payload
     */
    CloudPayload birth(Collection<String> appIds) {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        m.put("uptime", TypedValue.ofString(Long.toString(uptime.getAsLong())));
        m.put("display_name", TypedValue.ofString(displayName));
        facts.forEach((k, v) -> {
            if (k.equals("payload_encoding")) {
                m.put("application_ids", TypedValue.ofString(String.join(",", new TreeSet<>(appIds))));
            }
            m.put(k, TypedValue.ofString(v));
        });
        return new CloudPayload(System.currentTimeMillis(), new Position(0.0, 0.0, 0.0, null, null, null, null, null,
                null), m, null);
    }

    /** @return the DC payload: uptime and display name, STRING */
    CloudPayload disconnect() {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        m.put("uptime", TypedValue.ofString(Long.toString(uptime.getAsLong())));
        m.put("display_name", TypedValue.ofString(displayName));
        return new CloudPayload(System.currentTimeMillis(), null, m, null);
    }

    private static String firstReadable(String fallback, String... files) {
        for (String file : files) {
            try {
                String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s;
                }
            } catch (IOException | SecurityException e) {
                // try the next source
            }
        }
        return fallback;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name") || line.startsWith("Model")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            // not Linux
        }
        return System.getProperty("os.arch", UNKNOWN);
    }

    /** Physical memory in kB from /proc/meminfo; the JVM's maximum heap where the OS does not tell. */
    private static long totalMemoryKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }

    private static void readInterfaces(List<String> interfaces, List<String> ips) {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
                    continue;
                }
                byte[] mac = ni.getHardwareAddress();
                interfaces.add(ni.getName() + " (" + formatMac(mac) + ")");
                List<InetAddress> addresses = Collections.list(ni.getInetAddresses());
                if (!addresses.isEmpty()) {
                    String a = addresses.stream().filter(x -> x instanceof java.net.Inet4Address).findFirst()
                            .orElse(addresses.get(0)).getHostAddress();
                    int zone = a.indexOf('%');
                    ips.add(zone > 0 ? a.substring(0, zone) : a);
                }
            }
        } catch (SocketException e) {
            // leave the lists empty
        }
    }

    private static String formatMac(byte[] mac) {
        if (mac == null || mac.length == 0) {
            return UNKNOWN;
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : mac) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    /** Milliseconds since the OS booted, from /proc/uptime; the JVM's uptime elsewhere. */
    static long uptimeMillis() {
        try {
            String s = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII).trim();
            return (long) (Double.parseDouble(s.substring(0, s.indexOf(' '))) * 1000);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getRuntimeMXBean().getUptime();
        }
    }
}
