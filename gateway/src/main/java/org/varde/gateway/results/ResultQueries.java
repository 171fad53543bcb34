package org.varde.gateway.results;

import java.util.List;

/** What the API reads of the results stage. Blocking JDBC: call on a worker. */
public interface ResultQueries {
    /** Every result of a job, newest first. */
    List<StoredResult> forJob(String jobId);

    List<StoredResult> forStudy(String studyInstanceUid);

    /** Newest first; null filters match anything. */
    List<StoredResult> list(ResultState stateOrNull, String algorithmOrNull, int limit);

    /** The raw objects the vendor sent for a job, in arrival order. */
    List<ResultObject> objects(String jobId);

    /** A gateway without a results stage (API tests). */
    ResultQueries NONE = new ResultQueries() {
        @Override
        public List<StoredResult> forJob(String jobId) {
            return List.of();
        }

        @Override
        public List<StoredResult> forStudy(String studyInstanceUid) {
            return List.of();
        }

        @Override
        public List<StoredResult> list(ResultState stateOrNull, String algorithmOrNull, int limit) {
            return List.of();
        }

        @Override
        public List<ResultObject> objects(String jobId) {
            return List.of();
        }
    };
}
