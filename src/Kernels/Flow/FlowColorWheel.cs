namespace StyleFarm.Kernels.Flow;

/// <summary>
/// The Middlebury flow colour wheel: 55 hues in six segments, red→yellow (15 steps), yellow→green (6),
/// green→cyan (4), cyan→blue (11), blue→magenta (13), magenta→red (6). The uneven segment lengths
/// make neighbouring directions look about equally different all round the wheel.
/// </summary>
internal static class FlowColorWheel
{
    private static readonly (int Steps, (float R, float G, float B) Start)[] Segments =
    [
        (15, (1, 0, 0)), // red → yellow
        (6, (1, 1, 0)), // yellow → green
        (4, (0, 1, 0)), // green → cyan
        (11, (0, 1, 1)), // cyan → blue
        (13, (0, 0, 1)), // blue → magenta
        (6, (1, 0, 1)), // magenta → red
    ];

    private static readonly (float R, float G, float B)[] Colors = Build();

    /// <summary>Number of hues on the wheel (55).</summary>
    public static int Count => Colors.Length;

    /// <summary>
    /// The hue at a continuous wheel position in [0, Count): linear between the two neighbouring
    /// entries, wrapping from the last back to the first. Channels are in [0, 1].
    /// </summary>
    public static (float R, float G, float B) At(float position)
    {
        var k0 = (int)MathF.Floor(position) % Count;
        if (k0 < 0) k0 += Count;
        var k1 = (k0 + 1) % Count;
        var f = position - MathF.Floor(position);
        var (a, b) = (Colors[k0], Colors[k1]);
        return (a.R + f * (b.R - a.R), a.G + f * (b.G - a.G), a.B + f * (b.B - a.B));
    }

    private static (float R, float G, float B)[] Build()
    {
        var colors = new List<(float R, float G, float B)>();
        for (var s = 0; s < Segments.Length; s++)
        {
            var (steps, start) = Segments[s];
            var end = Segments[(s + 1) % Segments.Length].Start;
            for (var i = 0; i < steps; i++)
            {
                var t = (float)i / steps;
                colors.Add((start.R + t * (end.R - start.R), start.G + t * (end.G - start.G), start.B + t * (end.B - start.B)));
            }
        }
        return colors.ToArray();
    }
}
