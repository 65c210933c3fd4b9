using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>A trained network loaded from its file, with its header. Owns the network.</summary>
public sealed class NetworkModel(string path, TransformerNetwork network, NetworkModelHeader header) : IDisposable
{
    /// <summary>The file it was loaded from.</summary>
    public string Path { get; } = path;

    /// <summary>The network, on the device it was loaded to, in inference mode.</summary>
    public TransformerNetwork Network { get; } = network;

    /// <summary>What the file says about the network.</summary>
    public NetworkModelHeader Header { get; } = header;

    /// <summary>The device of the network's weights.</summary>
    public Device Device => Network.parameters().First().device;

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
