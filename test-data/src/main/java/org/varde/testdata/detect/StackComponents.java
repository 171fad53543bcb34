package org.varde.testdata.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connected components in 3D over a stack of slices given one at a time, in order: a region on one
 * slice joins the regions it overlaps on the slice before (6-connected). Only the previous slice's
 * labels are kept, so memory does not grow with the number of slices; the regions are merged by
 * union-find and summed when asked.
 */
final class StackComponents {

    /** One connected region in 3D. */
    static final class Blob {
        int voxels;
        double sumColumn;
        double sumRow;
        double sumSlice;
        double sumValue;
        int firstSlice = Integer.MAX_VALUE;
        int lastSlice = -1;
        /** Largest cross-section, pixels, and the slice it is on. */
        int largestArea;
        int largestSlice;

        double centreColumn() {
            return sumColumn / voxels;
        }

        double centreRow() {
            return sumRow / voxels;
        }

        double centreSlice() {
            return sumSlice / voxels;
        }

        double meanValue() {
            return sumValue / voxels;
        }

        int slices() {
            return lastSlice - firstSlice + 1;
        }
    }

    /** One 2D region of one slice. */
    private record Piece(int slice, Components.Component region) {
    }

    private final List<Piece> pieces = new ArrayList<>();
    private final List<Integer> parent = new ArrayList<>();
    private int[] previousIds;
    private int slice = -1;

    /** Adds the next slice: its regions (already labelled) and which of them belong to the mask. */
    void add(Components regions, boolean[] wanted) {
        slice++;
        int[] ids = new int[regions.all().size()];
        for (Components.Component region : regions.all()) {
            ids[region.label] = -1;
            if (wanted[region.label]) {
                ids[region.label] = pieces.size();
                pieces.add(new Piece(slice, region));
                parent.add(pieces.size() - 1);
            }
        }
        if (previousIds != null) {
            linkTo(regions, ids);
        }
        previousIds = labelIds(regions, ids);
    }

    /** Per pixel, the piece id of this slice (or -1), for the next slice to link to. */
    private static int[] labelIds(Components regions, int[] ids) {
        int[] byPixel = new int[regions.size()];
        for (int i = 0; i < byPixel.length; i++) {
            int label = regions.label(i);
            byPixel[i] = label == Components.NONE ? -1 : ids[label];
        }
        return byPixel;
    }

    private void linkTo(Components regions, int[] ids) {
        int n = Math.min(previousIds.length, regions.size());
        for (int i = 0; i < n; i++) {
            int label = regions.label(i);
            if (label != Components.NONE && ids[label] >= 0 && previousIds[i] >= 0) {
                union(ids[label], previousIds[i]);
            }
        }
    }

    private int find(int id) {
        while (parent.get(id) != id) {
            parent.set(id, parent.get(parent.get(id)));
            id = parent.get(id);
        }
        return id;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent.set(Math.max(ra, rb), Math.min(ra, rb));
        }
    }

    /** The 3D regions found so far. */
    Collection<Blob> blobs() {
        Map<Integer, Blob> blobs = new LinkedHashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            Piece piece = pieces.get(id);
            Components.Component region = piece.region();
            Blob blob = blobs.computeIfAbsent(find(id), root -> new Blob());
            blob.voxels += region.area;
            blob.sumColumn += region.sumColumn;
            blob.sumRow += region.sumRow;
            blob.sumSlice += (double) piece.slice() * region.area;
            blob.sumValue += region.sumValue;
            blob.firstSlice = Math.min(blob.firstSlice, piece.slice());
            blob.lastSlice = Math.max(blob.lastSlice, piece.slice());
            if (region.area > blob.largestArea) {
                blob.largestArea = region.area;
                blob.largestSlice = piece.slice();
            }
        }
        return blobs.values();
    }
}
