using System.CommandLine;
using System.Text.Json;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm probe VIDEO [--json]`: frame count, rate, size, duration and audio of a video or image sequence.</summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "a video file, or an image-sequence pattern such as frames/%05d.png" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of text" };
        var command = new Command("probe", "Print a video's metadata") { input, json };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var info = VideoProbe.Probe(parse.GetValue(input)!);
            Console.WriteLine(parse.GetValue(json) ? ToJson(info) : ToText(info));
            return 0;
        }));
        return command;
    }

    private static string ToText(VideoInfo info)
    {
        var audio = info.AudioStreams.Count == 0
            ? "none"
            : string.Join(", ", info.AudioStreams.Select(a => $"#{a.Index} {a.Codec} {a.Channels} ch {a.SampleRate} Hz"));
        return $"""
            size      {info.Width}x{info.Height}
            frames    {info.FrameCount}
            fps       {info.FrameRate.FramesPerSecond:0.###} ({info.FrameRate.Numerator}/{info.FrameRate.Denominator})
            duration  {info.Duration.TotalSeconds:0.###} s
            codec     {info.Codec} ({info.PixelFormat})
            audio     {audio}
            """;
    }

    private static string ToJson(VideoInfo info) => JsonSerializer.Serialize(new
    {
        width = info.Width,
        height = info.Height,
        frameCount = info.FrameCount,
        fps = info.FrameRate.FramesPerSecond,
        frameRate = $"{info.FrameRate.Numerator}/{info.FrameRate.Denominator}",
        durationSeconds = info.Duration.TotalSeconds,
        codec = info.Codec,
        pixelFormat = info.PixelFormat,
        audioStreams = info.AudioStreams.Select(a => new { index = a.Index, codec = a.Codec, channels = a.Channels, sampleRate = a.SampleRate }),
    });
}
