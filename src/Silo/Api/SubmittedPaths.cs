using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Paths;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The path checks of a submission, in the order that reveals nothing outside the roots: the roots first (input,
/// style images, output), then, inside them, the output not being a source, not existing (unless the job says
/// overwrite) and its folder taking new files. The silo that runs each task checks again.
/// </summary>
public static class SubmittedPaths
{
    /// <summary>Checks <paramref name="spec"/>'s paths against <paramref name="paths"/>.</summary>
    /// <exception cref="PathRefusedException">A path is refused; the message says which and why, in one line.</exception>
    public static void Check(PathPolicy paths, JobSpec spec)
    {
        paths.CheckJob(spec);
        // A URL output, or a training job's model name, goes to the artifact store: no local file to check.
        if (Execution.LocalPaths.IsUri(spec.Output) || spec.Training is not null) return;
        SameFile.RefuseOutputOverSources(spec);
        OutputPlace.RefuseExisting(spec.Output, spec.Overwrite);
        OutputPlace.CheckWritable(spec.Output);
    }
}
