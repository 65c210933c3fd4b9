using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>A worker whose attempt is taken back stops its task and commits nothing; the task runs again.</summary>
public sealed class TakenBackAttemptTests : IDisposable
{
    private readonly TestFarm _media = new();

    [Fact]
    public async Task ATakenBackAttemptStopsTheTaskWithoutCommittingItAndTheNextAttemptCommits()
    {
        var input = await ExecutionMedia.PanAsync(_media.PathOf("pan.mkv"), 3);
        await using var farm = await SteppedFarm.StartAsync(_media);
        var (worker, _, _) = farm.NewWorker("silo-a");
        var job = await farm.SubmitAsync(TestFarm.Spec(input, _media.PathOf("out.mkv"), passes: 1, segmentLength: 24, halo: 4));
        foreach (var kind in new[] { TaskKind.Plan, TaskKind.Flow })
            Assert.Equal((kind, TaskRunStatus.Committed), ((await SteppedFarm.RunNextAsync(worker)).Task.Kind, TaskRunStatus.Committed));
        var stylize = TaskId.Stylize(job, 0, 0, 1);
        using var stopped = new ManualResetEventSlim();
        worker.AttemptTakenBack += _ => stopped.Set();
        var takenBack = false;
        worker.Progress += (task, progress) =>
        {
            if (!progress.FrameFinished || takenBack) return;
            takenBack = true;
            AttemptTakeback.TakeBack(farm, task, "silo-a went silent");
            // The worker's next check of its attempt learns of it; the frame in progress must not finish before it does.
            farm.Clock.Advance(new WorkerOptions().HoldCheckInterval);
            Assert.True(stopped.Wait(TimeSpan.FromSeconds(30)), "the worker did not notice its attempt was taken back");
        };

        var lost = await SteppedFarm.RunNextAsync(worker);

        Assert.Equal((stylize, TaskRunStatus.LeaseLost), (lost.Task, lost.Status));
        var afterLoss = await farm.TaskAsync(stylize);
        Assert.Equal((TaskState.Ready, 1, "silo-a went silent"), (afterLoss.State, afterLoss.Attempts, afterLoss.LastError));
        var frames = $"{ArtifactKey.JobPrefix(job)}shots/0000/segments/0000/pass/01/";
        Assert.True(await _media.Artifacts.ListAsync(frames).CountAsync() < 3, "the task ran to its end after its attempt was taken back");

        var again = await SteppedFarm.RunNextAsync(worker);

        Assert.Equal((stylize, TaskRunStatus.Committed), (again.Task, again.Status));
        Assert.Equal(TaskState.Succeeded, (await farm.TaskAsync(stylize)).State);
        Assert.Equal(3, await _media.Artifacts.ListAsync(frames).CountAsync());
    }

    public void Dispose() => _media.Dispose();
}

/// <summary>What a silo's death does to an attempt, done by hand: its owner takes it back under the dispatcher's record of its token.</summary>
public static class AttemptTakeback
{
    /// <summary>Takes back the running attempt of <paramref name="task"/> (called on a computing thread, so it waits).</summary>
    public static void TakeBack(SteppedFarm farm, TaskId task, string reason)
    {
        var running = TaskOwners.Dispatcher(farm.Grains).RunningAsync(task.Job).GetAwaiter().GetResult();
        var attempt = running.Single(a => a.Task == task);
        Assert.True(TaskOwners.Of(farm.Grains, task).AbandonAsync(task, attempt.Token, reason).GetAwaiter().GetResult());
    }
}
