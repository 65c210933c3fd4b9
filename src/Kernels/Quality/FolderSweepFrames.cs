using StyleFarm.Kernels.IO;
using StyleFarm.Kernels.Stylize;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Quality;

/// <summary>
/// A <see cref="PassSweep"/>'s frames as exact float32 files (<c>pass{p:D2}/frame{t:D6}.f32</c>) in a folder, each
/// written under a temporary name and renamed, so the quality tests measure the stylizer without the farm's 16-bit
/// rounding and can stop and resume a sweep on disk.
/// </summary>
public sealed class FolderSweepFrames(string folder) : ISweepFrames
{
    /// <summary>The file of frame <paramref name="frame"/> of pass <paramref name="pass"/>, relative to the folder.</summary>
    public static string FileOf(int pass, int frame) => Path.Combine($"pass{pass:D2}", $"frame{frame:D6}.f32");

    /// <inheritdoc />
    public Task<bool> IsCommittedAsync(int pass, int frame, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(pass, frame)));

    /// <inheritdoc />
    /// <remarks>Written even when cancellation was asked for meanwhile: the frame is finished, so it is kept.</remarks>
    public Task<Tensor> CommitAsync(int pass, int frame, Tensor image, CancellationToken cancellationToken)
    {
        var path = PathOf(pass, frame);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var scope = NewDisposeScope())
        {
            var values = image.detach().cpu().contiguous().data<float>().ToArray();
            using var partial = new PartialFile(path);
            using (var writer = new BinaryWriter(File.Create(partial.TempPath)))
            {
                foreach (var d in image.shape) writer.Write((int)d);
                foreach (var v in values) writer.Write(v);
            }
            partial.Commit();
        }
        return LoadAsync(pass, frame, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Tensor> LoadAsync(int pass, int frame, CancellationToken cancellationToken)
    {
        var path = PathOf(pass, frame);
        using var reader = new BinaryReader(File.OpenRead(path));
        var shape = new long[4];
        for (var i = 0; i < 4; i++) shape[i] = reader.ReadInt32();
        var values = new float[checked((int)(shape[0] * shape[1] * shape[2] * shape[3]))];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return Task.FromResult(tensor(values, shape));
    }

    private string PathOf(int pass, int frame) => Path.Combine(folder, FileOf(pass, frame));
}
