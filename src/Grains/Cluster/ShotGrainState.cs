using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>What a shot grain persists: its own tasks, and whether its job still runs.</summary>
[GenerateSerializer]
public sealed class ShotGrainState
{
    /// <summary>The shot's flow and stylize tasks, in id order.</summary>
    [Id(0)] public List<TaskRecord> Tasks { get; set; } = [];

    /// <summary>False while the job is failed: nothing is offered or begun.</summary>
    [Id(1)] public bool Running { get; set; } = true;

    /// <summary>The Orleans address of the silo of each attempt out, by task key (for a dispatcher that lost its memory).</summary>
    [Id(2)] public Dictionary<string, string> AttemptSilos { get; set; } = [];
}
