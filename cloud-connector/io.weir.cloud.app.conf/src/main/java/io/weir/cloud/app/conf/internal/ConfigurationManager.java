// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The configuration operations both management apps (CONF-V1, CONF-V2) offer, shared so that they serialise
 * their writes and use one snapshot store. A bundle-private service: the interface is in a private package.
 * Everything returned has its passwords masked.
 *
 * <p>Threads: thread-safe; writes (update, create, delete, snapshot, rollback) are serialised and run on the
 * caller's thread, which they block only for local Config Admin and file operations.
 */
public interface ConfigurationManager {

    /**
     * @param withDefinitions whether to include the metatype definitions
     * @return every configurable component
     */
    List<ComponentConfiguration> configurations(boolean withDefinitions);

    /**
     * @param pid a PID
     * @param withDefinition whether to include the definition
     * @return that component, or {@code null} if it is not configurable here
     */
    @Nullable
    ComponentConfiguration configuration(String pid, boolean withDefinition);

    /**
     * @param pid a PID
     * @return that component's metatype defaults with its definition, or {@code null} if it is not configurable
     */
    @Nullable
    ComponentConfiguration defaultConfiguration(String pid);

    /** @return the definitions of the factory PIDs, by factory PID */
    Map<String, Definition> factoryDefinitions();

    /**
     * Validates every property of every change, then applies all of them or none, then takes a snapshot.
     *
     * @param changes the requested changes
     * @param takeSnapshot whether to take a snapshot after a successful update
     * @throws RequestFailure 400 for an invalid change (nothing written), 404 for an unknown PID, 500 if Config
     *         Admin failed (the changes already written were undone)
     */
    void update(List<RequestedChange> changes, boolean takeSnapshot) throws RequestFailure;

    /**
     * Creates named factory configurations {@code factoryPid~pid}, all or none.
     *
     * @param changes the instances to create: factory PID, instance name in {@code pid}, properties
     * @param takeSnapshot whether to take a snapshot afterwards
     * @throws RequestFailure as {@link #update(List, boolean)}; 400 also if an instance exists already
     */
    void createFactoryConfigurations(List<RequestedChange> changes, boolean takeSnapshot) throws RequestFailure;

    /**
     * Deletes factory configurations, all or none.
     *
     * @param pids their PIDs (or instance names, if unambiguous)
     * @param takeSnapshot whether to take a snapshot afterwards
     * @throws RequestFailure 404 for an unknown PID, 400 for a PID that is not a factory instance, 500 on failure
     */
    void deleteFactoryConfigurations(List<String> pids, boolean takeSnapshot) throws RequestFailure;

    /** @return the snapshot ids, oldest first */
    List<Long> snapshotIds() throws RequestFailure;

    /**
     * @param id a snapshot id
     * @return the snapshot's esf XML
     * @throws RequestFailure 404 if there is no such snapshot
     */
    byte[] snapshot(long id) throws RequestFailure;

    /** @return the id of the new snapshot of the current configuration */
    long takeSnapshot() throws RequestFailure;

    /**
     * Restores a snapshot with the validation and all-or-nothing rules of {@link #update(List, boolean)}.
     *
     * @param id the snapshot id, or {@code null} for the newest
     * @return the id rolled back to
     * @throws RequestFailure 404 if there is no such snapshot
     */
    long rollback(@Nullable Long id) throws RequestFailure;
}
