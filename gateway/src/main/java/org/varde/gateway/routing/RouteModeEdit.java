package org.varde.gateway.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes one route's {@code mode:} in the routes file, in place, leaving every other byte as the
 * administrator wrote it (comments, order, quoting). The edit is a text edit of one line, and it is
 * kept only if the file, read again by the same loader the gateway uses, gives the same routes with
 * that one mode changed; anything the edit cannot be sure of (a route in flow style, two routes of
 * that name, a file that no longer loads) is refused with the reason, and the file is not touched.
 */
public final class RouteModeEdit {
    private static final Pattern NAME_LINE = Pattern.compile("^(\\s*)(-\\s+)?name:\\s*(\"[^\"]*\"|'[^']*'|[^#\\s]+)\\s*(#.*)?$");
    private static final Pattern MODE_LINE = Pattern.compile("^(\\s*)mode:\\s*([^#\\s]+)(\\s*#.*)?$");

    private RouteModeEdit() {
    }

    /** Why an edit was not made; the message says what to do by hand. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Writes the routes file with {@code route}'s mode set to {@code mode} (a temporary file beside it,
     * then renamed over it) and returns the text it had before, for an undo.
     */
    public static synchronized String apply(Path algorithmsFile, Path routesFile, String route, RouteMode mode)
            throws RefusedException, IOException {
        return apply(algorithmsFile, routesFile, route, mode, java.util.Set.of());
    }

    /**
     * The same, for a catalogue and routes that name outputs: {@code outputs} are the main config's
     * output names (the ones in force), so the files load as the gateway loads them.
     */
    public static synchronized String apply(Path algorithmsFile, Path routesFile, String route, RouteMode mode,
                                            java.util.Set<String> outputs) throws RefusedException, IOException {
        String before = Files.readString(routesFile, StandardCharsets.UTF_8);
        String after = edit(before, route, mode);
        verify(algorithmsFile, routesFile, before, after, route, mode, outputs);
        write(routesFile, after);
        return before;
    }

    /** Puts the file back as it was (after the gateway refused the edited one). */
    public static synchronized void restore(Path routesFile, String text) throws IOException {
        write(routesFile, text);
    }

    /** The text with the one route's mode line changed (or added after its name line). */
    static String edit(String text, String route, RouteMode mode) throws RefusedException {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int nameLine = -1;
        int keyIndent = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = NAME_LINE.matcher(lines.get(i));
            if (m.matches() && unquote(m.group(3)).equals(route)) {
                if (nameLine >= 0) {
                    throw new RefusedException("two routes are named \"" + route + "\" in the routes file");
                }
                nameLine = i;
                keyIndent = m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length());
            }
        }
        if (nameLine < 0) {
            throw new RefusedException("route \"" + route + "\" is not written as a 'name: " + route
                    + "' line in block style; change its mode by hand");
        }
        int end = blockEnd(lines, nameLine, keyIndent);
        int start = blockStart(lines, nameLine, keyIndent);
        for (int i = start; i < end; i++) {
            Matcher m = MODE_LINE.matcher(lines.get(i));
            if (m.matches() && m.group(1).length() == keyIndent) {
                lines.set(i, " ".repeat(keyIndent) + "mode: " + mode.word() + (m.group(3) == null ? "" : m.group(3)));
                return String.join("\n", lines);
            }
        }
        lines.add(nameLine + 1, " ".repeat(keyIndent) + "mode: " + mode.word());
        return String.join("\n", lines);
    }

    /** The first line of the route's mapping: its "- " line when the name is not on it. */
    private static int blockStart(List<String> lines, int nameLine, int keyIndent) {
        for (int i = nameLine; i >= 0; i--) {
            String line = lines.get(i);
            int indent = indent(line);
            if (!line.isBlank() && indent < keyIndent) {
                return line.trim().startsWith("-") ? i : i + 1;
            }
            if (line.trim().startsWith("- ") && indent + 2 == keyIndent) {
                return i;
            }
        }
        return 0;
    }

    /** The line after the route's mapping: the next line less indented than its keys. */
    private static int blockEnd(List<String> lines, int nameLine, int keyIndent) {
        for (int i = nameLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.trim().startsWith("#") && indent(line) < keyIndent) {
                return i;
            }
        }
        return lines.size();
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Both texts through the gateway's own loader: the same routes, but for this one's mode. */
    private static void verify(Path algorithmsFile, Path routesFile, String before, String after, String route,
                               RouteMode mode, java.util.Set<String> outputs) throws RefusedException, IOException {
        Path dir = Files.createTempDirectory("varde-route-edit-");
        try {
            List<Route> old = load(algorithmsFile, Files.writeString(dir.resolve("before.yaml"), before), outputs,
                    "the routes file");
            List<Route> edited = load(algorithmsFile, Files.writeString(dir.resolve("after.yaml"), after), outputs,
                    "the edit");
            List<String> expected = old.stream().map(r -> shape(r.name().equals(route) ? withMode(r, mode) : r)).toList();
            if (old.stream().noneMatch(r -> r.name().equals(route))) {
                throw new RefusedException("no route \"" + route + "\" in " + routesFile.getFileName());
            }
            if (!expected.equals(edited.stream().map(RouteModeEdit::shape).toList())) {
                throw new RefusedException("the edit of " + routesFile.getFileName()
                        + " would change more than the mode of \"" + route + "\"; change it by hand");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static List<Route> load(Path algorithmsFile, Path routes, java.util.Set<String> outputs, String what)
            throws RefusedException {
        try {
            return RoutingConfig.load(algorithmsFile, routes, outputs).routes().routes();
        } catch (RoutingConfigException e) {
            throw new RefusedException(what + " does not load: " + e.getMessage());
        }
    }

    /** A route in words (conditions as the explanation words them), so that two loads compare by content. */
    private static String shape(Route r) {
        CompletionSettings c = r.completion();
        return String.join("|", r.name(), describe(r.match()), describe(r.seriesFilter()), String.join(",", r.algorithms()),
                r.mode().word(), String.valueOf(c.idleSeconds()), describe(c.expectedSeries()),
                String.valueOf(c.seriesSettleSeconds()), String.valueOf(c.acceptUpdates()));
    }

    private static String describe(Condition condition) {
        return condition == null ? "-" : condition.describe();
    }

    private static Route withMode(Route r, RouteMode mode) {
        return new Route(r.name(), r.match(), r.seriesFilter(), r.algorithms(), mode, r.completion());
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".edit");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
