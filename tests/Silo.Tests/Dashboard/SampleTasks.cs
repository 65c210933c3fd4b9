using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>The task graph of the sample job and plan (shot 0 in segments [0,4) and [4,6), shot 1 one segment [6,10); halo 1; two passes), every task new at <paramref name="at"/>, by key.</summary>
public static class SampleTasks
{
    public static Dictionary<string, TaskRecord> At(DateTimeOffset at, JobId? job = null) =>
        new TaskGraphBuilder(new TaskGraphOptions()).Build(job ?? JobId.New(TimeProvider.System), Samples.Spec(), Samples.Plan()).Tasks
            .ToDictionary(s => s.Id.Key, s => TaskRecord.New(s, at));
}
