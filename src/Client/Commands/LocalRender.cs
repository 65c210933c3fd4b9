using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Client.Commands;

/// <summary>
/// What `stylefarm render` runs: the job on an <see cref="EmbeddedFarm"/> (one Orleans silo in this process with the
/// farm's job, shot and dispatcher grains, their state as files in the workspace, and one <see cref="Worker"/>), with a
/// folder artifact store in the workspace, so one machine runs the farm's code path. A render stopped by Ctrl-C or a kill leaves its job in the
/// workspace; the same job run again resumes it (finished tasks and committed frames are kept, a stylize task
/// continues after its last committed frame), while any other job, or the same one on another device or with
/// other network weights, starts over. The workspace is removed when the render succeeds, and when it fails
/// before anything was planned.
/// </summary>
/// <param name="workspace">The workspace folder (created if needed; only the entries this class makes are ever removed).</param>
/// <param name="models">Installed network weights.</param>
/// <param name="device">"cpu" or "cuda:N".</param>
/// <param name="log">Receives one line per event worth telling the user.</param>
/// <param name="note">Receives warnings that are not the render's output (the random-weights note); default <paramref name="log"/>.</param>
public sealed class LocalRender(string workspace, ModelStore models, string device, Action<string> log, Action<string>? note = null)
{
    private const string GrainsFolder = "grains";
    private const string JobFile = "job.txt";
    private const string MachineFile = "machine.txt";
    // The SQLite task store's files are those of a workspace left by an earlier version: removed like the rest.
    private static readonly string[] Entries = [GrainsFolder, JobFile, "tasks.db", "tasks.db-wal", "tasks.db-shm", "artifacts", "silo", MachineFile];

    /// <summary>Frames the job's sweeps run in all (frames × passes, plus halos) and how many of them an earlier run finished; raised once the job is planned.</summary>
    public event Action<int, int>? Planned;

    /// <summary>Raised, on the computing thread, as frames progress.</summary>
    public event Action<RenderProgress>? Progress;

    // Objective evaluations of the frames this run optimised (not those a resumed render took from its workspace): the cost bench/quality.sh prints.
    private long _evaluations;

    /// <summary>The workspace used when none is given: a hidden folder beside <paramref name="output"/>.</summary>
    public static string DefaultWorkspace(string output)
    {
        var full = Path.GetFullPath(output);
        var name = Path.GetFileName(full).Replace('%', '_');
        return Path.Combine(Path.GetDirectoryName(full)!, $".{name}.stylefarm-work");
    }

    /// <summary>Renders <paramref name="spec"/> (local paths) to its output.</summary>
    /// <exception cref="JobRejectedException">The job or the device cannot run here (checked before the workspace is made).</exception>
    /// <exception cref="InvalidOperationException">The job failed; the message is its error.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the job stays in the workspace, to be resumed.</exception>
    public async Task RunAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        // Everything a rerun could not fix is refused here, before the workspace exists.
        RenderDevice.Check(device);
        // The output must not be a source: said first, as it is what the user must change.
        SameFile.RefuseOutputOverSources(spec);
        var settings = await JobPreflight.CheckAsync(spec, new PreflightOptions { Silos = [Capabilities], SiloWord = "worker on this machine" }, cancellationToken).ConfigureAwait(false);
        // Found before any planning: the output's folder must take new files.
        if (!LocalPaths.IsUri(spec.Output)) OutputPlace.CheckWritable(spec.Output);
        var held = WorkspaceLock.Take(workspace, spec.Output);
        try
        {
            await RunLockedAsync(spec, settings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            held.Dispose();
            // The lock's files were the last entries of a workspace the render emptied: it goes too.
            if (Directory.Exists(workspace) && !Directory.EnumerateFileSystemEntries(workspace).Any()) Directory.Delete(workspace);
        }
    }

    private async Task RunLockedAsync(JobSpec spec, JobSettings settings, CancellationToken cancellationToken)
    {
        if (spec.Method == StylizationMethod.Optimization && models.TryGet("vgg19") is null)
            (note ?? log)("note: no vgg19 weights installed (run `stylefarm models install vgg19 PATH|URL`); using a seeded random-weight VGG-19 (texture synthesis works, artistic quality is lower)");
        // Frames computed on another device or with other weights would not continue these: such a workspace starts over.
        var machine = $"device {device}\nweights {WeightsIdentity(spec)}\n";
        if (Directory.Exists(workspace) && ReadMachine() != machine) RemoveOurs();
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, MachineFile), machine);

        var (job, planned, metrics, permanent) = await RunInWorkspaceAsync(spec, settings, cancellationToken).ConfigureAwait(false);
        if (job.State == JobState.Succeeded)
        {
            RemoveOurs();
            log($"{spec.Output}: {job.Plan!.FrameCount} stylized frames");
            // Only shots cut into segments have seams; the figure tells whether the cut shows (ALGORITHMS.md §8).
            if (metrics?.SeamError is { Ratio: not null } seams) log($"seams: {seams} (1 is invisible)");
            log($"objective evaluations: {Interlocked.Read(ref _evaluations)} (frames optimised by this run)");
            return;
        }
        var error = job.Error ?? $"the job ended {job.State}";
        if (!planned)
        {
            RemoveOurs(); // nothing was done: leave nothing behind
            throw new InvalidOperationException(error);
        }
        if (permanent)
        {
            RemoveOurs(); // a rerun would fail the same way: its frames are of no use
            throw new InvalidOperationException($"{error} (a rerun would fail the same way: fix that, then render again)");
        }
        throw new InvalidOperationException($"{error} (the finished frames are kept in the render's resume state: run the same command again to resume)");
    }

    private async Task<(Job Job, bool Planned, JobMetrics? Metrics, bool Permanent)> RunInWorkspaceAsync(JobSpec spec, JobSettings settings, CancellationToken cancellationToken)
    {
        var farm = await StartFarmAsync(cancellationToken).ConfigureAwait(false);
        var previous = await PreviousJobAsync(farm).ConfigureAwait(false);
        if (previous is null || previous.State == JobState.Succeeded || !previous.Spec.IsSameJobAs(spec))
        {
            // Another job's workspace (or a finished one's that was not removed): start over.
            await farm.DisposeAsync().ConfigureAwait(false);
            RemoveOurs(keep: MachineFile);
            farm = await StartFarmAsync(cancellationToken).ConfigureAwait(false);
            previous = null;
        }
        await using (farm.ConfigureAwait(false))
        {
            var job = previous ?? await SubmitAsync(farm, spec).ConfigureAwait(false);
            if (previous is not null)
            {
                // A killed render's job still runs on paper: its lost attempt goes back to the queue when the worker first asks.
                if (previous.State is JobState.Failed or JobState.Cancelled) await farm.Job(job.Id).ResumeAsync().ConfigureAwait(false);
                log("resuming the render: finished tasks and frames are kept");
            }
            farm.Progress += (_, value) =>
            {
                if (value.FrameFinished) Interlocked.Add(ref _evaluations, value.Evaluations);
                Progress?.Invoke(value);
            };
            farm.OnPlanned = async planned =>
            {
                log(Describe(spec, settings, planned.Plan!));
                Planned?.Invoke(SweptFrames(spec, planned.Plan!), await DoneFramesAsync(farm, planned.Id, spec, planned.Plan!).ConfigureAwait(false));
            };
            EmbeddedRunResult result;
            try
            {
                result = await farm.RunAsync(job.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("needs a GPU", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{e.Message.Split(": ")[0]}: render without RequireGpu or with --device cuda:N; the job was cancelled", e);
            }
            return (result.Job, result.Job.Plan is not null, result.Metrics, result.FailureIsPermanent);
        }
    }

    // This machine's one worker: a GPU's memory is not known here, so only host memory bounds a CPU render.
    private WorkerCapabilities Capabilities => device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase)
        ? new WorkerCapabilities(1, long.MaxValue, long.MaxValue)
        : new WorkerCapabilities(0, 0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    private Task<EmbeddedFarm> StartFarmAsync(CancellationToken cancellationToken)
    {
        var options = new EmbeddedFarmOptions
        {
            SiloName = "render",
            Capabilities = Capabilities,
            Folder = Path.Combine(workspace, "silo"),
            StateFolder = Path.Combine(workspace, GrainsFolder),
            Lease = Lease,
            Device = device,
        };
        return EmbeddedFarm.StartAsync(options, new FolderArtifactStore(Path.Combine(workspace, "artifacts")), models, TimeProvider.System, null, cancellationToken);
    }

    // One machine, one worker: a failing task is retried once, soon, rather than four times over minutes.
    private static Grains.Leasing.LeaseOptions Lease { get; } = new()
    {
        MaxAttempts = 2, BackoffBase = TimeSpan.FromSeconds(1), BackoffCap = TimeSpan.FromSeconds(1), BlocklistAfterFailures = int.MaxValue,
    };

    private async Task<Job?> PreviousJobAsync(EmbeddedFarm farm)
    {
        var path = Path.Combine(workspace, JobFile);
        if (!File.Exists(path) || !JobId.TryParse(File.ReadAllText(path).Trim(), out var id)) return null;
        return await farm.Job(id).GetAsync().ConfigureAwait(false);
    }

    private async Task<Job> SubmitAsync(EmbeddedFarm farm, JobSpec spec)
    {
        var id = JobId.New(TimeProvider.System);
        File.WriteAllText(Path.Combine(workspace, JobFile), id + "\n");
        return await farm.Job(id).SubmitAsync(spec).ConfigureAwait(false);
    }

    /// <summary>The line that says what is being rendered, once the input is planned.</summary>
    private static string Describe(JobSpec spec, JobSettings settings, JobPlan plan)
    {
        var preset = settings.Preset;
        var segments = TaskGraphBuilder.Segments(spec, plan).Sum(s => s.Count);
        var where = $"{spec.Input}: frames {plan.Frames.Start}:{plan.Frames.End} at {plan.Width}x{plan.Height}, {plan.Shots.Count} shot(s)" +
                    (segments > plan.Shots.Count ? $" in {segments} segments (L = {spec.SegmentLength}, h = {spec.Halo})" : "");
        if (settings.Method == StylizationMethod.Network)
            return where + $", network {settings.Model}" + (settings.Independent ? ", every frame on its own" : $", prior from the previous frame ({spec.FlowMethod} flow)");
        return where +
               $", preset {preset.Name}" +
               (settings.Independent ? ", independent frames" : $", {spec.Passes} pass(es), long-term {{{string.Join(",", preset.LongTermOffsets)}}}") +
               (settings.MatchColors ? ", colours matched" : "");
    }

    // Every frame each stylize task's sweep runs (halo frames included), for a progress bar that ends at its end.
    private static int SweptFrames(JobSpec spec, JobPlan plan) => StylizeTasks(spec, plan).Sum(t => t.Frames);

    // The frames of the stylize tasks an earlier run finished.
    private static async Task<int> DoneFramesAsync(EmbeddedFarm farm, JobId job, JobSpec spec, JobPlan plan)
    {
        var succeeded = (await farm.TasksAsync(job).ConfigureAwait(false)).Where(t => t.State == TaskState.Succeeded).Select(t => t.Id).ToHashSet();
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

    // The weights the frames depend on: VGG-19's for optimisation, the model file's for a network job.
    private string WeightsIdentity(JobSpec spec)
    {
        var path = spec.Method == StylizationMethod.Network ? spec.StyleImages[0] : models.TryGet("vgg19");
        if (path is null) return "seeded random VGG-19";
        var file = new FileInfo(path);
        return file.Exists ? $"{file.FullName} {file.Length} bytes {file.LastWriteTimeUtc:O}" : $"{file.FullName} (missing)";
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
