namespace StyleFarm.Kernels.Video;

/// <summary>
/// ffmpeg or ffprobe could not read or write a media file: a corrupt, truncated or unsupported
/// input, or an output ffmpeg refused to produce. Carries the tool's own last error lines.
/// </summary>
public sealed class MediaException : IOException
{
    public MediaException(string message, string path, string? tool = null, int? exitCode = null, string? toolMessage = null,
        Exception? inner = null)
        : base(Compose(message, tool, exitCode, toolMessage), inner)
    {
        Path = path;
        Tool = tool;
        ExitCode = exitCode;
        ToolMessage = toolMessage ?? "";
    }

    /// <summary>The media file (or image-sequence pattern) the failed operation was about.</summary>
    public string Path { get; }

    /// <summary>The program that failed ("ffmpeg" or "ffprobe"), or null when the check was StyleFarm's own.</summary>
    public string? Tool { get; }

    /// <summary>The tool's exit code, or null when it exited cleanly but its result was unusable.</summary>
    public int? ExitCode { get; }

    /// <summary>The tool's last error lines (may be empty).</summary>
    public string ToolMessage { get; }

    private static string Compose(string message, string? tool, int? exitCode, string? toolMessage)
    {
        var text = message;
        if (tool is not null && exitCode is not null) text += $" ({tool} exited with code {exitCode})";
        if (!string.IsNullOrWhiteSpace(toolMessage)) text += $"; {tool ?? "ffmpeg"} said: {toolMessage}";
        return text;
    }
}
