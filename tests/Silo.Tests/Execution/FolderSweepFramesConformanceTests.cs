using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The quality tests' exact float32 frames on disk pass the sweep frames' conformance suite.</summary>
public sealed class FolderSweepFramesConformanceTests : SweepFramesConformance
{
    private readonly TempFolder _folder = new();

    protected override ISweepFrames Frames => new FolderSweepFrames(_folder.Path);

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }
}
