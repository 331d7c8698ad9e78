// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;

/**
 * The OPC UA settings of one channel, parsed and checked: which node and attribute, the sampling interval of
 * its monitored item, and the OPC UA built-in type written to the node.
 *
 * @param nodeId the node, possibly with a namespace URI ({@code nsu=}) that is resolved per session
 * @param attribute the attribute read or monitored: Value, DisplayName, Description or BrowseName
 * @param samplingIntervalMs the monitored item's sampling interval; -1 means the publishing interval, 0 the
 *        fastest the server supports
 * @param opcuaType the built-in type values are written as
 */
record ChannelSettings(ExpandedNodeId nodeId, AttributeId attribute, double samplingIntervalMs,
        BuiltinDataType opcuaType) {

    static final String NODE_ID = "nodeId";
    static final String ATTRIBUTE = "attribute";
    static final String SAMPLING_INTERVAL = "samplingIntervalMs";
    static final String OPCUA_TYPE = "opcuaType";

    /** Attributes a channel may address; every one except Value is read-only text. */
    static final List<AttributeId> ATTRIBUTES = List.of(AttributeId.Value, AttributeId.DisplayName,
            AttributeId.Description, AttributeId.BrowseName);

    /** The OPC UA types a channel of each Weir type can be written as (reads accept the same set). */
    static final Map<DataType, Set<BuiltinDataType>> COMPATIBLE = Map.of(
            DataType.BOOLEAN, EnumSet.of(BuiltinDataType.Boolean),
            DataType.INTEGER, EnumSet.of(BuiltinDataType.SByte, BuiltinDataType.Byte, BuiltinDataType.Int16,
                    BuiltinDataType.UInt16, BuiltinDataType.Int32),
            DataType.LONG, EnumSet.of(BuiltinDataType.SByte, BuiltinDataType.Byte, BuiltinDataType.Int16,
                    BuiltinDataType.UInt16, BuiltinDataType.Int32, BuiltinDataType.UInt32, BuiltinDataType.Int64,
                    BuiltinDataType.UInt64),
            DataType.FLOAT, EnumSet.of(BuiltinDataType.Float),
            DataType.DOUBLE, EnumSet.of(BuiltinDataType.SByte, BuiltinDataType.Byte, BuiltinDataType.Int16,
                    BuiltinDataType.UInt16, BuiltinDataType.Int32, BuiltinDataType.UInt32, BuiltinDataType.Float,
                    BuiltinDataType.Double),
            DataType.STRING, EnumSet.of(BuiltinDataType.String),
            DataType.BYTES, EnumSet.of(BuiltinDataType.ByteString));

    /** What this driver needs to know about each channel. */
    static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(List.of(
            new SettingDescriptor(NODE_ID, "Node id",
                    "The node, e.g. ns=2;s=Temperature, ns=2;i=1001, or nsu=<namespace URI>;s=Temperature.",
                    DataType.STRING, true, null),
            new SettingDescriptor(ATTRIBUTE, "Attribute",
                    "The attribute to read or monitor. Only Value can be written; the others are read as text.",
                    DataType.STRING, false, TypedValue.ofString("Value"),
                    ATTRIBUTES.stream().map(a -> TypedValue.ofString(a.name())).collect(Collectors.toList()),
                    null, null),
            new SettingDescriptor(SAMPLING_INTERVAL, "Sampling interval (ms)",
                    "Sampling interval of the monitored item in listen mode; -1: the publishing interval, "
                            + "0: the fastest the server supports.",
                    DataType.LONG, false, TypedValue.ofLong(-1), List.of(), -1.0, null),
            new SettingDescriptor(OPCUA_TYPE, "OPC UA type",
                    "Built-in type written to the node. Default: Boolean, Int32, Int64, Float, Double, String or "
                            + "ByteString after the channel type.",
                    DataType.STRING, false, null,
                    Arrays.stream(BuiltinDataType.values()).filter(t -> COMPATIBLE.values().stream()
                            .anyMatch(s -> s.contains(t))).map(t -> TypedValue.ofString(t.name()))
                            .collect(Collectors.toList()),
                    null, null)),
            EnumSet.allOf(DataType.class));

    /**
     * @param channel the channel to check
     * @return its parsed settings
     * @throws DriverException naming the channel and setting if a setting is missing, unknown or invalid
     */
    static ChannelSettings parse(Channel channel) throws DriverException {
        for (String key : channel.settings().keySet()) {
            if (DESCRIPTOR.setting(key) == null) {
                throw invalid(channel, key, "is not a setting of the OPC UA driver; known: nodeId, attribute, "
                        + "samplingIntervalMs, opcuaType");
            }
        }
        String nodeText = string(channel, NODE_ID);
        if (nodeText == null || nodeText.isBlank()) {
            throw invalid(channel, NODE_ID, "is required (e.g. ns=2;s=Temperature)");
        }
        ExpandedNodeId nodeId = ExpandedNodeId.parseSafe(nodeText.trim()).orElse(null);
        if (nodeId == null || nodeId.isNull()) {
            throw invalid(channel, NODE_ID, "'" + nodeText + "' is not a node id (e.g. ns=2;s=Temperature, "
                    + "ns=2;i=1001, nsu=urn:example;s=Temperature)");
        }
        if (!nodeId.isLocal()) {
            throw invalid(channel, NODE_ID, "'" + nodeText + "' refers to another server (svr=)");
        }

        String attributeText = string(channel, ATTRIBUTE);
        AttributeId attribute = AttributeId.Value;
        if (attributeText != null) {
            attribute = ATTRIBUTES.stream().filter(a -> a.name().equalsIgnoreCase(attributeText.trim()))
                    .findFirst().orElseThrow(() -> invalid(channel, ATTRIBUTE,
                            "'" + attributeText + "' is not one of " + ATTRIBUTES));
        }
        if (attribute != AttributeId.Value) {
            if (channel.type() != DataType.STRING) {
                throw invalid(channel, ATTRIBUTE, attribute + " is text: the channel type must be STRING, not "
                        + channel.type());
            }
            if (channel.mode().canWrite()) {
                throw invalid(channel, ATTRIBUTE, attribute + " cannot be written: use mode READ");
            }
        }

        double sampling = -1;
        TypedValue samplingValue = channel.setting(SAMPLING_INTERVAL);
        if (samplingValue != null) {
            if (!samplingValue.type().isNumeric() || samplingValue.type() == DataType.BOOLEAN) {
                throw invalid(channel, SAMPLING_INTERVAL, "must be a number, not " + samplingValue.type());
            }
            sampling = samplingValue.asDouble();
            if (!(sampling >= -1)) {
                throw invalid(channel, SAMPLING_INTERVAL, sampling + " is below -1");
            }
        }

        BuiltinDataType opcuaType = defaultType(channel.type());
        String typeText = string(channel, OPCUA_TYPE);
        if (typeText != null && !typeText.isBlank()) {
            Set<BuiltinDataType> allowed = COMPATIBLE.get(channel.type());
            opcuaType = allowed.stream().filter(t -> t.name().equalsIgnoreCase(typeText.trim())).findFirst()
                    .orElseThrow(() -> invalid(channel, OPCUA_TYPE, "'" + typeText + "' does not fit channel type "
                            + channel.type() + "; allowed: " + allowed));
        }
        return new ChannelSettings(nodeId, attribute, sampling, opcuaType);
    }

    /**
     * @param table the namespace table of the current session (resolves {@code nsu=} node ids)
     * @return the node id in this session, or empty if its namespace URI is unknown to the server
     */
    Optional<NodeId> resolve(NamespaceTable table) {
        return nodeId.toNodeId(table);
    }

    /**
     * @param type a Weir type
     * @return the OPC UA type a channel of that type is written as unless {@value #OPCUA_TYPE} says otherwise
     */
    static BuiltinDataType defaultType(DataType type) {
        switch (type) {
            case BOOLEAN:
                return BuiltinDataType.Boolean;
            case INTEGER:
                return BuiltinDataType.Int32;
            case LONG:
                return BuiltinDataType.Int64;
            case FLOAT:
                return BuiltinDataType.Float;
            case DOUBLE:
                return BuiltinDataType.Double;
            case STRING:
                return BuiltinDataType.String;
            default:
                return BuiltinDataType.ByteString;
        }
    }

    private static @Nullable String string(Channel channel, String key) throws DriverException {
        TypedValue v = channel.setting(key);
        if (v == null) {
            return null;
        }
        if (v.type() != DataType.STRING) {
            throw invalid(channel, key, "must be a string, not " + v.type());
        }
        return v.stringValue();
    }

    private static DriverException invalid(Channel channel, String key, String problem) {
        return new DriverException("channel " + channel.name() + ": setting " + key + " " + problem);
    }
}
