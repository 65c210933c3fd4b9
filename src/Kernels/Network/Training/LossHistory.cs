namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// The weighted loss terms of every iteration of a run, kept in its checkpoints (a resumed run reports the whole curve)
/// and reduced to a coarse curve for the model's header and the CLI.
/// </summary>
public sealed class LossHistory
{
    /// <summary>The values kept per iteration: frames per sample, content, style, temporal, total variation.</summary>
    public const int Columns = 5;

    /// <summary>Most points of <see cref="Curve"/> that a header keeps.</summary>
    public const int MaxPoints = 50;

    private readonly List<float[]> _rows = [];

    /// <summary>Iterations recorded.</summary>
    public int Count => _rows.Count;

    /// <summary>Records the next iteration.</summary>
    public void Add(int frames, double content, double style, double temporal, double totalVariation) =>
        _rows.Add([frames, (float)content, (float)style, (float)temporal, (float)totalVariation]);

    /// <summary>The rows as one array (iteration-major), for a checkpoint.</summary>
    public float[] ToArray() => _rows.SelectMany(r => r).ToArray();

    /// <summary>Replaces the rows with <paramref name="values"/> (as <see cref="ToArray"/> wrote them).</summary>
    public void Load(float[] values)
    {
        if (values.Length % Columns != 0) throw new ArgumentException($"a loss history has {Columns} values per iteration; got {values.Length} values");
        _rows.Clear();
        for (var i = 0; i < values.Length; i += Columns) _rows.Add(values[i..(i + Columns)]);
    }

    /// <summary>The mean total loss of iterations [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public double MeanTotal(int from, int to) => _rows.Skip(from).Take(to - from).Average(r => (double)r[1] + r[2] + r[3] + r[4]);

    /// <summary>At most <paramref name="points"/> points, each the mean of an equal stretch of the iterations recorded.</summary>
    public IReadOnlyList<LossPoint> Curve(int points = MaxPoints)
    {
        if (_rows.Count == 0) return [];
        var stretches = Math.Min(points, _rows.Count);
        var curve = new List<LossPoint>(stretches);
        for (var s = 0; s < stretches; s++)
        {
            var (from, to) = ((int)((long)s * _rows.Count / stretches), (int)((long)(s + 1) * _rows.Count / stretches));
            var rows = _rows.Skip(from).Take(to - from).ToList();
            curve.Add(new LossPoint(to, (int)rows[^1][0], rows.Average(r => r[1]), rows.Average(r => r[2]), rows.Average(r => r[3]), rows.Average(r => r[4])));
        }
        return curve;
    }
}
