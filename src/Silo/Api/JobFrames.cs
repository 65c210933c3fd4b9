using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Api;

/// <summary>How many of a job's frames are done: the core frames of every segment whose last stylize pass has succeeded.</summary>
public static class JobFrames
{
    /// <summary>Frames of <paramref name="job"/> whose last pass is done, given all its <paramref name="tasks"/>; 0 before it is planned.</summary>
    public static int Done(Job job, IEnumerable<TaskRecord> tasks)
    {
        if (job.Plan is null) return 0;
        var lastPassDone = tasks
            .Where(t => t.State == TaskState.Succeeded && t.Id.Kind == TaskKind.Stylize && t.Id.Pass == job.Spec.Passes)
            .Select(t => (t.Id.Shot, t.Id.Segment))
            .ToHashSet();
        return TaskGraphBuilder.Segments(job.Spec, job.Plan)
            .SelectMany(shot => shot)
            .Where(s => lastPassDone.Contains((s.Shot, s.Index)))
            .Sum(s => s.Core.Count);
    }
}
