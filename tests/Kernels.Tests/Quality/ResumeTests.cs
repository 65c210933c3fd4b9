using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Quality;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// A shot's sweeps (<see cref="PassSweep"/>, what the farm's stylize tasks run) stopped after some frame and started
/// again skip the committed frames and produce exactly the bytes an uninterrupted run does (every frame file of every pass).
/// </summary>
[Collection(QualityCollection.Name)]
public sealed class ResumeTests(ITestOutputHelper output)
{
    private const int Size = 64;
    private const int Frames = 4;

    public static TheoryData<string, int, int> StopPoints() => new()
    {
        // mode, the pass and frame after which the render is stopped
        { "sequential long-term {1,2}", 1, 1 },
        { "independent (noise init)", 1, 1 },
        { "multi-pass, 3 passes", 2, 1 },
    };

    [Theory]
    [MemberData(nameof(StopPoints))]
    public void RenderStoppedAfterAFrameAndResumed_WritesTheSameBytesAsAnUninterruptedRender(string mode, int stopPass, int stopFrame)
    {
        var sequence = SyntheticSequences.Pan(QualityPhotos.Read("fruits.jpg"), Size, Size, Frames, 8, 4, scale: 4);
        var flow = new GroundTruthOpticalFlow(sequence);
        var (preset, independent) = Settings(mode);
        using var rig = new StylizerRig(Size, Size);
        var root = Directory.CreateTempSubdirectory("stylefarm-resume-").FullName;
        try
        {
            var whole = Path.Combine(root, "whole");
            var stopped = Path.Combine(root, "stopped");
            rig.RenderInto(preset, independent, flow.Frames, flow, whole);

            using var cancel = new CancellationTokenSource();
            var stop = new Reports(r =>
            {
                if (r.FrameFinished && r.Pass == stopPass && r.Frame == stopFrame) cancel.Cancel();
            });
            Assert.ThrowsAny<OperationCanceledException>(() => rig.RenderInto(preset, independent, flow.Frames, flow, stopped, stop, cancel.Token));
            var left = FrameFiles(stopped);
            output.WriteLine($"{mode}: stopped after pass {stopPass} frame {stopFrame} with {left.Count} of {FrameFiles(whole).Count} frame files: {string.Join(", ", left)}");
            Assert.Contains(FrameFile(stopPass, stopFrame), left);
            Assert.DoesNotContain(FrameFile(stopPass, NextFrame(preset, stopPass, stopFrame)), left);

            var resumed = new List<RenderProgress>();
            rig.RenderInto(preset, independent, flow.Frames, flow, stopped, new Reports(resumed.Add));

            // The frames on disk were taken as they were (reported with NaN loss), not optimised again.
            var reused = resumed.Where(r => r.FrameFinished && double.IsNaN(r.Loss)).Select(r => FrameFile(r.Pass, r.Frame)).ToList();
            Assert.Equal(left, reused.Order(StringComparer.Ordinal).ToList());
            Assert.Equal(FrameFiles(whole), FrameFiles(stopped));
            foreach (var file in FrameFiles(whole))
                Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stopped, file))),
                    $"{file} differs between the uninterrupted and the resumed render");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (StylePreset Preset, bool Independent) Settings(string mode) => mode switch
    {
        "sequential long-term {1,2}" => (StylePresets.Preview with { FirstFrameIterations = 6, FrameIterations = 4, LongTermOffsets = [1, 2] }, false),
        "independent (noise init)" => (StylePresets.Preview with { FirstFrameIterations = 4 }, true),
        "multi-pass, 3 passes" => (StylePresets.Preview with { Passes = 3, IterationsPerPass = 3 }, false),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no such mode"),
    };

    // Pass 1 and forward passes go up, backward passes down.
    private static int NextFrame(StylePreset preset, int pass, int frame) => pass > 1 && pass % 2 == 1 ? frame - 1 : frame + 1;

    private static string FrameFile(int pass, int frame) => Path.Combine($"pass{pass:D2}", $"frame{frame:D6}.f32");

    private static List<string> FrameFiles(string workspace) =>
        Directory.EnumerateFiles(workspace, "*.f32", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(workspace, f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Progress delivered synchronously on the rendering thread, so a cancel lands before the next frame starts.</summary>
    private sealed class Reports(Action<RenderProgress> report) : IProgress<RenderProgress>
    {
        public void Report(RenderProgress value) => report(value);
    }
}
