using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.StateMachines;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>The domain's records as grain messages and state carry them between silos (JSON through Orleans' serializer).</summary>
public sealed class GrainSerializationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly Serializer _serializer = new ServiceCollection().AddStyleFarmSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void APlanTasksAndAttemptsCrossSilosUnchanged()
    {
        var id = JobId.New(TimeProvider.System);
        var plan = Samples.Plan();
        var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(id, Samples.Spec(), plan);
        var stylize = graph.Tasks.First(t => t.Kind == TaskKind.Stylize && t.Pass == 2);
        var leased = TaskRecord.New(stylize, DateTimeOffset.UnixEpoch).MoveTo(TaskState.Ready, DateTimeOffset.UnixEpoch) is var ready
            ? AttemptRules.Begin(ready, LeaseToken.New(), "silo-1", DateTimeOffset.UnixEpoch.AddSeconds(1))
            : null!;

        var planBack = RoundTrip(new AttemptResult { Task = TaskId.Plan(id), Token = LeaseToken.New(), Plan = plan }).Plan!;
        var grantBack = RoundTrip(new WorkGrant { Task = leased, Token = leased.Lease!.Token });

        Assert.Equal(plan.Shots, planBack.Shots);
        Assert.Equal(new FrameRange(6, 10), planBack.Shots[1].Frames);
        Assert.Equal(plan.IterationsPerPass, planBack.IterationsPerPass);
        Assert.Equal(leased.Spec.Id, grantBack.Task.Spec.Id);
        Assert.Equal(leased.Spec.Dependencies, grantBack.Task.Spec.Dependencies);
        Assert.Equal(leased.Spec.Segment, grantBack.Task.Spec.Segment);
        Assert.Equal(leased.Lease, grantBack.Task.Lease);
        Assert.Equal(new SiloId("silo-1"), grantBack.Task.Lease!.Silo);
        Assert.Equal((leased.State, leased.Spec.CriticalPath), (grantBack.Task.State, grantBack.Task.Spec.CriticalPath));
    }

    [Fact]
    public void AJobSpecWithItsOverridesCrossesUnchanged()
    {
        var spec = Samples.Spec() with { Parameters = new Dictionary<string, string> { ["style_weight"] = "200" }, LongTermOffsets = [1, 10], EndFrame = 24 };
        var job = new Job(JobId.New(TimeProvider.System), spec, JobState.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Samples.Plan());

        var back = RoundTrip(new JobGrainState { Job = job }).Job!;

        Assert.True(back.Spec.IsSameJobAs(spec));
        Assert.Equal((job.Id, job.State, job.Plan!.FrameCount), (back.Id, back.State, back.Plan!.FrameCount));
    }

    [Fact]
    public void AGrainsRefusalCrossesAsAnInvalidOperationWithItsMessage()
    {
        // The API answers 409 with the message for an InvalidOperationException from the job grain (cancel of a finished job).
        // Thrown, as the grain throws it: a thrown exception carries its stack and the method that threw.
        Exception refusal;
        try
        {
            throw new IllegalTransitionException("job", "Succeeded", "Cancelled", "job j-1 is Succeeded: it cannot move to Cancelled");
        }
        catch (IllegalTransitionException e)
        {
            refusal = e;
        }

        var back = RoundTrip(refusal);

        Assert.IsAssignableFrom<InvalidOperationException>(back);
        Assert.Equal(refusal.Message, back.Message);
    }

    [Fact]
    public void TheDispatchersStoredAttemptsComeBackUnchanged_InAbout80BytesAnAttempt()
    {
        var job = JobId.New(TimeProvider.System);
        var since = new DateTimeOffset(2026, 12, 7, 6, 30, 0, 123, TimeSpan.Zero).AddTicks(4567);
        // 3 silos, 100 attempts each (a stylize task per executor), as a farm's dispatcher holds them.
        var attempts = Enumerable.Range(0, 300).Select(i => new HeldAttempt
        {
            Task = TaskId.Stylize(job, i / 10, i % 10, 1 + i % 3), Token = LeaseToken.New(), Silo = $"gpu-{i % 3}",
            SiloAddress = $"10.0.0.{i % 3}:11111@1234567{i % 3}", Since = since.AddSeconds(i),
        }).ToList();
        var state = new DispatcherGrainState
        {
            Jobs = [job], Stamps = new() { [job] = new AppliedJobStamp(2, since) }, Attempts = PersistedAttempts.Of(attempts),
        };

        var bytes = _serializer.SerializeToArray(state);
        var back = _serializer.Deserialize<DispatcherGrainState>(bytes)!;

        Assert.Equal(attempts.OrderBy(a => a.Token.Value), PersistedAttempts.Restore(back.Attempts).OrderBy(a => a.Token.Value));
        Assert.Equal(3, back.Attempts.Count);
        Assert.Equal(new AppliedJobStamp(2, since), back.Stamps[job]);
        output.WriteLine($"{attempts.Count} attempts on 3 silos: {bytes.Length:N0} B, {bytes.Length / attempts.Count} B an attempt");
        Assert.InRange(bytes.Length / attempts.Count, 40, 90);
    }

    private T RoundTrip<T>(T value) => _serializer.Deserialize<T>(_serializer.SerializeToArray(value))!;
}
