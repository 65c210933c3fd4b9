using StyleFarm.Silo.Tests.Execution;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// Real files for the API's submit check, made once per test run beside the test assembly: a 12-frame 64×48 FFV1 clip,
/// an empty file, a text file and a truncated clip; the painting is OpenCV's demo image.
/// </summary>
public static class ApiMedia
{
    public const int ClipFrames = 12;

    private static readonly Lazy<string> Folder = new(Make);

    /// <summary>The folder holding the files (outputs of jobs nothing runs are named here too).</summary>
    public static string Root => Folder.Value;

    /// <summary>A 12-frame 64×48 FFV1 clip.</summary>
    public static string Clip => Path.Combine(Root, "clip.mkv");

    /// <summary>A real painting.</summary>
    public static string Style => ExecutionMedia.StyleImage;

    /// <summary>An output name in a folder that exists (nothing writes it).</summary>
    public static string Output => Path.Combine(Root, "out.mp4");

    /// <summary>A file of 0 bytes named like a video.</summary>
    public static string Empty => Path.Combine(Root, "empty.mp4");

    /// <summary>A text file named like a video.</summary>
    public static string Text => Path.Combine(Root, "notes.mp4");

    /// <summary>The clip's first 600 bytes.</summary>
    public static string Truncated => Path.Combine(Root, "truncated.mkv");

    private static string Make()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "api-media");
        if (File.Exists(Path.Combine(folder, "done"))) return folder;
        Directory.CreateDirectory(folder);
        var clip = ExecutionMedia.PanAsync(Path.Combine(folder, "clip.mkv"), ClipFrames).GetAwaiter().GetResult();
        File.WriteAllBytes(Path.Combine(folder, "empty.mp4"), []);
        File.WriteAllText(Path.Combine(folder, "notes.mp4"), "this is not a video\n");
        File.WriteAllBytes(Path.Combine(folder, "truncated.mkv"), File.ReadAllBytes(clip)[..600]);
        File.WriteAllText(Path.Combine(folder, "done"), "");
        return folder;
    }
}
