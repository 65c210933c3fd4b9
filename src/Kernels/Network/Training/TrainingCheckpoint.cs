using System.Text.Json;
using StyleFarm.Kernels.Models;
using TorchSharp.Modules;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// A training run's state after some iterations, as one safetensors file: the network's parameters ("network.NAME"),
/// Adam's moments and step counts (TorchSharp's own serialisation of the optimizer, as bytes under "adam"), the loss
/// history ("history") and, in the metadata, the iterations done and the run's fingerprint (its settings, style, data
/// and feature network). A run resumes only from a checkpoint with its own fingerprint; it then continues with exactly
/// the state an uninterrupted run had at that iteration. Written atomically, so a run killed while writing keeps the
/// previous checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    private const string MetadataKey = "stylefarm.checkpoint";
    private const string NetworkPrefix = "network.";

    /// <summary>Writes the state after <paramref name="iteration"/> iterations to <paramref name="path"/>.</summary>
    public static void Save(string path, TransformerNetwork network, Adam adam, LossHistory history, int iteration, string fingerprint)
    {
        var writer = new SafeTensorsWriter()
            .AddMetadata(MetadataKey, JsonSerializer.Serialize(new CheckpointHeader(iteration, fingerprint), NetworkModelHeader.Json));
        foreach (var (name, values, shape) in NetworkModelFile.Weights(network)) writer.Add(NetworkPrefix + name, shape, values);
        using (var buffer = new MemoryStream())
        {
            using (var binary = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) adam.save_state_dict(binary);
            writer.AddBytes("adam", SafeTensorsDType.U8, [buffer.Length], buffer.ToArray());
        }
        var rows = history.ToArray();
        writer.Add("history", [rows.Length / LossHistory.Columns, LossHistory.Columns], rows);
        writer.Write(path);
    }

    /// <summary>
    /// Restores the state in <paramref name="path"/> into <paramref name="network"/>, <paramref name="adam"/> and
    /// <paramref name="history"/> and returns the iterations it had done; null when there is no file.
    /// </summary>
    /// <exception cref="InvalidModelFileException">The file is not a checkpoint, or one of another run (other fingerprint).</exception>
    public static int? TryRestore(string path, TransformerNetwork network, Adam adam, LossHistory history, string fingerprint)
    {
        if (!File.Exists(path)) return null;
        using var file = SafeTensorsFile.Open(path);
        var header = ReadHeader(file);
        if (header.Fingerprint != fingerprint)
            throw new InvalidModelFileException(path,
                "is a checkpoint of a run with other settings, style, data or feature network: delete it to start over, or train as that run did");
        NetworkModelFile.Fill(network, file, name => NetworkPrefix + name);
        if (!file.Contains("adam") || !file.Contains("history"))
            throw new InvalidModelFileException(path, "lacks the optimizer state or the loss history: delete it to start over");
        using (var reader = new BinaryReader(new MemoryStream(file.ReadBytes("adam")))) adam.load_state_dict(reader);
        history.Load(file.ReadFloats("history"));
        if (history.Count != header.Iteration)
            throw new InvalidModelFileException(path, $"records {history.Count} iterations of losses but {header.Iteration} done: delete it to start over");
        return header.Iteration;
    }

    /// <summary>The loss history kept in the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidModelFileException">The file is not a checkpoint.</exception>
    public static LossHistory ReadHistory(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        ReadHeader(file);
        var history = new LossHistory();
        if (file.Contains("history")) history.Load(file.ReadFloats("history"));
        return history;
    }

    /// <summary>The iterations done when the checkpoint at <paramref name="path"/> was written.</summary>
    /// <exception cref="InvalidModelFileException">The file is not a checkpoint.</exception>
    public static int ReadIteration(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return ReadHeader(file).Iteration;
    }

    private static CheckpointHeader ReadHeader(SafeTensorsFile file)
    {
        if (!file.Metadata.TryGetValue(MetadataKey, out var json))
            throw new InvalidModelFileException(file.Path, "is not a training checkpoint (no checkpoint header): move it away or pass another --checkpoint");
        try
        {
            return JsonSerializer.Deserialize<CheckpointHeader>(json, NetworkModelHeader.Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException(file.Path, $"its checkpoint header is damaged ({e.Message}): delete it to start over");
        }
    }

    private sealed record CheckpointHeader(int Iteration, string Fingerprint);
}
