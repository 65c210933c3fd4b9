using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>What a job grain persists: the job, its plan and encode tasks, its history and which shots are done.</summary>
[GenerateSerializer]
public sealed class JobGrainState
{
    /// <summary>The job (spec, state, plan, error); null before it is submitted.</summary>
    [Id(0)] public Job? Job { get; set; }

    /// <summary>The plan task.</summary>
    [Id(1)] public TaskRecord? PlanTask { get; set; }

    /// <summary>The encode task, once the plan is known.</summary>
    [Id(2)] public TaskRecord? EncodeTask { get; set; }

    /// <summary>How many shots the plan has.</summary>
    [Id(3)] public int ShotCount { get; set; }

    /// <summary>The shots whose every task succeeded.</summary>
    [Id(4)] public HashSet<int> DoneShots { get; set; } = [];

    /// <summary>The job's history, oldest first.</summary>
    [Id(5)] public List<JobEvent> Events { get; set; } = [];

    /// <summary>The Orleans address of the silo of each attempt out, by task key.</summary>
    [Id(6)] public Dictionary<string, string> AttemptSilos { get; set; } = [];

    /// <summary>Every shot grain has its tasks (until then the job grain hands them out again).</summary>
    [Id(7)] public bool ShotsHandedOut { get; set; }

    /// <summary>A training job's one task (null for a render, which has a plan and an encode task instead).</summary>
    [Id(8)] public TaskRecord? TrainTask { get; set; }

    /// <summary>How many times the job was resumed or had its failed tasks retried (0 for its first run): a shot's report from an earlier run is stale.</summary>
    [Id(9)] public int Run { get; set; }
}
