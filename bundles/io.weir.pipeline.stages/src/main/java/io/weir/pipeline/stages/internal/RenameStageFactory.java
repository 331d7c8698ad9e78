// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/** Stage type {@code rename}: rename channels. */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(RenameStageFactory.TYPE)
public final class RenameStageFactory implements StageFactory {

    static final String TYPE = "rename";

    /** Node configuration. */
    @interface Config {
        /** @return renames as {@code old=new} entries (required) */
        String[] mappings();
    }

    @Override
    public Stage create(StageContext context) {
        Settings s = new Settings(context, TYPE);
        Config c = context.config(Config.class);
        String[] entries = s.get("mappings", c::mappings);
        if (entries.length == 0) {
            throw s.invalid("mappings", "at least one old=new entry is required");
        }
        Map<String, String> renames = new LinkedHashMap<>();
        Set<String> targets = new HashSet<>();
        for (String entry : entries) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1 || entry.indexOf('=', eq + 1) >= 0) {
                throw s.invalid("mappings", "'" + entry + "' is not of the form old=new");
            }
            String from = entry.substring(0, eq).trim();
            String to = entry.substring(eq + 1).trim();
            if (from.isEmpty() || to.isEmpty()) {
                throw s.invalid("mappings", "'" + entry + "' is not of the form old=new");
            }
            if (renames.containsKey(from)) {
                throw s.invalid("mappings", "channel '" + from + "' is renamed twice");
            }
            if (!targets.add(to)) {
                throw s.invalid("mappings", "two channels are renamed to '" + to + "'");
            }
            renames.put(from, to);
        }
        List<String> collidingTargets = new ArrayList<>();
        List<String> collidingSources = new ArrayList<>();
        for (Map.Entry<String, String> e : renames.entrySet()) {
            if (!renames.containsKey(e.getValue())) {
                collidingTargets.add(e.getValue());
                collidingSources.add(e.getKey());
            }
        }
        return new RenameStage(s.where(), renames, collidingTargets.toArray(new String[0]),
                collidingSources.toArray(new String[0]));
    }
}
