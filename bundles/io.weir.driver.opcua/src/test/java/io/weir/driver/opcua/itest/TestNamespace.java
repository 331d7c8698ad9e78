// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.itest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.api.services.AttributeServices.ReadContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * The test server's address space (namespace index 2, URI {@value #URI}): one writable variable per built-in
 * type named after the type ({@code ns=2;s=Int16} ...), read-only variables, a counter the tests change from
 * the server side, a variable with a bad status, and a variable with a numeric id ({@code ns=2;i=1001}).
 */
final class TestNamespace extends ManagedNamespaceWithLifecycle {

    static final String URI = "urn:weir:itest:opcua";

    private final SubscriptionModel subscriptions;
    private final Map<String, UaVariableNode> nodes = new ConcurrentHashMap<>();
    /** Read service calls that reached this namespace (one per Read request, whatever the node count). */
    final AtomicInteger readCalls = new AtomicInteger();

    TestNamespace(OpcUaServer server) {
        super(server, URI);
        subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        writable("Boolean", BuiltinDataType.Boolean, false);
        writable("SByte", BuiltinDataType.SByte, (byte) 0);
        writable("Byte", BuiltinDataType.Byte, org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned
                .ubyte(0));
        writable("Int16", BuiltinDataType.Int16, (short) 0);
        writable("UInt16", BuiltinDataType.UInt16, UShort.valueOf(0));
        writable("Int32", BuiltinDataType.Int32, 0);
        writable("UInt32", BuiltinDataType.UInt32, UInteger.valueOf(0));
        writable("Int64", BuiltinDataType.Int64, 0L);
        writable("Float", BuiltinDataType.Float, 0f);
        writable("Double", BuiltinDataType.Double, 0d);
        writable("String", BuiltinDataType.String, "");
        writable("ByteString", BuiltinDataType.ByteString, ByteString.of(new byte[0]));
        writable("Counter", BuiltinDataType.Int32, 0);
        add(newNodeId("ReadOnlyDouble"), "ReadOnlyDouble", BuiltinDataType.Double, new DataValue(new Variant(42.5)),
                false);
        add(newNodeId(1001), "Numeric", BuiltinDataType.Double, new DataValue(new Variant(1.5)), false);
        add(newNodeId("Broken"), "Broken", BuiltinDataType.Double,
                new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_DeviceFailure)), false);
    }

    private void writable(String name, BuiltinDataType type, Object initial) {
        add(newNodeId(name), name, type, new DataValue(new Variant(initial)), true);
    }

    private void add(NodeId id, String name, BuiltinDataType type, DataValue value, boolean writable) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(id)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name + " display"))
                .setDescription(LocalizedText.english("test variable " + name))
                .setDataType(type.getNodeId())
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setMinimumSamplingInterval(10.0)
                .build();
        node.setValue(value);
        getNodeManager().addNode(node);
        nodes.put(name, node);
    }

    /**
     * Changes a variable from the server side (what a device would do).
     *
     * @param name the variable name
     * @param value the new value
     */
    void set(String name, Object value) {
        nodes.get(name).setValue(new DataValue(new Variant(value)));
    }

    /**
     * @param name the variable name
     * @return its current value as the server holds it
     */
    Object get(String name) {
        return nodes.get(name).getValue().getValue().getValue();
    }

    @Override
    public void read(ReadContext context, Double maxAge, TimestampsToReturn timestamps,
            List<ReadValueId> readValueIds) {
        readCalls.incrementAndGet();
        super.read(context, maxAge, timestamps, readValueIds);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptions.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptions.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptions.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptions.onMonitoringModeChanged(monitoredItems);
    }
}
