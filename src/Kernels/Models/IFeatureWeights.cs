namespace StyleFarm.Kernels.Models;

/// <summary>The convolution weights of a feature network, read one tensor at a time as float32.</summary>
public interface IFeatureWeights : IDisposable
{
    /// <summary>The network these weights fill.</summary>
    FeatureNetworkLayout Layout { get; }

    /// <summary>True for the seeded random-weight stand-in used when no weights are installed.</summary>
    bool IsRandom { get; }

    /// <summary>One line for the user saying where the weights come from.</summary>
    string Description { get; }

    /// <summary>
    /// The tensor called <paramref name="name"/> (one of <see cref="FeatureNetworkLayout.RequiredTensors"/>),
    /// row-major in its required shape.
    /// </summary>
    float[] Read(string name);
}
