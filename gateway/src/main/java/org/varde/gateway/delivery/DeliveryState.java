package org.varde.gateway.delivery;

/** Where one delivery is. */
public enum DeliveryState {
    /** Waiting for its (next) attempt; {@code next_attempt_at} says when. */
    PENDING(false),
    /** A node holds it and is building or sending it. */
    SENDING(false),
    /** The peer acknowledged it. */
    DELIVERED(true),
    /** Shadow mode: built, validated and kept; nothing was sent. */
    KEPT(true),
    /** Every attempt failed or a failure no retry can cure; waits for an operator's replay. */
    DEAD_LETTER(true);

    private final boolean finished;

    DeliveryState(boolean finished) {
        this.finished = finished;
    }

    /** Nothing more happens to it unless an operator replays it. */
    public boolean isFinished() {
        return finished;
    }
}
