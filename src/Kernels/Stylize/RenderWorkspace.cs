using System.Security.Cryptography;
using System.Text;
using StyleFarm.Kernels.IO;
using StyleFarm.Kernels.Torch;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The folder a render keeps its finished frames in, so a stopped render resumes from the last
/// finished frame: one raw float32 file per frame and pass, committed by rename (a crash never
/// leaves a partial frame under its final name). Frames are exact, so a resumed render produces
/// the same bytes as an uninterrupted one. A settings fingerprint guards against mixing renders.
/// </summary>
public sealed class RenderWorkspace
{
    private const string FingerprintFile = "settings.sha256";

    private RenderWorkspace(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>
    /// Opens (creating if needed) the workspace at <paramref name="folder"/> for a render whose settings
    /// print as <paramref name="settings"/>; frames of a render with other settings are discarded.
    /// </summary>
    public static RenderWorkspace Open(string folder, string settings)
    {
        Directory.CreateDirectory(folder);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(settings)));
        var path = Path.Combine(folder, FingerprintFile);
        if (File.Exists(path) && File.ReadAllText(path).Trim() != fingerprint)
        {
            // Another render's frames: starting over is the only safe choice.
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
        }
        File.WriteAllText(path, fingerprint);
        return new RenderWorkspace(folder);
    }

    /// <summary>Whether frame <paramref name="frame"/> (absolute number) of pass <paramref name="pass"/> is finished.</summary>
    public bool Has(int pass, int frame) => File.Exists(PathOf(pass, frame));

    /// <summary>Stores a finished frame [1,3,H,W] (float32) atomically.</summary>
    public void Save(int pass, int frame, Tensor image)
    {
        using var scope = NewDisposeScope();
        var values = image.detach().cpu().contiguous().data<float>();
        var header = image.shape.Select(d => (int)d).ToArray();
        using var partial = new PartialFile(PathOf(pass, frame));
        using (var stream = File.Create(partial.TempPath))
        using (var writer = new BinaryWriter(stream))
        {
            foreach (var d in header) writer.Write(d);
            foreach (var v in values) writer.Write(v);
        }
        partial.Commit();
    }

    /// <summary>Loads a finished frame as a [1,3,H,W] float32 tensor on <paramref name="device"/>.</summary>
    public Tensor Load(int pass, int frame, Device device)
    {
        var path = PathOf(pass, frame);
        using var reader = new BinaryReader(File.OpenRead(path));
        var shape = new long[4];
        for (var i = 0; i < 4; i++) shape[i] = reader.ReadInt32();
        var count = checked((int)(shape[0] * shape[1] * shape[2] * shape[3]));
        if (reader.BaseStream.Length != 16 + 4L * count)
            throw new InvalidDataException($"{path}: a [{string.Join(",", shape)}] frame needs {16 + 4L * count} bytes, the file has {reader.BaseStream.Length}");
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadSingle();
        using var scope = NewDisposeScope();
        var image = tensor(values, shape);
        return (device.type == DeviceType.CPU ? image : image.to(device)).MoveToOuterDisposeScope();
    }

    /// <summary>Removes the workspace after its frames went into the output.</summary>
    public void Delete() => Directory.Delete(Folder, recursive: true);

    private string PathOf(int pass, int frame) => Path.Combine(Folder, $"pass{pass:D2}", $"frame{frame:D6}.f32");
}
