namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// Where the borders of a sequence's earlier frames lie in a later frame: a camera that pans or zooms out
/// brings every earlier frame's edge into view as a line, and a stylizer that carries its outputs forward
/// along the flow can leave a visible line there (Ruder et al. §8.3's "false gradients along the prior image
/// boundary"). The masks select the pixel differences across those lines, for <see cref="Quality.GradientRatio"/>.
/// </summary>
public static class EarlierBorders
{
    /// <summary>
    /// The differences of frame <paramref name="t"/> that cross the left or right edge of an earlier frame
    /// (horizontal differences, [H, W − 1] row-major: entry (y, x) is pixel x + 1 minus pixel x) or its top or
    /// bottom edge (vertical differences, [H − 1, W]: entry (y, x) is pixel y + 1 minus pixel y), within a band of
    /// <paramref name="band"/> pixels along each line. Lines within <paramref name="margin"/> pixels of frame t's own
    /// border are left out: the frame's own edge is no earlier frame's.
    /// </summary>
    public static (bool[] Horizontal, bool[] Vertical) Bands(SyntheticSequence sequence, int t, double band = 2, double margin = 2)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (t < 0 || t >= sequence.Count) throw new ArgumentOutOfRangeException(nameof(t), t, $"the sequence has frames 0 … {sequence.Count - 1}");
        var (width, height) = (sequence.Width, sequence.Height);
        var horizontal = new bool[height * (width - 1)];
        var vertical = new bool[(height - 1) * width];
        var now = sequence.Cameras[t];
        for (var earlier = 0; earlier < t; earlier++)
        {
            var then = sequence.Cameras[earlier];
            // The earlier window's edges in frame t's continuous coordinates (pixel i spans [i, i + 1)).
            var left = now.FrameX(then.PhotoX(0));
            var right = now.FrameX(then.PhotoX(width));
            var top = now.FrameY(then.PhotoY(0));
            var bottom = now.FrameY(then.PhotoY(height));
            foreach (var x in new[] { left, right })
                MarkLine(horizontal, width - 1, height, x, width, top, bottom, band, margin, across: true);
            foreach (var y in new[] { top, bottom })
                MarkLine(vertical, width, height - 1, y, height, left, right, band, margin, across: false);
        }
        return (horizontal, vertical);
    }

    // Marks the differences between pixel centres i + ½ and i + 1½ whose midpoint i + 1 lies within band/2 of the line.
    private static void MarkLine(bool[] mask, int columns, int rows, double at, int size, double from, double to, double band, double margin, bool across)
    {
        if (at < margin || at > size - margin) return;
        var first = (int)Math.Ceiling(at - 1 - band / 2);
        var last = (int)Math.Floor(at - 1 + band / 2);
        var (along, alongSize) = across ? (rows, rows) : (columns, columns);
        var start = Math.Max(0, (int)Math.Floor(from));
        var end = Math.Min(alongSize, (int)Math.Ceiling(to));
        for (var i = Math.Max(0, first); i <= Math.Min(size - 2, last); i++)
        {
            for (var j = start; j < end && j < along; j++)
            {
                if (across) mask[j * columns + i] = true;
                else mask[i * columns + j] = true;
            }
        }
    }
}
