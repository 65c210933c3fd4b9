using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Support;

/// <summary>Hand-made task specs for the scheduling tests.</summary>
public static class Graphs
{
    public static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");

    /// <summary>Stylize task of segment <paramref name="segment"/> (shot 0, pass 1) costing <paramref name="cost"/>.</summary>
    public static TaskSpec Task(int segment, long cost, params TaskSpec[] dependencies) =>
        new(TaskId.Stylize(Job, 0, segment, 1), null, PassDirection.Independent, dependencies.Select(d => d.Id).ToList(),
            new TaskRequirements(false, 0), cost, 0);
}
