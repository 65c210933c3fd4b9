namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// The stylizer quality tests each run minutes of VGG-19 optimisation on the CPU: one at a time and not beside
/// other test classes, so that they neither starve each other on a small machine nor depend on its load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QualityCollection
{
    public const string Name = "Stylizer quality";
}
