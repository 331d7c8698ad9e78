// SPDX-License-Identifier: Apache-2.0
/**
 * Black-box tests of the inference stage bundle inside Felix. The tests register the
 * {@code io.weir.inference.InferenceEngine} service themselves (a fake), which this capability declares so that the
 * stage bundle's requirement on that service resolves.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.weir.inference.InferenceEngine")
package io.weir.pipeline.inference.itest;

import org.osgi.annotation.bundle.Capability;
