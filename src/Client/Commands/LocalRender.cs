using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Storage.Tasks;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Client.Commands;

/// <summary>
/// What `stylefarm render` runs: the job on an <see cref="EmbeddedFarm"/> (the farm's coordinator and one
/// worker, in this process) over a SQLite task store and a folder artifact store in the workspace folder, so
/// one machine runs the farm's code path. A render stopped by Ctrl-C or a kill leaves its job in the
/// workspace; the same job run again resumes it (finished tasks and committed frames are kept, a stylize task
/// continues after its last committed frame), while any other job, or the same one on another device or with
/// other network weights, starts over. The workspace is removed when the render succeeds, and when it fails
/// before anything was planned.
/// </summary>
/// <param name="workspace">The workspace folder (created if needed; only the entries this class makes are ever removed).</param>
/// <param name="models">Installed network weights.</param>
/// <param name="device">"cpu" or "cuda:N".</param>
/// <param name="log">Receives one line per event worth telling the user.</param>
public sealed class LocalRender(string workspace, ModelStore models, string device, Action<string> log)
{
    private const string TaskStoreFile = "tasks.db";
    private const string MachineFile = "machine.txt";
    private static readonly string[] Entries = [TaskStoreFile, TaskStoreFile + "-wal", TaskStoreFile + "-shm", "artifacts", "silo", MachineFile];

    /// <summary>Frames the job's sweeps run in all (frames × passes, plus halos) and how many of them an earlier run finished; raised once the job is planned.</summary>
    public event Action<int, int>? Planned;

    /// <summary>Raised, on the computing thread, as frames progress.</summary>
    public event Action<RenderProgress>? Progress;

    /// <summary>The workspace used when none is given: a hidden folder beside <paramref name="output"/>.</summary>
    public static string DefaultWorkspace(string output)
    {
        var full = Path.GetFullPath(output);
        var name = Path.GetFileName(full).Replace('%', '_');
        return Path.Combine(Path.GetDirectoryName(full)!, $".{name}.stylefarm-work");
    }

    /// <summary>Renders <paramref name="spec"/> (local paths) to its output.</summary>
    /// <exception cref="PermanentTaskException">The job's settings are invalid.</exception>
    /// <exception cref="InvalidOperationException">The job failed; the message is its error.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job stays in the workspace, to be resumed.</exception>
    public async Task RunAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        spec.Validate();
        var settings = JobSettings.Resolve(spec); // bad settings fail before anything is written
        if (models.TryGet("vgg19") is null)
            log("note: no vgg19 weights installed (run `stylefarm models install vgg19 PATH|URL`); using a seeded random-weight VGG-19 (texture synthesis works, artistic quality is lower)");
        // Frames computed on another device or with other weights would not continue these: such a workspace starts over.
        var machine = $"device {device}\nweights {WeightsIdentity()}\n";
        if (Directory.Exists(workspace) && ReadMachine() != machine) RemoveOurs();
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, MachineFile), machine);

        var (result, planned) = await RunInWorkspaceAsync(spec, settings, cancellationToken).ConfigureAwait(false);
        if (result.Job.State == JobState.Succeeded)
        {
            RemoveOurs();
            log($"{spec.Output}: {result.Job.Plan!.FrameCount} stylized frames");
            // Only shots cut into segments have seams; the figure tells whether the cut shows (ALGORITHMS.md §8).
            if (result.Metrics?.SeamError is { Ratio: not null } seams) log($"seams: {seams} (1 is invisible)");
            return;
        }
        var error = result.Job.Error ?? $"the job ended {result.Job.State}";
        if (!planned)
        {
            RemoveOurs(); // nothing was done: leave nothing behind
            throw new InvalidOperationException(error);
        }
        throw new InvalidOperationException($"{error} (finished frames stay in {workspace}: run the same command again to resume)");
    }

    private async Task<(EmbeddedRunResult Result, bool Planned)> RunInWorkspaceAsync(JobSpec spec, JobSettings settings, CancellationToken cancellationToken)
    {
        var store = await SqliteTaskStore.OpenAsync(Path.Combine(workspace, TaskStoreFile), cancellationToken).ConfigureAwait(false);
        var previous = (await store.ListJobsAsync(Enum.GetValues<JobState>(), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(j => j.State != JobState.Succeeded && j.Spec.IsSameJobAs(spec));
        if (previous is null)
        {
            // Another job's workspace (or a finished one's that was not removed): start over.
            await store.DisposeAsync().ConfigureAwait(false);
            RemoveOurs(keep: MachineFile);
            store = await SqliteTaskStore.OpenAsync(Path.Combine(workspace, TaskStoreFile), cancellationToken).ConfigureAwait(false);
        }
        await using (store.ConfigureAwait(false))
        {
            var farm = EmbeddedFarm.Over(FarmOptions(), store, new FolderArtifactStore(Path.Combine(workspace, "artifacts")), models, TimeProvider.System);
            farm.Progress += (_, value) => Progress?.Invoke(value);
            farm.WorkerError += e => log($"warning: the worker could not ask the task store for work ({e.Message}); retrying");
            Job job;
            if (previous is null) job = await farm.Coordinator.SubmitAsync(spec, cancellationToken).ConfigureAwait(false);
            else
            {
                // A killed render's job is still running on paper, its task leased by a process that is gone: take it back first.
                if (JobStateMachine.Active.Contains(previous.State))
                    await farm.Coordinator.CancelAsync(previous.Id, cancellationToken).ConfigureAwait(false);
                job = await farm.Coordinator.ResumeAsync(previous.Id, cancellationToken).ConfigureAwait(false);
                log($"resuming the render in {workspace}: finished tasks and frames are kept");
            }
            var announced = 0;
            void Announce(JobPlan plan, int done)
            {
                if (Interlocked.Exchange(ref announced, 1) == 1) return;
                log(Describe(spec, settings, plan));
                Planned?.Invoke(SweptFrames(spec, plan), done);
            }
            farm.TaskFinished += r =>
            {
                if (r.Outcome?.Plan is { } plan) Announce(plan, 0);
            };
            if (job.Plan is { } known) Announce(known, await DoneFramesAsync(store, job.Id, spec, known).ConfigureAwait(false));
            var result = await farm.RunAsync(job.Id, cancellationToken).ConfigureAwait(false);
            return (result, result.Job.Plan is not null);
        }
    }

    // One machine, one worker, the device asked for. The farm's memory model would refuse a large render that this
    // machine may well manage (one machine renders what it is asked to, as far as it can), and a failing task is
    // retried once, soon, rather than four times over minutes.
    private EmbeddedFarmOptions FarmOptions()
    {
        var gpu = device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase);
        return new EmbeddedFarmOptions
        {
            Workers = 1,
            Folder = Path.Combine(workspace, "silo"),
            Device = device,
            Capabilities = new WorkerCapabilities(gpu ? 1 : 0, gpu ? long.MaxValue : 0, long.MaxValue),
            Lease = new Grains.Leasing.LeaseOptions { MaxAttempts = 2, BackoffBase = TimeSpan.FromSeconds(1), BackoffCap = TimeSpan.FromSeconds(1) },
            PollInterval = TimeSpan.FromSeconds(1),
        };
    }

    /// <summary>The line that says what is being rendered, once the input is planned.</summary>
    private static string Describe(JobSpec spec, JobSettings settings, JobPlan plan)
    {
        var preset = settings.Preset;
        var segments = TaskGraphBuilder.Segments(spec, plan).Sum(s => s.Count);
        return $"{spec.Input}: frames {plan.Frames.Start}:{plan.Frames.End} at {plan.Width}x{plan.Height}, {plan.Shots.Count} shot(s)" +
               (segments > plan.Shots.Count ? $" in {segments} segments (L = {spec.SegmentLength}, h = {spec.Halo})" : "") +
               $", preset {preset.Name}" +
               (settings.Independent ? ", independent frames" : $", {spec.Passes} pass(es), long-term {{{string.Join(",", preset.LongTermOffsets)}}}") +
               (settings.MatchColors ? ", colours matched" : "");
    }

    // Every frame each stylize task's sweep runs (halo frames included), for a progress bar that ends at its end.
    private static int SweptFrames(JobSpec spec, JobPlan plan) => StylizeTasks(spec, plan).Sum(t => t.Frames);

    // The frames of the stylize tasks an earlier run finished.
    private static async Task<int> DoneFramesAsync(SqliteTaskStore store, JobId job, JobSpec spec, JobPlan plan)
    {
        var succeeded = (await store.ListTasksAsync(job, CancellationToken.None).ConfigureAwait(false))
            .Where(t => t.State == TaskState.Succeeded).Select(t => t.Id).ToHashSet();
        return StylizeTasks(spec, plan).Where(t => succeeded.Contains(TaskId.Stylize(job, t.Segment.Shot, t.Segment.Index, t.Pass))).Sum(t => t.Frames);
    }

    // Each stylize task of the job (segment and pass) with the frames its sweep runs.
    private static IEnumerable<(Segment Segment, int Pass, int Frames)> StylizeTasks(JobSpec spec, JobPlan plan)
    {
        var schedule = new PassSchedule(spec.Passes);
        return TaskGraphBuilder.Segments(spec, plan).SelectMany(s => s)
            .SelectMany(segment => Enumerable.Range(1, spec.Passes)
                .Select(pass => (segment, pass, SweepPlan.Frames(segment, schedule.DirectionOf(pass), spec.Passes, schedule.Chains(pass)).Count)));
    }

    private string WeightsIdentity()
    {
        var path = models.TryGet("vgg19");
        if (path is null) return "seeded random VGG-19";
        var file = new FileInfo(path);
        return $"{file.FullName} {file.Length} bytes {file.LastWriteTimeUtc:O}";
    }

    private string? ReadMachine()
    {
        var path = Path.Combine(workspace, MachineFile);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    // Only what a render made: a workspace given with --workspace may hold the user's own files.
    private void RemoveOurs(string? keep = null)
    {
        if (!Directory.Exists(workspace)) return;
        foreach (var name in Entries.Where(e => e != keep))
        {
            var path = Path.Combine(workspace, name);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        if (keep is null && !Directory.EnumerateFileSystemEntries(workspace).Any()) Directory.Delete(workspace);
    }
}
