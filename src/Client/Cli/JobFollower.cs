using StyleFarm.Client.Api;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Cli;

/// <summary>
/// Follows a job until it ends: its history through the events long poll and its progress (frames, or a training job's
/// iterations) with the rate measured while watching after each page, shown on an
/// <see cref="IWatchView"/>; reads ride out an API that went away for a while (<see cref="ApiReconnect"/>).
/// </summary>
public sealed class JobFollower(StyleFarmClient client, JobId id, WatchOptions options, TimeProvider time)
{
    /// <summary>Shows the job on <paramref name="view"/> until it is no longer active; returns its last view.</summary>
    public async Task<JobView> FollowAsync(IWatchView view, CancellationToken cancellationToken)
    {
        var reconnect = new ApiReconnect(options, time, view.Note);
        var rate = new WorkRate();
        long after = 0;
        while (true)
        {
            var page = await reconnect.ReadAsync(() => client.EventsAsync(id, after, options.Refresh, cancellationToken), cancellationToken);
            foreach (var e in page.Events) view.Event(e);
            after = page.Last;
            var job = await reconnect.ReadAsync(() => client.GetAsync(id, cancellationToken), cancellationToken);
            var progress = JobProgress.Of(job);
            // A training's rate counts from its first reported iteration: the task's start (networks, data) is no training time.
            if (progress.Training is not { Latest: null }) rate.Observe(time.GetUtcNow(), progress.Done);
            if (!JobStateMachine.Active.Contains(job.State))
            {
                // The event that ended the job may have come after the page above.
                var last = await reconnect.ReadAsync(() => client.EventsAsync(id, after, null, cancellationToken), cancellationToken);
                foreach (var e in last.Events) view.Event(e);
                view.Progress(job, progress, null);
                return job;
            }
            view.Progress(job, progress, rate.Eta(progress.Total - progress.Done), rate.PerSecond);
        }
    }
}
