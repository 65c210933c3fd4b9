using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>A worker whose lease is taken back stops its task and commits nothing; the task runs again elsewhere.</summary>
public sealed class LeaseLossTests : IDisposable
{
    private readonly TestFarm _farm = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ALostLeaseStopsTheTaskWithoutCommittingItAndTheNextAttemptCommits()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 3);
        var coordinator = new Coordinator(_farm.Store, new TaskGraphBuilder(new TaskGraphOptions()), _clock);
        var services = _farm.Services();
        using var models = new StyleModels(_farm.Models, TorchSharp.torch.CPU);
        var worker = new Worker.Worker(new WorkerOptions { Silo = new SiloId("silo-a"), Lease = TestFarm.QuickLeases, CacheFolder = services.Cache.Folder },
            _farm.Store, new StoreJobReader(_farm.Store), TaskExecutors.Create(services, models), services.Cache, _clock);
        var job = await coordinator.SubmitAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 24, halo: 4), CancellationToken.None);
        foreach (var kind in new[] { TaskKind.Plan, TaskKind.Flow })
        {
            await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
            Assert.Equal((kind, TaskRunStatus.Committed), ((await worker.RunOnceAsync(CancellationToken.None))!.Task.Kind, TaskRunStatus.Committed));
        }
        await coordinator.AdvanceAsync(job.Id, CancellationToken.None);
        var stylize = TaskId.Stylize(job.Id, 0, 0, 1);
        var retry = new RetryPolicy(TestFarm.QuickLeases);
        var takenBack = false;
        worker.Progress += (task, progress) =>
        {
            if (!progress.FrameFinished || takenBack) return;
            takenBack = true;
            // The sweeper takes the lease back (as if this silo had gone silent); the next heartbeat learns of it.
            var leased = _farm.Store.TaskOf(task);
            Assert.True(_farm.Store.ExpireAsync(retry.OnFailure(leased, FailureCause.SiloDead, "silo-a went silent", _clock.GetUtcNow()),
                leased.Lease!.ExpiresAt, CancellationToken.None).Result);
            _clock.Advance(TestFarm.QuickLeases.HeartbeatInterval);
        };

        var lost = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal((stylize, TaskRunStatus.LeaseLost), (lost!.Task, lost.Status));
        var afterLoss = _farm.Store.TaskOf(stylize);
        Assert.Equal((TaskState.Ready, 1, "silo-a went silent"), (afterLoss.State, afterLoss.Attempts, afterLoss.LastError));
        var frames = $"{ArtifactKey.JobPrefix(job.Id)}shots/0000/segments/0000/pass/01/";
        Assert.True(await _farm.Artifacts.ListAsync(frames).CountAsync() < 3, "the task ran to its end after its lease was lost");

        _clock.Advance(TestFarm.QuickLeases.BackoffCap);
        var again = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal((stylize, TaskRunStatus.Committed), (again!.Task, again.Status));
        Assert.Equal(TaskState.Succeeded, _farm.Store.TaskOf(stylize).State);
        Assert.Equal(3, await _farm.Artifacts.ListAsync(frames).CountAsync());
    }

    public void Dispose() => _farm.Dispose();
}
