using System.Text.Json;
using StyleFarm.Kernels.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// Network model files: safetensors with one float32 tensor per parameter of <see cref="TransformerNetwork"/>, under its
/// parameter name, and the <see cref="NetworkModelHeader"/> as the metadata entry "stylefarm". Written atomically (a
/// temporary file renamed when complete); read with every tensor checked against the header's architecture, so a wrong
/// or damaged file is refused with one line naming it and what is wrong.
/// </summary>
public static class NetworkModelFile
{
    /// <summary>Writes <paramref name="network"/>'s weights with <paramref name="header"/> to <paramref name="path"/>; on failure nothing is left there.</summary>
    public static void Save(string path, TransformerNetwork network, NetworkModelHeader header)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Architecture != network.Architecture)
            throw new ArgumentException($"the header names architecture {header.Architecture}, the network is {network.Architecture}", nameof(header));
        var writer = new SafeTensorsWriter().AddMetadata(NetworkModelHeader.MetadataKey, header.ToJson());
        foreach (var (name, values, shape) in Weights(network)) writer.Add(name, shape, values);
        writer.Write(path);
    }

    /// <summary>Every parameter of <paramref name="network"/> as host float32 values with its name and shape, in registration order.</summary>
    public static IEnumerable<(string Name, float[] Values, long[] Shape)> Weights(nn.Module network)
    {
        foreach (var (name, parameter) in network.named_parameters())
        {
            using var scope = NewDisposeScope();
            var values = parameter.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            yield return (name, values, parameter.shape);
        }
    }

    /// <summary>Reads the header of <paramref name="path"/> without loading its weights.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelFileException">It is not a network model file this code reads.</exception>
    public static NetworkModelHeader ReadHeader(string path)
    {
        using var file = Open(path);
        return Header(file);
    }

    /// <summary>Loads the model at <paramref name="path"/> onto <paramref name="device"/> (default CPU), in inference mode.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelFileException">It is not a network model file, or its tensors do not fit its header.</exception>
    public static NetworkModel Load(string path, Device? device = null)
    {
        using var file = Open(path);
        var header = Header(file);
        var network = new TransformerNetwork(header.Architecture, 0);
        try
        {
            Fill(network, file, name => name);
            network.eval();
            if (device is not null && device.type != DeviceType.CPU) network.to(device);
            return new NetworkModel(file.Path, network, header);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies into every parameter of <paramref name="network"/> the tensor named <paramref name="key"/>(its name) in
    /// <paramref name="file"/>, checking names, shapes and types; also refuses tensors the network does not have
    /// (outside other prefixes). The network must be on the CPU or any device; values are copied as float32.
    /// </summary>
    public static void Fill(nn.Module network, SafeTensorsFile file, Func<string, string> key)
    {
        var parameters = network.named_parameters().ToList();
        var expected = parameters.Select(p => key(p.name)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            var k = key(name);
            if (!file.Contains(k))
            {
                problems.Add($"tensor '{k}' is missing (expected shape {TensorShape.Format(parameter.shape)})");
                continue;
            }
            var info = file.GetInfo(k);
            if (!TensorShape.AreEqual(info.Shape, parameter.shape))
                problems.Add($"tensor '{k}' has shape {TensorShape.Format(info.Shape)}, expected {TensorShape.Format(parameter.shape)}");
            else if (!SafeTensorsDTypes.IsFloatingPoint(info.DType))
                problems.Add($"tensor '{k}' has dtype {info.DType}, expected a floating-point type");
        }
        var prefix = key("");
        foreach (var extra in file.Tensors.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal) && !expected.Contains(t.Name)).Take(3))
            problems.Add($"tensor '{extra.Name}' belongs to no parameter of this architecture");
        if (problems.Count > 0)
            throw new InvalidModelFileException(file.Path, $"does not fit its header's network: {string.Join("; ", problems.Take(4))}{(problems.Count > 4 ? $"; and {problems.Count - 4} more" : "")}");
        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            using var host = tensor(file.ReadFloats(key(name)), parameter.shape);
            parameter.copy_(host);
        }
    }

    private static SafeTensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"network model not found: {path}", path);
        return SafeTensorsFile.Open(path);
    }

    private static NetworkModelHeader Header(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(NetworkModelHeader.MetadataKey, out var json))
            throw new InvalidModelFileException(file.Path, $"has no '{NetworkModelHeader.MetadataKey}' header: it is not a network model made by `stylefarm train`");
        NetworkModelHeader header;
        try
        {
            header = NetworkModelHeader.FromJson(json);
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(file.Path, $"its '{NetworkModelHeader.MetadataKey}' header is not a network model header: {e.Message}");
        }
        if (header.Format != NetworkModelHeader.FormatName)
            throw new InvalidModelFileException(file.Path, $"its header names format '{header.Format}', not '{NetworkModelHeader.FormatName}'");
        if (header.Version is < 1 or > NetworkModelHeader.CurrentVersion)
            throw new InvalidModelFileException(file.Path, $"its header has version {header.Version}; this StyleFarm reads versions 1 … {NetworkModelHeader.CurrentVersion}");
        if (header.Architecture is null || header.Style is null || header.Training is null || header.FeatureNetwork is null)
            throw new InvalidModelFileException(file.Path, "its header lacks the architecture, the style, the training settings or the feature network");
        try
        {
            header.Architecture.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidModelFileException(file.Path, $"its header's architecture is invalid: {e.Message}");
        }
        if (header.MaskErosion < 1 || header.MaskErosion % 2 == 0)
            throw new InvalidModelFileException(file.Path, $"its header's mask erosion {header.MaskErosion} is not an odd width ≥ 1");
        return header;
    }
}
