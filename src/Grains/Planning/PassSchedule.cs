using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Planning;

/// <summary>
/// The order of work inside a shot (ALGORITHMS.md §4, eq. 13–14):
/// <list type="bullet">
/// <item>the flow task of segment k runs first (after the plan) and precedes its pass 1;</item>
/// <item>with several passes, pass 1 stylizes every frame independently and later passes alternate
/// forward (even passes) and backward (odd passes); a single pass is the forward sweep of the basic
/// method;</item>
/// <item>pass p of segment k needs pass p − 1 of segments k − 1, k and k + 1 of the same shot (its halo
/// frames' previous results are its boundary condition), so all segments of a pass run in parallel,
/// a Jacobi sweep in time;</item>
/// <item>the last pass of a multi-pass job is a Gauss–Seidel sweep instead: segment k also needs the last pass of
/// its upstream neighbour in the pass's direction (k − 1 forward, k + 1 backward) and continues that neighbour's
/// sweep from its last frame, so the output is one unbroken sweep over the shot. Jacobi halos leave two sweeps
/// meeting at every seam, which a few passes do not reconcile: the farm's seam ratio was 1.5–2.5 after 4 passes of
/// 2–3 iterations. The cost is that a shot's last pass runs its segments one after another.</item>
/// <item>encode needs the last pass of every segment of the job.</item>
/// </list>
/// </summary>
public sealed class PassSchedule
{
    /// <summary>A schedule of <paramref name="passes"/> passes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">passes is not 1 … 99.</exception>
    public PassSchedule(int passes)
    {
        if (passes < 1 || passes > JobSpec.MaxPasses)
            throw new ArgumentOutOfRangeException(nameof(passes), passes, $"a job has 1 … {JobSpec.MaxPasses} passes");
        Passes = passes;
    }

    /// <summary>Number of passes; the last one is the output.</summary>
    public int Passes { get; }

    /// <summary>The sweep direction of pass <paramref name="pass"/> (from 1).</summary>
    public PassDirection DirectionOf(int pass)
    {
        CheckPass(pass);
        if (Passes == 1) return PassDirection.Forward;
        if (pass == 1) return PassDirection.Independent;
        return pass % 2 == 0 ? PassDirection.Forward : PassDirection.Backward;
    }

    /// <summary>What a segment's flow task waits for: the job's plan.</summary>
    public IReadOnlyList<TaskId> FlowDependencies(JobId job) => [TaskId.Plan(job)];

    /// <summary>What pass <paramref name="pass"/> of <paramref name="segment"/> waits for.</summary>
    /// <param name="job">The job.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="segmentsInShot">How many segments its shot has.</param>
    /// <param name="pass">The pass, from 1.</param>
    public IReadOnlyList<TaskId> StylizeDependencies(JobId job, Segment segment, int segmentsInShot, int pass)
    {
        CheckPass(pass);
        if (segment.Index < 0 || segment.Index >= segmentsInShot)
            throw new ArgumentOutOfRangeException(nameof(segment), segment.Index, $"segment index is outside the shot's {segmentsInShot} segments");
        if (pass == 1) return [TaskId.Flow(job, segment.Shot, segment.Index)];
        var deps = new List<TaskId>(4);
        for (var k = Math.Max(0, segment.Index - 1); k <= Math.Min(segmentsInShot - 1, segment.Index + 1); k++)
            deps.Add(TaskId.Stylize(job, segment.Shot, k, pass - 1));
        if (UpstreamOf(segment.Index, segmentsInShot, pass) is { } upstream) deps.Add(TaskId.Stylize(job, segment.Shot, upstream, pass));
        return deps;
    }

    /// <summary>Whether pass <paramref name="pass"/> continues each segment from its upstream neighbour's same pass (the last pass of a multi-pass job).</summary>
    public bool Chains(int pass)
    {
        CheckPass(pass);
        return Passes > 1 && pass == Passes;
    }

    /// <summary>
    /// The segment whose same pass segment <paramref name="index"/> continues in a chained pass (<see cref="Chains"/>):
    /// the one before it in a forward pass, after it in a backward one; null for the shot's first segment in the
    /// pass's direction, and in every other pass.
    /// </summary>
    public int? UpstreamOf(int index, int segmentsInShot, int pass)
    {
        if (!Chains(pass)) return null;
        var upstream = DirectionOf(pass) == PassDirection.Forward ? index - 1 : index + 1;
        return upstream >= 0 && upstream < segmentsInShot ? upstream : null;
    }

    /// <summary>What the encode task waits for: the last pass of every one of <paramref name="segments"/> (all of the job's).</summary>
    public IReadOnlyList<TaskId> EncodeDependencies(JobId job, IEnumerable<Segment> segments) =>
        segments.Select(s => TaskId.Stylize(job, s.Shot, s.Index, Passes)).ToList();

    private void CheckPass(int pass)
    {
        if (pass < 1 || pass > Passes)
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"this schedule has passes 1 … {Passes}");
    }
}
