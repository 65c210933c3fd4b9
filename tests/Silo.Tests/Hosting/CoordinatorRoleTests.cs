using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>The coordinator role on SQLite: it advances jobs, and of two silos on one store file only one coordinates.</summary>
public sealed class CoordinatorRoleTests
{
    [Fact]
    public async Task TheCoordinatorRoleAdvancesASubmittedJobToPlanningWithItsPlanTask()
    {
        await using var silo = await TestSilo.StartAsync(SiloRoles.Coordinator | SiloRoles.Api);

        var (_, job, _) = await ApiJson.SubmitAsync(silo.Http, ApiJson.Spec());
        var states = new List<JobState>();
        long after = 0;
        using var deadline = new CancellationTokenSource(ApiJson.Deadline);
        while (!states.Contains(JobState.Planning))
        {
            var page = await ApiJson.EventsAsync(silo.Http, job!.Id, after, wait: true, timeout: 10, deadline.Token);
            states.AddRange(page.Events.Select(e => e.State));
            after = page.Last;
        }

        Assert.Equal([JobState.Submitted, JobState.Planning], states);
        var planned = await ApiJson.GetJobAsync(silo.Http, job!.Id);
        Assert.Equal((JobState.Planning, 0, 1), (planned.State, planned.TasksDone, planned.TasksTotal));
        Assert.True(silo.Host.Coordinator!.IsHeld);
    }

    [Fact]
    public async Task OfTwoSilosOnOneSqliteFileOneCoordinatesAndTheOtherTakesOverWhenItStops()
    {
        using var folder = new TempFolder();
        var first = await TestSilo.StartAsync(SiloRoles.Coordinator, TestSilo.Options(SiloRoles.Coordinator, folder.Path, "first"));
        await using var firstCleanup = first;
        await new RoleBarrier(first.Host.Coordinator!).Held.WaitAsync(ApiJson.Deadline);

        await using var second = await TestSilo.StartAsync(SiloRoles.Coordinator, TestSilo.Options(SiloRoles.Coordinator, folder.Path, "second"));
        var secondRole = new RoleBarrier(second.Host.Coordinator!);
        await secondRole.StandingBy.WaitAsync(ApiJson.Deadline);
        Assert.True(first.Host.Coordinator!.IsHeld);
        Assert.False(second.Host.Coordinator!.IsHeld);

        await first.Host.StopAsync();
        Assert.False(first.Host.Coordinator.IsHeld);
        await secondRole.Held.WaitAsync(ApiJson.Deadline);
        Assert.True(second.Host.Coordinator.IsHeld);
        Assert.Contains(first.Logs.Lines, l => l.Contains("coordinator: gave up the coordinator lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStoppedSiloRemovesItsRegistryRow()
    {
        using var folder = new TempFolder();
        var options = TestSilo.Options(SiloRoles.Api, folder.Path, "leaving");
        var silo = await TestSilo.StartAsync(SiloRoles.Api, options);
        var store = silo.Host.Store;
        Assert.Equal(["leaving"], (await store.ListSilosAsync(CancellationToken.None)).Select(s => s.Id.Value));

        await silo.DisposeAsync();

        await using var reopened = await options.Store.OpenAsync(CancellationToken.None);
        Assert.Empty(await reopened.ListSilosAsync(CancellationToken.None));
    }
}
