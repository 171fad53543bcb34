-- UPS event subscriptions (PS3.4 CC.2.3, PS3.18 11.10-11.12) of Varde's UPS-RS worklist. A subscriber is
-- an AE Title within the vendor token that made it (owner): one vendor's AE Titles never see another's
-- workitems. Kept in the database, so a restart (or another node) keeps them. Portable SQL.
--
-- A global row (workitem_uid is the well-known UID 1.2.840.10008.5.1.4.34.5, or .5.1 with a filter)
-- subscribes the AE to each workitem created after it; a workitem row is one UPS Subscription State
-- (CC.2.3 Table CC.2.3-2). Suspending a global subscription deletes only its global row.
CREATE TABLE ups_subscriptions (
    owner                 VARCHAR(128)   NOT NULL,
    -- Receiving AE (0074,1234): the {aetitle} of the request path, 1..16 characters of the AE VR
    ae_title              VARCHAR(16)    NOT NULL,
    workitem_uid          VARCHAR(64)    NOT NULL,
    -- the subscriber asked the workitem to be kept after it reached a final state (CC.2.3.1)
    deletion_lock         BOOLEAN        NOT NULL,
    -- a Filtered Worklist Subscription's matching keys (global rows only); NULL matches anything
    filter_state          VARCHAR(16),
    filter_study          VARCHAR(64),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner, ae_title, workitem_uid)
);

CREATE INDEX ups_subscriptions_by_workitem ON ups_subscriptions (workitem_uid);
