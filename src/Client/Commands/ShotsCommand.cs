using System.CommandLine;
using System.Text.Json;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm shots VIDEO [--json]`: the shots of a video (histogram candidates confirmed by flow).</summary>
public static class ShotsCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "a video file or an image-sequence pattern" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of text" };
        var frames = new Option<string?>("--frames") { Description = "the frame range A:B to look at (default: all)" };
        var command = new Command("shots", "List a video's shots (frame ranges between cuts)") { input, json, frames };
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(input)!;
            var info = await VideoProbe.ProbeAsync(path, cancellationToken: cancel);
            var range = parse.GetValue(frames) is { } text ? FrameRange.Parse(text) : FrameRange.All;
            var (start, end) = range.Clip(info.FrameCount);
            var detection = await new VideoShotDetector(new ShotDetectorOptions(), new DisOpticalFlow()).DetectAsync(path, start, end, cancel);
            Console.WriteLine(parse.GetValue(json) ? ToJson(detection) : ToText(detection));
            return 0;
        }));
        return command;
    }

    private static string ToText(ShotDetection detection)
    {
        var lines = new List<string> { $"{detection.Shots.Count} shots in frames {detection.FirstFrame}:{detection.FirstFrame + detection.FrameCount}" };
        lines.AddRange(detection.Shots.Select(s => $"shot {s.Index,4}  frames {s.FirstFrame}:{s.LastFrameExclusive}  ({s.FrameCount} frames)"));
        lines.AddRange(detection.Candidates.Where(c => !c.Confirmed).Select(c =>
            $"  (frame {c.Frame}: colour jump {c.HistogramDistance:F2} but {c.ReliableFraction:P0} of the flow consistent: not a cut)"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string ToJson(ShotDetection detection) => JsonSerializer.Serialize(new
    {
        firstFrame = detection.FirstFrame,
        frameCount = detection.FrameCount,
        shots = detection.Shots.Select(s => new { index = s.Index, firstFrame = s.FirstFrame, endFrame = s.LastFrameExclusive, frameCount = s.FrameCount }),
        candidates = detection.Candidates.Select(c => new { frame = c.Frame, histogramDistance = c.HistogramDistance, reliableFraction = c.ReliableFraction, confirmed = c.Confirmed }),
    });
}
