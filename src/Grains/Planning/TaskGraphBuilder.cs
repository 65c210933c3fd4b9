using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Planning;

/// <summary>
/// Turns a planned job into its task graph: the plan task; per segment (see <see cref="SegmentPlanner"/>)
/// a flow task and one stylize task per pass (dependencies by <see cref="PassSchedule"/>); and one
/// encode task after the last pass of every segment. For S segments and P passes that is
/// 1 + S + S·P + 1 tasks. Costs and memory come from <see cref="TaskGraphOptions"/>:
/// <list type="bullet">
/// <item>plan: frames × pixels × PlanIterations (0 before the input is probed);</item>
/// <item>flow: halo frames × pixels × |J| × FlowIterationsPerOffset;</item>
/// <item>stylize pass p: core frames × pixels × iterations of pass p;</item>
/// <item>encode: frames × pixels × EncodeIterations.</item>
/// </list>
/// Stylize tasks need a GPU when the job requires one; plan, flow and encode run anywhere.
/// </summary>
public sealed class TaskGraphBuilder
{
    private readonly TaskGraphOptions _options;

    /// <summary>Uses the cost and memory model of <paramref name="options"/>.</summary>
    public TaskGraphBuilder(TaskGraphOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The plan task of a job not yet probed: no dependencies, cost unknown (0).</summary>
    public TaskSpec PlanTask(JobId job) =>
        new(TaskId.Plan(job), null, PassDirection.None, [], new TaskRequirements(false, _options.BaseTaskBytes), 0, 0);

    /// <summary>The one task of training job <paramref name="job"/>: on a GPU silo unless the job lets any silo train (<see cref="JobSpec.RequireGpu"/> false).</summary>
    public TaskSpec TrainTask(JobId job, JobSpec spec) =>
        new(TaskId.Train(job), null, PassDirection.None, [], new TaskRequirements(spec.RequireGpu, _options.TrainBytes), 0, 0);

    /// <summary>The segments of every shot of <paramref name="plan"/>, cut as <paramref name="spec"/> asks.</summary>
    public static IReadOnlyList<IReadOnlyList<Segment>> Segments(JobSpec spec, JobPlan plan)
    {
        var planner = new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = spec.SegmentLength, Halo = spec.Halo });
        return plan.Shots.Select(planner.Split).ToList();
    }

    /// <summary>The whole task graph of job <paramref name="job"/>, plan task included.</summary>
    /// <exception cref="ArgumentException">The spec or the plan is invalid (the message says which field).</exception>
    public TaskGraph Build(JobId job, JobSpec spec, JobPlan plan)
    {
        spec.Validate();
        plan.Validate(spec);
        var schedule = new PassSchedule(spec.Passes);
        var pixels = plan.PixelsPerFrame;
        var offsets = spec.LongTermOffsets.Count;
        var stylizeNeeds = new TaskRequirements(spec.RequireGpu, _options.StylizeBytes(spec.Method, pixels));
        var flowNeeds = new TaskRequirements(false, _options.FlowBytes(pixels));
        var anywhere = new TaskRequirements(false, _options.BaseTaskBytes);
        var flowDeps = schedule.FlowDependencies(job);
        var framePixels = (double)plan.FrameCount * pixels;

        var segmentsByShot = Segments(spec, plan);
        var segmentTotal = segmentsByShot.Sum(s => s.Count);
        var tasks = new List<TaskSpec>(2 + segmentTotal * (1 + spec.Passes))
        {
            PlanTask(job) with { EstimatedCost = Cost(framePixels, _options.PlanIterations) },
        };
        foreach (var segments in segmentsByShot)
        {
            foreach (var segment in segments)
                tasks.Add(new TaskSpec(TaskId.Flow(job, segment.Shot, segment.Index), segment, PassDirection.None, flowDeps, flowNeeds,
                    Cost((double)segment.Halo.Count * pixels * offsets, _options.FlowIterationsPerOffset), 0));
            for (var pass = 1; pass <= spec.Passes; pass++)
            {
                var direction = schedule.DirectionOf(pass);
                var iterations = plan.IterationsPerPass[pass - 1];
                foreach (var segment in segments)
                    tasks.Add(new TaskSpec(TaskId.Stylize(job, segment.Shot, segment.Index, pass), segment, direction,
                        schedule.StylizeDependencies(job, segment, segments.Count, pass), stylizeNeeds,
                        segment.Core.Count * pixels * iterations, 0));
            }
        }
        tasks.Add(new TaskSpec(TaskId.Encode(job), null, PassDirection.None,
            schedule.EncodeDependencies(job, segmentsByShot.SelectMany(s => s)), anywhere, Cost(framePixels, _options.EncodeIterations), 0));
        return new TaskGraph(tasks);
    }

    // Rounded to whole pixel-iterations; a 2-hour 4K film is ~1.4e12 frame pixels, far inside a long.
    private static long Cost(double framePixels, double iterations) => (long)Math.Round(framePixels * iterations);
}
