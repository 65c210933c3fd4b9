using System.Globalization;
using System.Text.RegularExpressions;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Something ffmpeg reads frames from: one media file, an image sequence named by a printf pattern such
/// as <c>frames/%05d.png</c>, or an http(s) URL (a blob's SAS URL: ffmpeg reads it with range requests,
/// so a silo fetches only the frames it decodes). Knows the input arguments ffmpeg and ffprobe need for it.
/// </summary>
public sealed partial class MediaInput
{
    private MediaInput(string path, string fullPath, int? startNumber, FrameRate? sequenceRate)
    {
        Path = path;
        FullPath = fullPath;
        StartNumber = startNumber;
        SequenceRate = sequenceRate;
    }

    /// <summary>The path (or pattern) as the caller gave it, a URL without its query (which may hold a signature); named in errors.</summary>
    public string Path { get; }

    /// <summary>The absolute path (or pattern), or the whole URL.</summary>
    public string FullPath { get; }

    /// <summary>True when <see cref="Path"/> is an image-sequence pattern.</summary>
    public bool IsImageSequence => StartNumber is not null;

    /// <summary>For an image sequence, the smallest file number present; frame 0 is that file.</summary>
    public int? StartNumber { get; }

    /// <summary>For an image sequence, the frame rate it is read at (ffmpeg's default is 25).</summary>
    public FrameRate? SequenceRate { get; }

    /// <summary>
    /// A media file, or an image sequence when <paramref name="path"/>'s file name holds one printf
    /// number (<c>%d</c>, <c>%05d</c>).
    /// </summary>
    /// <param name="imageSequenceRate">frame rate of an image sequence; ignored for media files</param>
    /// <exception cref="FileNotFoundException">the file is missing, or no file matches the pattern</exception>
    public static MediaInput FromPath(string path, FrameRate? imageSequenceRate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (IsUrl(path)) return Url(path);
        return IsPattern(path) ? Sequence(path, imageSequenceRate) : SingleFile(path);
    }

    /// <summary>Whether <paramref name="location"/> is an http or https URL, which ffmpeg reads itself.</summary>
    public static bool IsUrl(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary><paramref name="text"/> with the query of every http(s) URL in it replaced by "?…", so no signature reaches a message.</summary>
    public static string Redact(string text) => UrlQuery().Replace(text, "$1?…");

    /// <summary>One file, read as it is even if its name contains a '%'.</summary>
    /// <exception cref="FileNotFoundException">the file is missing</exception>
    public static MediaInput SingleFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (IsUrl(path)) return Url(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new FileNotFoundException($"{path} is a folder; give a media file or an image-sequence pattern such as {path}/%05d.png", path);
        if (!File.Exists(full)) throw new FileNotFoundException($"media file {path} does not exist", path);
        return new MediaInput(path, full, null, null);
    }

    /// <summary>True when the file name holds a printf frame number such as %05d.</summary>
    public static bool IsPattern(string path) => FrameNumber().Count(System.IO.Path.GetFileName(path)) == 1;

    /// <summary>Whether the name of <paramref name="file"/> is one of the frame names of the pattern <paramref name="pattern"/> (folders are not compared).</summary>
    public static bool MatchesPattern(string pattern, string file) =>
        IsPattern(pattern) && FileMatcher(System.IO.Path.GetFileName(pattern)).IsMatch(System.IO.Path.GetFileName(file));

    /// <summary>The arguments that open this input: options, then <c>-i</c> and the path.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var arguments = new List<string>();
            if (StartNumber is { } start)
            {
                arguments.AddRange(["-f", "image2", "-start_number", start.ToString(CultureInfo.InvariantCulture)]);
                if (SequenceRate is { } rate) arguments.AddRange(["-framerate", rate.ToString()]);
            }
            arguments.AddRange(["-i", Location]);
            return arguments;
        }
    }

    /// <summary>What ffmpeg reads: "file:" and the full path (a ':' in a name is no protocol), or the URL as given.</summary>
    public string Location => IsUrl(FullPath) ? FullPath : "file:" + FullPath;

    /// <summary>The input options that go before -i: the image2 demuxer, first number and rate of a sequence.</summary>
    public string InputOptions
    {
        get
        {
            if (StartNumber is not { } start) return "";
            var options = $"-f image2 -start_number {start.ToString(CultureInfo.InvariantCulture)}";
            return SequenceRate is { } rate ? $"{options} -framerate {rate}" : options;
        }
    }

    /// <summary>FFMpegCore's input for this media, with <paramref name="options"/> (e.g. a seek) before -i.</summary>
    internal FFMpegCore.FFMpegArguments FfmpegArguments(string options = "") =>
        FFMpegCore.FFMpegArguments.FromFileInput(Location, verifyExists: false, o =>
        {
            var before = $"{InputOptions} {options}".Trim();
            if (before.Length > 0) o.WithCustomArgument(before);
        });

    // Whether it exists is ffprobe's to find out: the first read names the server's answer.
    private static MediaInput Url(string url) => new(Redact(url), url, null, null);

    private static MediaInput Sequence(string pattern, FrameRate? rate)
    {
        var full = System.IO.Path.GetFullPath(pattern);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var matcher = FileMatcher(System.IO.Path.GetFileName(full));
        int? first = null;
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var match = matcher.Match(System.IO.Path.GetFileName(file));
                if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    first = first is null ? number : Math.Min(first.Value, number);
            }
        }
        if (first is null)
            throw new FileNotFoundException($"no file matches the image-sequence pattern {pattern}", pattern);
        return new MediaInput(pattern, full, first, rate);
    }

    private static Regex FileMatcher(string namePattern)
    {
        var number = FrameNumber().Match(namePattern);
        var prefix = Regex.Escape(namePattern[..number.Index]);
        var suffix = Regex.Escape(namePattern[(number.Index + number.Length)..]);
        return new Regex($"^{prefix}(\\d+){suffix}$", RegexOptions.CultureInvariant);
    }

    // The query ends at white space, a quote or a bracket; a ':', ',', '.' or ';' just before that belongs to the sentence.
    [GeneratedRegex(@"(https?://[^\s?'""()<>\[\]]+)\?[^\s'""()<>\[\]]*?(?=[:,.;]?(?:$|[\s'""()<>\[\]]))", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

    [GeneratedRegex(@"%0?\d*d")]
    private static partial Regex FrameNumber();
}
