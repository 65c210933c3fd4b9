namespace StyleFarm.Grains.Cluster;

/// <summary>
/// What a shot grain persists, compactly: the shot's segments and each task's cost and critical path (from which
/// its task specs are rebuilt: dependencies and directions follow from the pass schedule), and per task only what
/// changes (state, attempts, backoff, last error, the silo of its latest attempt). Attempts out are not persisted: after a crash their tasks are
/// Ready again and their old tokens unknown, so a late commit is refused.
/// </summary>
[GenerateSerializer]
public sealed class ShotGrainState
{
    /// <summary>The shot's fixed part; null until the job hands the shot its tasks.</summary>
    [Id(0)] public ShotLayout? Layout { get; set; }

    /// <summary>Per task, in task id order (every segment's flow, then each segment's passes): what changes.</summary>
    [Id(1)] public List<TaskEntry> Entries { get; set; } = [];

    /// <summary>False while the job is failed: nothing is offered or begun.</summary>
    [Id(2)] public bool Running { get; set; } = true;

    /// <summary>The job's run this shot's tasks belong to (<see cref="JobGrainState.Run"/>): stamped on its reports so the job can tell a report sent before a retry or resume.</summary>
    [Id(3)] public int Run { get; set; }
}

/// <summary>The fixed part of a shot's tasks.</summary>
[GenerateSerializer]
public sealed class ShotLayout
{
    /// <summary>The job.</summary>
    [Id(0)] public Guid Job { get; set; }

    /// <summary>The shot's index.</summary>
    [Id(1)] public int Shot { get; set; }

    /// <summary>The job's passes.</summary>
    [Id(2)] public int Passes { get; set; }

    /// <summary>Per segment: core start, core end, halo start, halo end.</summary>
    [Id(3)] public List<int[]> Segments { get; set; } = [];

    /// <summary>Per task, in task id order: estimated cost.</summary>
    [Id(4)] public long[] Costs { get; set; } = [];

    /// <summary>Per task, in task id order: critical path.</summary>
    [Id(5)] public long[] CriticalPaths { get; set; } = [];

    /// <summary>What a flow task needs: memory in bytes (never a GPU).</summary>
    [Id(6)] public long FlowMemory { get; set; }

    /// <summary>What a stylize task needs: a GPU or not, and memory in bytes.</summary>
    [Id(7)] public bool StylizeNeedsGpu { get; set; }

    /// <summary>Stylize memory in bytes.</summary>
    [Id(8)] public long StylizeMemory { get; set; }
}

/// <summary>What changes about one task.</summary>
[GenerateSerializer]
public struct TaskEntry
{
    [Id(0)] public Tasks.TaskState State;
    [Id(1)] public int Attempts;
    [Id(2)] public DateTimeOffset UpdatedAt;
    [Id(3)] public DateTimeOffset? NotBefore;
    [Id(4)] public string? LastError;

    /// <summary>The silo of the task's latest attempt (the one that committed it once Succeeded).</summary>
    [Id(5)] public string? Silo;

    /// <summary>Its last attempt failed with an error no retry can fix.</summary>
    [Id(6)] public bool Permanent;

    /// <summary>When the task's latest attempt began.</summary>
    [Id(7)] public DateTimeOffset? StartedAt;
}
