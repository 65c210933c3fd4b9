using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Flow;

/// <summary>
/// Middlebury-style colour coding of a flow field: the hue says the direction (rightwards is red,
/// downwards yellow, leftwards cyan-blue, upwards blue-magenta), the saturation the magnitude
/// relative to a maximum (zero flow is white, the maximum is the full hue). Vectors longer than the
/// maximum are drawn at the full hue darkened to 75 %; unknown vectors are black.
/// </summary>
public static class FlowVisualization
{
    /// <summary>
    /// Colours <paramref name="flow"/>. <paramref name="maxMagnitude"/> is the magnitude shown at full
    /// saturation; null uses the largest known magnitude of the field (so a sequence coded with one fixed
    /// value stays comparable frame to frame, and a single image uses its whole range).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMagnitude"/> is not a finite number &gt; 0.</exception>
    public static RgbFrame ToColor(FlowField flow, float? maxMagnitude = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (maxMagnitude is { } given && !(float.IsFinite(given) && given > 0))
            throw new ArgumentOutOfRangeException(nameof(maxMagnitude), $"the maximum flow magnitude {given} must be a finite number > 0");
        var max = maxMagnitude ?? LargestMagnitude(flow);
        // A field without motion is all white: any positive scale gives every vector saturation 0.
        if (max == 0) max = 1;
        var frame = new RgbFrame(flow.Width, flow.Height);
        var data = flow.Data;
        var pixels = frame.Pixels;
        for (int i = 0, p = 0; i < data.Length; i += 2, p += 3)
        {
            var (r, g, b) = Color(data[i], data[i + 1], max);
            pixels[p] = ToByte(r);
            pixels[p + 1] = ToByte(g);
            pixels[p + 2] = ToByte(b);
        }
        return frame;
    }

    /// <summary>The largest magnitude among the known vectors of <paramref name="flow"/> (0 if none).</summary>
    public static float LargestMagnitude(FlowField flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var max = 0f;
        var data = flow.Data;
        for (var i = 0; i < data.Length; i += 2)
        {
            if (FlowField.IsKnown(data[i], data[i + 1])) max = MathF.Max(max, MathF.Sqrt(data[i] * data[i] + data[i + 1] * data[i + 1]));
        }
        return max;
    }

    private static (float R, float G, float B) Color(float u, float v, float max)
    {
        if (!FlowField.IsKnown(u, v)) return (0, 0, 0);
        var radius = MathF.Sqrt(u * u + v * v) / max;
        // The angle of −w, in (−1, 1] half-turns, spread over the whole wheel: rightwards lands on red (position 0 ≡ Count).
        var angle = MathF.Atan2(-v, -u) / MathF.PI;
        var (r, g, b) = FlowColorWheel.At((angle + 1) / 2 * FlowColorWheel.Count);
        if (radius <= 1) return (1 - radius * (1 - r), 1 - radius * (1 - g), 1 - radius * (1 - b));
        return (0.75f * r, 0.75f * g, 0.75f * b);
    }

    private static byte ToByte(float channel) => (byte)MathF.Round(Math.Clamp(channel, 0f, 1f) * 255f);
}
