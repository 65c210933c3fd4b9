using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Api;

/// <summary>A job in the list of <c>GET /api/jobs</c> (no task counts: the list is one grain, the job list).</summary>
/// <param name="Id">The job id.</param>
/// <param name="State">Where the job is.</param>
/// <param name="Input">The input it stylizes (a URL's query, a SAS signature, replaced by "?…").</param>
/// <param name="Output">Where its output goes (likewise).</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Error">Why it failed; null unless Failed.</param>
public sealed record JobSummary(string Id, JobState State, string Input, string Output, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, string? Error)
{
    /// <summary>The summary of <paramref name="job"/>.</summary>
    public static JobSummary Of(JobListing job) =>
        new(job.Id.ToString(), job.State, MediaInput.Redact(job.Input), MediaInput.Redact(job.Output), job.SubmittedAt, job.UpdatedAt,
            job.Error is null ? null : MediaInput.Redact(job.Error));
}
