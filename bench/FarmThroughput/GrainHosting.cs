namespace StyleFarm.Bench.Throughput;

/// <summary>Which silos a kill may pick: any, one hosting none of the job's coordination grains, or one hosting some.</summary>
internal enum KillTarget
{
    /// <summary>Any silo without the API that runs one of the job's tasks.</summary>
    Any,

    /// <summary>A silo hosting neither the dispatcher nor the job's job or shot grains.</summary>
    Worker,

    /// <summary>A silo hosting the dispatcher or the job's job grain or one of its shot grains.</summary>
    Coordinator,
}

/// <summary>
/// The coordination grains one silo hosted, read from its log's activation and deactivation lines (the dispatcher,
/// job and shot grains log both): whether it hosted the dispatcher, the job's grain, and which of the job's shots.
/// </summary>
internal sealed record GrainHosting(bool Dispatcher, bool Job, IReadOnlyList<int> Shots)
{
    /// <summary>Whether it hosted any coordination grain of the job (the dispatcher included).</summary>
    public bool Coordinates => Dispatcher || Job || Shots.Count > 0;

    /// <summary>Whether a kill of a silo hosting this matches <paramref name="target"/>.</summary>
    public bool Matches(KillTarget target) => target switch
    {
        KillTarget.Worker => !Coordinates,
        KillTarget.Coordinator => Coordinates,
        _ => true,
    };

    /// <summary>What the grains of job <paramref name="job"/> the silo's log <paramref name="lines"/> show it hosting at their end.</summary>
    public static GrainHosting Of(IEnumerable<SiloLogLine> lines, string job)
    {
        bool dispatcher = false, hostsJob = false;
        var shots = new SortedSet<int>();
        var shotPrefix = $"shot {job}/";
        foreach (var line in lines)
        {
            var m = line.Message;
            if (m.StartsWith("dispatcher: activated here", StringComparison.Ordinal)) dispatcher = true;
            else if (m.StartsWith("dispatcher: deactivated", StringComparison.Ordinal)) dispatcher = false;
            else if (m.StartsWith($"job {job}: activated here", StringComparison.Ordinal)) hostsJob = true;
            else if (m.StartsWith($"job {job}: deactivated", StringComparison.Ordinal)) hostsJob = false;
            else if (m.StartsWith(shotPrefix, StringComparison.Ordinal) && int.TryParse(m.AsSpan(shotPrefix.Length, 4), out var shot))
            {
                if (m.AsSpan(shotPrefix.Length + 4).StartsWith(": activated here", StringComparison.Ordinal)) shots.Add(shot);
                else if (m.AsSpan(shotPrefix.Length + 4).StartsWith(": deactivated", StringComparison.Ordinal)) shots.Remove(shot);
            }
        }
        return new GrainHosting(dispatcher, hostsJob, shots.ToList());
    }

    /// <summary>E.g. "dispatcher, job grain, shots 0,1" or "no coordination grain of the job".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Dispatcher) parts.Add("dispatcher");
        if (Job) parts.Add("job grain");
        if (Shots.Count > 0) parts.Add($"shot{(Shots.Count > 1 ? "s" : "")} {string.Join(',', Shots)}");
        return parts.Count == 0 ? "no coordination grain of the job" : string.Join(", ", parts);
    }
}
