namespace StyleFarm.Kernels.Models;

/// <summary>Feature network weights read from a safetensors file checked against the layout.</summary>
public sealed class FileFeatureWeights : IFeatureWeights
{
    private readonly SafeTensorsFile _file;

    private FileFeatureWeights(SafeTensorsFile file, FeatureNetworkLayout layout)
    {
        _file = file;
        Layout = layout;
    }

    /// <summary>Opens <paramref name="path"/> and checks it holds every tensor of <paramref name="layout"/>.</summary>
    public static FileFeatureWeights Open(string path, FeatureNetworkLayout layout)
    {
        var file = SafeTensorsFile.Open(path);
        try
        {
            ModelFileValidator.Validate(file, layout);
            return new FileFeatureWeights(file, layout);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public FeatureNetworkLayout Layout { get; }

    public bool IsRandom => false;

    public string Description => $"{Layout.ModelName} weights from {_file.Path}";

    public float[] Read(string name)
    {
        if (!Layout.RequiredTensors.Any(t => t.Name == name))
            throw new ArgumentException($"'{name}' is not a tensor {Layout.ModelName} needs up to {Layout.DeepestLayer.Name}", nameof(name));
        return _file.ReadFloats(name);
    }

    public void Dispose() => _file.Dispose();
}
