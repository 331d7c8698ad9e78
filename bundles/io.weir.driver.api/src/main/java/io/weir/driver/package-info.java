// SPDX-License-Identifier: Apache-2.0
/**
 * The driver SPI: how Weir talks to field devices (Modbus TCP, OPC UA, simulated, ...).
 *
 * <p>A {@link io.weir.driver.Driver driver} is a DS component with a factory configuration, one component
 * instance per device connection (host, port, unit, security settings ...). It registers as a {@code Driver}
 * service carrying its {@link io.weir.driver.DriverProtocol protocol} as a service property. Assets bind one
 * driver instance and hand it {@link io.weir.driver.Channel channels}: a name, a value type, an access mode and
 * the driver-specific settings the driver declared in its {@link io.weir.driver.ChannelDescriptor channel
 * descriptor}.
 *
 * <p><b>Errors.</b> A device that is down, slow or answers with an error is normal operation, not a
 * programming error: reads and writes return a {@link io.weir.driver.ChannelResult result} per channel with a
 * {@link io.weir.driver.DriverStatus status}, and the caller reports it as asset state. {@link
 * io.weir.driver.DriverException} is thrown only for requests that can never succeed: an invalid channel
 * configuration or an operation the driver does not support.
 *
 * <p><b>Threads.</b> {@link io.weir.driver.Driver#connect()}, {@link io.weir.driver.Driver#read(java.util.List)}
 * and {@link io.weir.driver.Driver#write(java.util.List)} do device I/O and may block up to the driver's
 * configured timeouts; callers run them on their own worker threads, never on SCR, event or I/O threads.
 * Several assets may share one driver instance, so drivers are thread-safe.
 *
 * <p><b>Evolution.</b> {@code Driver} and {@code ChannelListener} are consumer types that third parties
 * implement, so adding a method to them is a major change. New optional capabilities are added as new
 * interfaces that a driver may also implement.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. All records are
 * immutable and safe to share between threads.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.driver;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
