package org.varde.gateway.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a person must approve a route's (or an algorithm's) results before anything clinical goes
 * out (issue 12), read from {@code review: required}, {@code reviewAlertMinutes},
 * {@code onTimeout: release|hold} and {@code reviewOrganisation}.
 *
 * @param required     results wait in AWAITING_REVIEW until a reviewer decides
 * @param alertAfter   how long a result may wait before it raises an alert (metric and API)
 * @param onTimeout    what happens once {@code alertAfter} has passed: hold (the default: nothing is
 *                     ever released unreviewed) or release (delivered, saying it was not reviewed)
 * @param organisation the reviewers' organisation, as the SR's Verifying Organization names it
 *                     (PS3.3 C.17.2, Type 1: required when review is)
 */
public record ReviewPolicy(boolean required, Duration alertAfter, OnTimeout onTimeout, String organisation) {

    public enum OnTimeout {
        HOLD, RELEASE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** No review: results go out as they come. */
    public static final ReviewPolicy NONE = new ReviewPolicy(false, Duration.ofMinutes(60), OnTimeout.HOLD, "");

    public ReviewPolicy {
        Objects.requireNonNull(alertAfter, "alertAfter");
        Objects.requireNonNull(onTimeout, "onTimeout");
        organisation = organisation == null ? "" : organisation;
    }

    /** A route's policy where it says nothing itself: its algorithm's. */
    public ReviewPolicy or(ReviewPolicy fallback) {
        return required ? this : fallback;
    }

    /**
     * Reads the review keys of a route or algorithm block; {@link #NONE} when it has none.
     *
     * @throws RoutingConfigException naming the key that is wrong
     */
    public static ReviewPolicy read(YamlMapping yaml) throws RoutingConfigException {
        String review = yaml.optionalText("review");
        boolean required;
        if (review == null || review.equals("none")) {
            required = false;
        } else if (review.equals("required")) {
            required = true;
        } else {
            throw yaml.problem("review", "must be \"required\" or \"none\", was \"" + review + "\"");
        }
        int minutes = yaml.integer("reviewAlertMinutes", 60, 1, 7 * 24 * 60);
        String timeout = yaml.optionalText("onTimeout");
        OnTimeout onTimeout;
        if (timeout == null || timeout.equals("hold")) {
            onTimeout = OnTimeout.HOLD;
        } else if (timeout.equals("release")) {
            onTimeout = OnTimeout.RELEASE;
        } else {
            throw yaml.problem("onTimeout", "must be \"hold\" or \"release\", was \"" + timeout + "\"");
        }
        String organisation = yaml.optionalText("reviewOrganisation");
        if (!required) {
            if (yaml.has("reviewAlertMinutes") || yaml.has("onTimeout") || yaml.has("reviewOrganisation")) {
                throw yaml.problem("review", "reviewAlertMinutes, onTimeout and reviewOrganisation need review: required");
            }
            return NONE;
        }
        if (organisation == null || organisation.isBlank()) {
            throw yaml.problem("reviewOrganisation", "is required with review: required: the approved SR names the"
                    + " reviewer's organisation (DICOM Verifying Organization)");
        }
        if (organisation.length() > 64) {
            throw yaml.problem("reviewOrganisation", "at most 64 characters (DICOM LO)");
        }
        return new ReviewPolicy(true, Duration.ofMinutes(minutes), onTimeout, organisation.trim());
    }
}
