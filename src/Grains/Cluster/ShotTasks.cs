using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Turns a shot's task records into its compact persisted state (<see cref="ShotGrainState"/>) and back. Specs come
/// back exactly (ids, segments, dependencies by <see cref="PassSchedule"/>, directions, requirements, costs, critical
/// paths); a Leased task comes back Ready with its attempts, as after a crash its attempt is gone.
/// </summary>
public static class ShotTasks
{
    /// <summary>The fixed part of <paramref name="tasks"/> (one shot's flow and stylize tasks, in id order).</summary>
    public static ShotLayout Layout(IReadOnlyList<TaskSpec> tasks)
    {
        var flows = tasks.Where(t => t.Kind == TaskKind.Flow).ToList();
        var stylize = tasks.FirstOrDefault(t => t.Kind == TaskKind.Stylize);
        return new ShotLayout
        {
            Job = tasks[0].Job.Value,
            Shot = tasks[0].Id.Shot,
            Passes = tasks.Where(t => t.Kind == TaskKind.Stylize).Select(t => t.Pass).DefaultIfEmpty(0).Max(),
            Segments = flows.Select(f => new[] { f.Segment!.Core.Start, f.Segment.Core.End, f.Segment.Halo.Start, f.Segment.Halo.End }).ToList(),
            Costs = tasks.Select(t => t.EstimatedCost).ToArray(),
            CriticalPaths = tasks.Select(t => t.CriticalPath).ToArray(),
            FlowMemory = flows.Count > 0 ? flows[0].Requirements.MemoryBytes : 0,
            StylizeNeedsGpu = stylize?.Requirements.NeedsGpu ?? false,
            StylizeMemory = stylize?.Requirements.MemoryBytes ?? 0,
        };
    }

    /// <summary>What changes about <paramref name="tasks"/>; a Leased task is stored Ready (its attempt does not outlive the grain).</summary>
    public static List<TaskEntry> Entries(IEnumerable<TaskRecord> tasks) => tasks.Select(t => new TaskEntry
    {
        State = t.State == TaskState.Leased ? TaskState.Ready : t.State,
        Attempts = t.Attempts,
        UpdatedAt = t.UpdatedAt,
        NotBefore = t.NotBefore,
        LastError = t.LastError,
        Silo = t.Silo,
        Permanent = t.Permanent,
        StartedAt = t.StartedAt,
    }).ToList();

    /// <summary>The task records <paramref name="state"/> holds, in id order.</summary>
    public static List<TaskRecord> Restore(ShotGrainState state)
    {
        var layout = state.Layout ?? throw new InvalidOperationException("the shot has no tasks yet");
        var job = new JobId(layout.Job);
        var segments = layout.Segments.Select((b, k) => new Segment(layout.Shot, k, new FrameRange(b[0], b[1]), new FrameRange(b[2], b[3]))).ToList();
        var schedule = layout.Passes > 0 ? new PassSchedule(layout.Passes) : null;
        var flowNeeds = new TaskRequirements(false, layout.FlowMemory);
        var stylizeNeeds = new TaskRequirements(layout.StylizeNeedsGpu, layout.StylizeMemory);
        var specs = new List<TaskSpec>(layout.Costs.Length);
        foreach (var segment in segments)
            specs.Add(new TaskSpec(TaskId.Flow(job, layout.Shot, segment.Index), segment, PassDirection.None, [TaskId.Plan(job)], flowNeeds,
                layout.Costs[specs.Count], layout.CriticalPaths[specs.Count]));
        foreach (var segment in segments)
            for (var pass = 1; pass <= layout.Passes; pass++)
                specs.Add(new TaskSpec(TaskId.Stylize(job, layout.Shot, segment.Index, pass), segment, schedule!.DirectionOf(pass),
                    schedule.StylizeDependencies(job, segment, segments.Count, pass), stylizeNeeds, layout.Costs[specs.Count], layout.CriticalPaths[specs.Count]));
        if (specs.Count != state.Entries.Count)
            throw new InvalidOperationException($"shot {layout.Shot} of job {job} has {specs.Count} tasks in its layout but {state.Entries.Count} entries: its state is damaged");
        return specs.Select((spec, i) => new TaskRecord(spec, state.Entries[i].State, state.Entries[i].Attempts, state.Entries[i].UpdatedAt,
            state.Entries[i].NotBefore, null, state.Entries[i].LastError, state.Entries[i].Silo, state.Entries[i].Permanent, state.Entries[i].StartedAt)).ToList();
    }
}
