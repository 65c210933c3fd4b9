using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The mark the encode task leaves in the artifact store once it has moved a local output onto its name: a retried or
/// resumed encode of the same job finds its own output there and may replace it, while an output that is someone
/// else's is refused (unless the job says overwrite).
/// </summary>
public static class OutputCommit
{
    /// <summary>The key of the mark of job <paramref name="job"/>.</summary>
    public static ArtifactKey KeyOf(JobId job) => new($"{ArtifactKey.JobPrefix(job)}output-committed.txt");

    /// <summary>Whether job <paramref name="job"/> already committed its local output.</summary>
    public static Task<bool> ExistsAsync(IArtifactStore store, JobId job, CancellationToken cancellationToken) =>
        store.ExistsAsync(KeyOf(job), cancellationToken);

    /// <summary>Marks job <paramref name="job"/>'s local output <paramref name="output"/> as committed.</summary>
    public static Task WriteAsync(IArtifactStore store, JobId job, string output, CancellationToken cancellationToken) =>
        store.PutAsync(KeyOf(job), System.Text.Encoding.UTF8.GetBytes(output + "\n"), cancellationToken);
}
