using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Dashboard;

// No page carries the time it was read: a live stream pushes a page only when its content changed.

/// <summary>What the farm page shows.</summary>
/// <param name="Silos">Every silo in the membership table, alive first.</param>
/// <param name="QueueWaiting">Tasks ready and waiting for a worker.</param>
/// <param name="QueueRunning">Tasks running on workers.</param>
/// <param name="FramesPerMinute">Frames stylized in each of the last minutes, oldest first (a task's frames count in the minute it committed).</param>
public sealed record FarmPage(IReadOnlyList<SiloRow> Silos, int QueueWaiting, int QueueRunning, IReadOnlyList<int> FramesPerMinute);

/// <summary>One silo on the farm page.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Roles">Its roles, comma-separated.</param>
/// <param name="Device">"cpu" or how many GPUs its worker offers.</param>
/// <param name="GpuMemoryBytes">Memory of one GPU (0 without).</param>
/// <param name="Alive">Whether membership counts it active.</param>
/// <param name="Current">The task it runs now; null when idle.</param>
/// <param name="TasksDone">Tasks it committed, over the jobs the farm lists.</param>
/// <param name="Failures">Tasks whose latest attempt failed on it.</param>
public sealed record SiloRow(string Name, string Roles, string Device, long GpuMemoryBytes, bool Alive, RunningTask? Current, int TasksDone, int Failures);

/// <summary>A task running on a silo.</summary>
/// <param name="Job">Its job's id.</param>
/// <param name="Key">Its key within the job.</param>
/// <param name="Kind">What it does.</param>
/// <param name="StartedAt">When its attempt began.</param>
/// <param name="FramesDone">Frames of its pass committed so far (stylize tasks; 0 for the others).</param>
/// <param name="FramesTotal">Frames its pass stylizes (0 for other kinds).</param>
public sealed record RunningTask(string Job, string Key, TaskKind Kind, DateTimeOffset? StartedAt, int FramesDone, int FramesTotal);

/// <summary>What the jobs page shows.</summary>
/// <param name="Jobs">Every job, newest first.</param>
public sealed record JobsPage(IReadOnlyList<JobRow> Jobs);

/// <summary>One job on the jobs page.</summary>
/// <param name="Id">Its id.</param>
/// <param name="State">Where it is.</param>
/// <param name="Input">Its input (a URL without its query).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="Rates">Progress, throughput and ETA; null for a job whose tasks could not be read.</param>
/// <param name="SeamRatio">Seam error ÷ inside error of the finished output; null until measured.</param>
public sealed record JobRow(string Id, JobState State, string Input, DateTimeOffset SubmittedAt, JobRates? Rates, double? SeamRatio);

/// <summary>A job's progress as its tasks tell it.</summary>
/// <param name="FramesDone">Output frames whose last pass succeeded.</param>
/// <param name="FramesTotal">Output frames; null before the plan.</param>
/// <param name="ElapsedSeconds">Whole seconds since submission (until the job finished, for a finished job).</param>
/// <param name="FrameWorkDone">Frames stylized over all passes (halo frames included), by succeeded tasks.</param>
/// <param name="FrameWorkTotal">Frames all its stylize tasks will stylize.</param>
/// <param name="SecondsPerFrame">Measured: task-seconds of succeeded stylize tasks per frame they stylized; null before the first.</param>
/// <param name="FramesPerMinute">Measured: frames stylized per wall-clock minute since the first stylize task began; null before the first committed.</param>
/// <param name="EtaSeconds">Remaining frame work at the measured rate; null when not running or not yet measured.</param>
public sealed record JobRates(int FramesDone, int? FramesTotal, double ElapsedSeconds, int FrameWorkDone, int FrameWorkTotal, double? SecondsPerFrame,
    double? FramesPerMinute, double? EtaSeconds);

/// <summary>What the job page shows.</summary>
/// <param name="Job">The job as the API shows it.</param>
/// <param name="Rates">Progress, throughput and ETA.</param>
/// <param name="Grid">Shots × segments, each cell with its passes.</param>
/// <param name="Timeline">Per silo, its attempts at this job's tasks.</param>
/// <param name="Running">Each running stylize task with its latest frame.</param>
/// <param name="Events">The latest events, oldest first.</param>
/// <param name="Errors">Tasks whose last attempt failed, with the error.</param>
/// <param name="Quality">Per-pair temporal error and seam ratio; null until the encode measured them.</param>
/// <param name="Actions">Which actions the job's state allows.</param>
public sealed record JobPage(JobView Job, JobRates Rates, IReadOnlyList<GridShot> Grid, IReadOnlyList<SiloLane> Timeline,
    IReadOnlyList<RunningSegment> Running, IReadOnlyList<JobEventView> Events, IReadOnlyList<TaskErrorRow> Errors, JobQuality? Quality, JobActions Actions);

/// <summary>One shot's row of the grid.</summary>
public sealed record GridShot(int Shot, IReadOnlyList<GridCell> Segments);

/// <summary>One segment of the grid.</summary>
/// <param name="Segment">Its index in the shot.</param>
/// <param name="FirstFrame">The first frame of its core.</param>
/// <param name="EndFrame">The frame its core stops before.</param>
/// <param name="PassesDone">Passes 1..n that succeeded.</param>
/// <param name="PassRunning">The pass running now; null when none.</param>
/// <param name="Failed">Whether one of its tasks failed.</param>
public sealed record GridCell(int Segment, int FirstFrame, int EndFrame, int PassesDone, int? PassRunning, bool Failed);

/// <summary>One silo's lane of the timeline.</summary>
public sealed record SiloLane(string Silo, IReadOnlyList<TimelineBar> Bars);

/// <summary>One attempt on the timeline (the latest of its task).</summary>
/// <param name="Key">The task.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Start">When the attempt began.</param>
/// <param name="End">When it ended; null while it runs.</param>
/// <param name="State">The task's state.</param>
public sealed record TimelineBar(string Key, TaskKind Kind, DateTimeOffset Start, DateTimeOffset? End, TaskState State);

/// <summary>A running stylize task with its newest committed frame.</summary>
/// <param name="Key">The task.</param>
/// <param name="Shot">Its shot.</param>
/// <param name="Segment">Its segment.</param>
/// <param name="Pass">Its pass.</param>
/// <param name="Silo">Where it runs.</param>
/// <param name="FramesDone">Frames of this attempt committed.</param>
/// <param name="FramesTotal">Frames the pass stylizes.</param>
/// <param name="LatestFrame">The newest committed frame; null before the first.</param>
/// <param name="StylizedThumb">URL of the newest frame's thumbnail; null before the first.</param>
/// <param name="InputThumb">URL of the same input frame's thumbnail; null before the first.</param>
public sealed record RunningSegment(string Key, int Shot, int Segment, int Pass, string? Silo, int FramesDone, int FramesTotal, int? LatestFrame,
    string? StylizedThumb, string? InputThumb);

/// <summary>A task whose last attempt failed.</summary>
public sealed record TaskErrorRow(string Key, TaskState State, int Attempts, string? Silo, string Error);

/// <summary>The finished output's temporal error.</summary>
/// <param name="SeamRatio">Seam pairs' mean error ÷ inside pairs' mean error; null without seams.</param>
/// <param name="Pairs">Each consecutive pair's error, by its earlier frame.</param>
public sealed record JobQuality(double? SeamRatio, IReadOnlyList<Execution.FramePairError> Pairs);

/// <summary>What the job's state allows (the page greys the rest out).</summary>
public sealed record JobActions(bool Cancel, bool Resume, bool RetryFailed);
