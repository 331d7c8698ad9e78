// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * One Modbus TCP connection to one device, on j2mod: lazy connect with the connect timeout, requests with the
 * response timeout, capped exponential backoff after failures, and classification of every failure into a
 * {@link DeviceFault}. A request that fails on a connection reused from an earlier call (the device may have
 * closed it while idle) is retried once on a fresh connection; timeouts are not retried.
 *
 * <p>Not thread-safe: the driver calls it under its device lock, which serialises all I/O. Only {@link #close()}
 * may be called without the lock, to abort a blocked request when the driver is deactivated.
 */
final class ModbusLink {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusLink.class);
    private static final long WARN_INTERVAL_MS = 60_000;

    private final String name;
    private final String host;
    private final int port;
    private final int unitId;
    private final int connectTimeoutMs;
    private final int responseTimeoutMs;
    private final Backoff backoff;
    private final WarnLimiter connectionWarnings = new WarnLimiter(WARN_INTERVAL_MS);
    private final WarnLimiter deviceErrorWarnings = new WarnLimiter(WARN_INTERVAL_MS);

    /** The open connection, or null. Volatile so that {@link #close()} from another thread sees it. */
    private volatile @Nullable TCPMasterConnection connection;
    private @Nullable ModbusTCPTransaction transaction;
    private @Nullable DeviceFault lastFault;
    private boolean everConnected;
    private volatile boolean closed;

    ModbusLink(String name, String host, int port, int unitId, int connectTimeoutMs, int responseTimeoutMs,
            Backoff backoff) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.unitId = unitId;
        this.connectTimeoutMs = connectTimeoutMs;
        this.responseTimeoutMs = responseTimeoutMs;
        this.backoff = backoff;
    }

    /**
     * Makes one connection attempt now if not connected, ignoring the backoff (an explicit request).
     *
     * @return OK, or why the device could not be reached
     */
    DriverStatus connect() {
        if (connection != null) {
            return DriverStatus.OK;
        }
        try {
            open();
            return DriverStatus.OK;
        } catch (DeviceFault f) {
            return f.status();
        }
    }

    /** @return {@code true} if a connection is open (as far as this side knows) */
    boolean isConnected() {
        return connection != null;
    }

    int[] readRegisters(RegisterKind kind, int start, int count) throws DeviceFault {
        if (kind == RegisterKind.HOLDING_REGISTER) {
            ReadMultipleRegistersResponse r = expect(ReadMultipleRegistersResponse.class,
                    execute(new ReadMultipleRegistersRequest(start, count)));
            checkCount(r.getWordCount(), count);
            int[] words = new int[count];
            for (int i = 0; i < count; i++) {
                words[i] = r.getRegisterValue(i);
            }
            return words;
        }
        ReadInputRegistersResponse r = expect(ReadInputRegistersResponse.class,
                execute(new ReadInputRegistersRequest(start, count)));
        checkCount(r.getWordCount(), count);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = r.getRegisterValue(i);
        }
        return words;
    }

    boolean[] readBits(RegisterKind kind, int start, int count) throws DeviceFault {
        BitVector bits;
        if (kind == RegisterKind.COIL) {
            bits = expect(ReadCoilsResponse.class, execute(new ReadCoilsRequest(start, count))).getCoils();
        } else {
            bits = expect(ReadInputDiscretesResponse.class, execute(new ReadInputDiscretesRequest(start, count)))
                    .getDiscretes();
        }
        if (bits == null || bits.size() < count) {
            throw new DeviceFault(StatusCode.DEVICE_ERROR, "device answered " + (bits == null ? 0 : bits.size())
                    + " bits, " + count + " requested", 0);
        }
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
            values[i] = bits.getBit(i);
        }
        return values;
    }

    /** Writes holding registers: function 6 for one register unless {@code forceMultiple}, else function 16. */
    void writeRegisters(int start, int[] words, boolean forceMultiple) throws DeviceFault {
        if (words.length == 1 && !forceMultiple) {
            execute(new WriteSingleRegisterRequest(start, new SimpleRegister(words[0])));
            return;
        }
        Register[] registers = new Register[words.length];
        for (int i = 0; i < words.length; i++) {
            registers[i] = new SimpleRegister(words[i]);
        }
        execute(new WriteMultipleRegistersRequest(start, registers));
    }

    /** Writes one coil: function 5 unless {@code forceMultiple}, else function 15. */
    void writeCoil(int address, boolean value, boolean forceMultiple) throws DeviceFault {
        if (!forceMultiple) {
            execute(new WriteCoilRequest(address, value));
            return;
        }
        BitVector bits = new BitVector(1);
        bits.setBit(0, value);
        execute(new WriteMultipleCoilsRequest(address, bits));
    }

    /** Closes the connection; the next request reconnects (subject to the backoff). Idempotent. */
    void disconnect() {
        TCPMasterConnection c = connection;
        connection = null;
        transaction = null;
        if (c != null) {
            c.close();
            LOG.debug("Modbus driver '{}': closed the connection to {}:{}", name, host, port);
        }
    }

    /**
     * Closes the connection for good. May be called from any thread, also while another thread is blocked in a
     * request, which then fails. Idempotent.
     */
    void close() {
        closed = true;
        TCPMasterConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private ModbusResponse execute(ModbusRequest request) throws DeviceFault {
        boolean reused = connection != null;
        if (!reused) {
            if (!backoff.mayAttempt(now())) {
                DeviceFault last = lastFault;
                String why = last == null ? "" : ": " + last.getMessage();
                throw new DeviceFault(last == null ? StatusCode.COMMUNICATION_ERROR : last.code(),
                        "not connected, next attempt in " + backoff.remainingMs(now()) + " ms after "
                                + backoff.failures() + " failure(s)" + why, 0);
            }
            open();
        }
        try {
            return exchange(request);
        } catch (DeviceFault f) {
            if (f.code() == StatusCode.DEVICE_ERROR || closed) {
                throw f;
            }
            if (!reused || f.code() != StatusCode.COMMUNICATION_ERROR) {
                throw failed(f);
            }
            // the device may have closed the idle connection: one fresh attempt before reporting a failure
            LOG.debug("Modbus driver '{}': request failed on a reused connection ({}), reconnecting once", name,
                    f.getMessage());
        }
        open();
        try {
            return exchange(request);
        } catch (DeviceFault f) {
            if (f.code() == StatusCode.DEVICE_ERROR || closed) {
                throw f;
            }
            throw failed(f);
        }
    }

    /** One request on the open connection. Connection faults close it; the caller records them. */
    private ModbusResponse exchange(ModbusRequest request) throws DeviceFault {
        ModbusTCPTransaction tx = transaction;
        if (closed || tx == null) {
            throw new DeviceFault(StatusCode.COMMUNICATION_ERROR, "driver closed", 0);
        }
        request.setUnitID(unitId);
        tx.setRequest(request);
        try {
            tx.execute();
            ModbusResponse response = tx.getResponse();
            if (response == null) {
                throw new ModbusException("no response");
            }
            communicating();
            return response;
        } catch (ModbusSlaveException e) {
            communicating();
            DeviceFault f = new DeviceFault(StatusCode.DEVICE_ERROR, "Modbus exception " + e.getType() + " ("
                    + e.getMessage() + ") for function " + request.getFunctionCode() + " at address "
                    + reference(request), e.getType());
            int suppressed = deviceErrorWarnings.tryWarn(now());
            if (suppressed >= 0) {
                LOG.warn("Modbus driver '{}' ({}:{} unit {}): {}{}", name, host, port, unitId, f.getMessage(),
                        suppressed > 0 ? " (" + suppressed + " similar answers not logged)" : "");
            }
            throw f;
        } catch (ModbusException | RuntimeException e) {
            // ModbusIOException, and whatever j2mod throws on a broken socket: the connection is unusable.
            // j2mod keeps only the message of the socket exception, so a timeout is recognised by its text.
            String message = String.valueOf(e.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            boolean timeout = lower.contains("timeout") || lower.contains("timed out");
            disconnect();
            return throwFault(timeout ? StatusCode.TIMEOUT : StatusCode.COMMUNICATION_ERROR,
                    (timeout ? "no answer within " + responseTimeoutMs + " ms: " : "connection lost: ") + message);
        }
    }

    private static ModbusResponse throwFault(StatusCode code, String message) throws DeviceFault {
        throw new DeviceFault(code, message, 0);
    }

    /** The device answered: end the backoff and log the recovery once. */
    private void communicating() {
        if (backoff.failures() > 0) {
            LOG.info("Modbus driver '{}': communication with {}:{} restored after {} failure(s)", name, host, port,
                    backoff.failures());
            connectionWarnings.reset();
        }
        backoff.succeeded();
    }

    /** Opens a new connection; a failure is recorded (backoff, rate-limited WARN) and thrown. */
    private void open() throws DeviceFault {
        if (closed) {
            throw new DeviceFault(StatusCode.COMMUNICATION_ERROR, "driver closed", 0);
        }
        disconnect();
        TCPMasterConnection c;
        try {
            c = new TCPMasterConnection(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw failed(new DeviceFault(StatusCode.COMMUNICATION_ERROR, "unknown host " + host, 0));
        }
        c.setPort(port);
        c.setTimeout(connectTimeoutMs);
        try {
            c.connect();
        } catch (SocketTimeoutException e) {
            throw failed(new DeviceFault(StatusCode.TIMEOUT, "no connection to " + host + ":" + port + " within "
                    + connectTimeoutMs + " ms", 0));
        } catch (Exception e) {
            throw failed(new DeviceFault(StatusCode.COMMUNICATION_ERROR, "cannot connect to " + host + ":" + port
                    + ": " + describe(e), 0));
        }
        c.setTimeout(responseTimeoutMs);
        ModbusTCPTransaction tx = new ModbusTCPTransaction(c);
        tx.setRetries(1);
        tx.setReconnecting(false);
        tx.setCheckingValidity(true);
        transaction = tx;
        connection = c;
        if (closed) {
            close();
            throw new DeviceFault(StatusCode.COMMUNICATION_ERROR, "driver closed", 0);
        }
        if (!everConnected) {
            LOG.info("Modbus driver '{}' connected to {}:{} (unit {})", name, host, port, unitId);
            everConnected = true;
        } else {
            LOG.debug("Modbus driver '{}' reconnected to {}:{}", name, host, port);
        }
    }

    private DeviceFault failed(DeviceFault fault) {
        lastFault = fault;
        if (closed) {
            return fault;
        }
        long delay = backoff.failed(now());
        int suppressed = connectionWarnings.tryWarn(now());
        if (suppressed >= 0) {
            LOG.warn("Modbus driver '{}' ({}:{}): {}; retrying in {} ms{}", name, host, port, fault.getMessage(),
                    delay, suppressed > 0 ? " (" + suppressed + " more failures since the last warning)" : "");
        } else {
            LOG.debug("Modbus driver '{}': {}; retrying in {} ms", name, fault.getMessage(), delay);
        }
        return fault;
    }

    private static <T extends ModbusResponse> T expect(Class<T> type, ModbusResponse response) throws DeviceFault {
        if (!type.isInstance(response)) {
            throw new DeviceFault(StatusCode.DEVICE_ERROR, "unexpected answer " + response.getClass().getSimpleName()
                    + " (function " + response.getFunctionCode() + ")", 0);
        }
        return type.cast(response);
    }

    private static void checkCount(int answered, int requested) throws DeviceFault {
        if (answered != requested) {
            throw new DeviceFault(StatusCode.DEVICE_ERROR, "device answered " + answered + " registers, " + requested
                    + " requested", 0);
        }
    }

    private static String reference(ModbusRequest r) {
        if (r instanceof ReadMultipleRegistersRequest m) {
            return m.getReference() + " (" + m.getWordCount() + " registers)";
        }
        if (r instanceof ReadInputRegistersRequest m) {
            return m.getReference() + " (" + m.getWordCount() + " registers)";
        }
        if (r instanceof ReadCoilsRequest m) {
            return m.getReference() + " (" + m.getBitCount() + " bits)";
        }
        if (r instanceof ReadInputDiscretesRequest m) {
            return m.getReference() + " (" + m.getBitCount() + " bits)";
        }
        if (r instanceof WriteMultipleRegistersRequest m) {
            return m.getReference() + " (" + m.getWordCount() + " registers)";
        }
        if (r instanceof WriteSingleRegisterRequest m) {
            return Integer.toString(m.getReference());
        }
        if (r instanceof WriteCoilRequest m) {
            return Integer.toString(m.getReference());
        }
        if (r instanceof WriteMultipleCoilsRequest m) {
            return m.getReference() + " (" + m.getBitCount() + " bits)";
        }
        return "?";
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e instanceof IOException && m != null ? m : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
