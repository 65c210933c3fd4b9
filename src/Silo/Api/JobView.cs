using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Api;

/// <summary>One job as <c>GET /api/jobs/{id}</c> and the job actions answer it. URLs show without their query (a SAS signature).</summary>
/// <param name="Id">The job id (32 hex digits).</param>
/// <param name="State">Where the job is.</param>
/// <param name="Input">The input it stylizes (a URL's query replaced by "?…").</param>
/// <param name="Output">Where its output goes (a URL's query replaced by "?…").</param>
/// <param name="Preset">The preset it runs with.</param>
/// <param name="Passes">Stylize passes.</param>
/// <param name="FirstFrame">The first input frame it renders.</param>
/// <param name="EndFrame">The input frame it stops before; null: the input's end.</param>
/// <param name="SegmentLength">Frames per segment (L; 2147483647 keeps shots whole).</param>
/// <param name="Halo">Frames of halo on each side of a segment (h).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="FramesDone">Frames whose last pass has succeeded.</param>
/// <param name="FramesTotal">Frames of the input; null until the plan task has probed it.</param>
/// <param name="TasksDone">Tasks that succeeded.</param>
/// <param name="TasksTotal">Tasks created so far (the whole graph once the job runs).</param>
/// <param name="Error">Why it failed; null unless Failed.</param>
/// <param name="SeamRatio">Seam error ÷ inside error of the finished output (1 = invisible seams); null until measured.</param>
/// <param name="FramesDoneByPass">Per pass, from pass 1: frames whose pass succeeded (a multi-pass job's last pass comes last, so <see cref="FramesDone"/> stays 0 until then).</param>
/// <param name="Training">A training job's iteration, last loss terms, loss curve and, once stored, its model's reference (job:JOB/NAME for `submit --method network --model`); null for a render (never for a training job: iteration 0 until its task reports).</param>
/// <param name="ErrorIsPermanent">True when the failure is one no retry fixes (a corrupt input): fix what <see cref="Error"/> says and submit again; null unless Failed.</param>
public sealed record JobView(
    string Id,
    JobState State,
    string Input,
    string Output,
    string Preset,
    int Passes,
    int FirstFrame,
    int? EndFrame,
    int SegmentLength,
    int Halo,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    int FramesDone,
    int? FramesTotal,
    int TasksDone,
    int TasksTotal,
    string? Error,
    double? SeamRatio,
    IReadOnlyList<int>? FramesDoneByPass = null,
    bool? ErrorIsPermanent = null,
    Execution.TrainingStatus? Training = null);
