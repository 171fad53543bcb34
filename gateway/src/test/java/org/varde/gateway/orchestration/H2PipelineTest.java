package org.varde.gateway.orchestration;

/** The pipeline on the embedded H2 store (the default: no {@code store} section). */
class H2PipelineTest extends PipelineContract {
    @Override
    String storeSection() {
        return "";
    }
}
