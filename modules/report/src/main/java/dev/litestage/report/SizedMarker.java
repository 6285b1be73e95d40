package dev.litestage.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import org.knowm.xchart.style.markers.Marker;

/**
 * A marker with its own size, so that single highlighted points (the full model, the chosen
 * profile) stand out from the many trial points, whose size the chart's styler sets.
 */
final class SizedMarker extends Marker {

    private final int size;
    private final boolean ring;
    private final boolean diamond;
    private final BasicStroke stroke;

    private SizedMarker(int size, boolean ring, boolean diamond, float lineWidth) {
        this.size = size;
        this.ring = ring;
        this.diamond = diamond;
        this.stroke = new BasicStroke(lineWidth);
    }

    /** An unfilled circle of the given diameter and line width, drawn around a point. */
    static SizedMarker ring(int diameter, float lineWidth) {
        return new SizedMarker(diameter, true, false, lineWidth);
    }

    /** A filled diamond of the given width. */
    static SizedMarker diamond(int width) {
        return new SizedMarker(width, false, true, 1f);
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int ignoredStylerSize) {
        double half = size / 2.0;
        Shape shape;
        if (diamond) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(x, y - half);
            path.lineTo(x + half, y);
            path.lineTo(x, y + half);
            path.lineTo(x - half, y);
            path.closePath();
            shape = path;
        } else {
            shape = new Ellipse2D.Double(x - half, y - half, size, size);
        }
        g.setStroke(stroke);
        if (ring) {
            g.draw(shape);
        } else {
            g.fill(shape);
        }
    }
}
