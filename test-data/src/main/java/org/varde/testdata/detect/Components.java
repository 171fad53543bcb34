package org.varde.testdata.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Connected components of a binary mask on one image, 4-connected (a pixel joins its row and column
 * neighbours only, so a line one pixel wide separates two regions, as a fracture line must), found by
 * a breadth-first fill with an explicit queue (no recursion, however large the region).
 */
final class Components {

    /** Label of a pixel outside the mask. */
    static final int NONE = -1;

    private final int rows;
    private final int columns;
    private final int[] labels;
    private final List<Component> components = new ArrayList<>();

    /** One region: its pixel count, sums for its centroid, its bounds, whether it touches the image edge. */
    static final class Component {
        final int label;
        int area;
        long sumColumn;
        long sumRow;
        double sumValue;
        int minColumn = Integer.MAX_VALUE;
        int maxColumn = -1;
        int minRow = Integer.MAX_VALUE;
        int maxRow = -1;
        boolean touchesEdge;

        Component(int label) {
            this.label = label;
        }

        double centreColumn() {
            return (double) sumColumn / area;
        }

        double centreRow() {
            return (double) sumRow / area;
        }

        double meanValue() {
            return sumValue / area;
        }
    }

    private Components(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.labels = new int[rows * columns];
        java.util.Arrays.fill(labels, NONE);
    }

    /** Labels the pixels where {@code mask} is true; {@code values} feed each component's mean. */
    static Components of(boolean[] mask, float[] values, int rows, int columns) {
        Components result = new Components(rows, columns);
        int[] queue = new int[rows * columns];
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] && result.labels[start] == NONE) {
                result.fill(start, mask, values, queue);
            }
        }
        return result;
    }

    private void fill(int start, boolean[] mask, float[] values, int[] queue) {
        Component component = new Component(components.size());
        components.add(component);
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        labels[start] = component.label;
        while (head < tail) {
            int index = queue[head++];
            int row = index / columns;
            int column = index % columns;
            add(component, column, row, values == null ? 0 : values[index]);
            if (column > 0) {
                tail = visit(index - 1, mask, component, queue, tail);
            }
            if (column < columns - 1) {
                tail = visit(index + 1, mask, component, queue, tail);
            }
            if (row > 0) {
                tail = visit(index - columns, mask, component, queue, tail);
            }
            if (row < rows - 1) {
                tail = visit(index + columns, mask, component, queue, tail);
            }
        }
    }

    private int visit(int index, boolean[] mask, Component component, int[] queue, int tail) {
        if (mask[index] && labels[index] == NONE) {
            labels[index] = component.label;
            queue[tail++] = index;
        }
        return tail;
    }

    private void add(Component component, int column, int row, double value) {
        component.area++;
        component.sumColumn += column;
        component.sumRow += row;
        component.sumValue += value;
        component.minColumn = Math.min(component.minColumn, column);
        component.maxColumn = Math.max(component.maxColumn, column);
        component.minRow = Math.min(component.minRow, row);
        component.maxRow = Math.max(component.maxRow, row);
        if (column == 0 || row == 0 || column == columns - 1 || row == rows - 1) {
            component.touchesEdge = true;
        }
    }

    int label(int column, int row) {
        return labels[row * columns + column];
    }

    int label(int index) {
        return labels[index];
    }

    /** Pixels in the image. */
    int size() {
        return labels.length;
    }

    List<Component> all() {
        return components;
    }

    Component get(int label) {
        return components.get(label);
    }

    /**
     * Which components of this mask are enclosed by {@code around}: every pixel next to them (outside
     * this mask) lies in a component of {@code around} that {@code accepted} marks, and they do not
     * touch the image edge. A hole in a lung, a defect in a vessel.
     */
    boolean[] enclosedBy(Components around, boolean[] accepted) {
        boolean[] enclosed = new boolean[components.size()];
        for (Component component : components) {
            enclosed[component.label] = !component.touchesEdge;
        }
        for (int index = 0; index < labels.length; index++) {
            int label = labels[index];
            if (label == NONE || !enclosed[label]) {
                continue;
            }
            int row = index / columns;
            int column = index % columns;
            if ((column > 0 && !inside(index - 1, around, accepted))
                    || (column < columns - 1 && !inside(index + 1, around, accepted))
                    || (row > 0 && !inside(index - columns, around, accepted))
                    || (row < rows - 1 && !inside(index + columns, around, accepted))) {
                enclosed[label] = false;
            }
        }
        return enclosed;
    }

    /** A neighbour is fine when it is part of this region, or part of an accepted surrounding region. */
    private boolean inside(int neighbour, Components around, boolean[] accepted) {
        if (labels[neighbour] != NONE) {
            return true;
        }
        int label = around.labels[neighbour];
        return label != NONE && accepted[label];
    }
}
