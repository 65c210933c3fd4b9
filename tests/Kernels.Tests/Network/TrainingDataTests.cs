using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Tests.Models;
using StyleFarm.Kernels.Video;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Network;

public class TrainingDataTests
{
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data";
    private static readonly TrainingOptions Options = new() { ImageSize = 64, SyntheticMaxShift = 8, SyntheticMaxZoomOut = 8, Seed = 3 };

    [Fact]
    public void ASyntheticClipsFlowCarriesEachFrameOntoTheNextWhereItsMaskSaysItIsVisible()
    {
        using var scope = NewDisposeScope();
        var photo = StillPhoto.Fit(ImageFile.Read(Path.Combine(Photos, "fruits.jpg")), 64);

        var clip = SyntheticClips.Make(photo, 64, 3, seed: 11, Options);

        Assert.Equal((3, 2, 2), (clip.Frames.Count, clip.Flows.Count, clip.Masks.Count));
        for (var k = 0; k < 2; k++)
        {
            var previous = FrameTensors.ToTensor(clip.Frames[k], CPU);
            var next = FrameTensors.ToTensor(clip.Frames[k + 1], CPU);
            var warped = Warping.Warp(previous, tensor(clip.Flows[k].Data, [1, 64, 64, 2]), GridSamplePaddingMode.Border);
            var mask = tensor(clip.Masks[k], [1, 1, 64, 64]);
            var visible = mask.sum().item<float>();
            var warpedError = ((warped - next).abs() * mask).sum().item<float>() / (3 * visible);
            var stillError = ((previous - next).abs() * mask).sum().item<float>() / (3 * visible);
            Assert.InRange(visible, 0.3f * 64 * 64, 64 * 64 - 1); // the window moves: some pixels are new, most are seen before
            Assert.True(warpedError < 0.02f, $"frame {k + 1} from frame {k} warped by the exact flow: mean error {warpedError}");
            Assert.True(warpedError < 0.25f * stillError, $"the warp ({warpedError}) should explain the motion ({stillError} without it)");
        }
    }

    [Fact]
    public async Task SamplesDependOnlyOnTheSeedAndTheirIndex()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "fruits.jpg", "baboon.jpg" }) File.Copy(Path.Combine(Photos, name), folder.File(name));
        var a = await TrainingData.OpenAsync([folder.Path], Options, folder.File("cache"));
        var b = await TrainingData.OpenAsync([folder.Path], Options, folder.File("cache"));

        var first = a.Sample(5, 3);
        _ = b.Sample(9, 2); // another draw first changes nothing
        var again = b.Sample(5, 3);

        Assert.Equal(2, a.Stills.Count);
        Assert.Equal(first.Frames.Select(f => f.Pixels), again.Frames.Select(f => f.Pixels));
        Assert.Equal(first.Flows.Select(f => f.Data), again.Flows.Select(f => f.Data));
        // One epoch of two stills draws each once (the photos differ, so their first frames do).
        Assert.NotEqual(a.Sample(0, 2).Frames[0].Pixels, a.Sample(1, 2).Frames[0].Pixels);
    }

    [Fact]
    public async Task AMissingFolderIsNamed()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => TrainingData.OpenAsync([folder.File("none")], Options, folder.File("cache")));
        Assert.Equal($"training data folder not found: {folder.File("none")}", error.Message);
    }

    [Fact]
    public async Task AFolderWithoutImagesOrVideosSaysWhatItNeeds()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("notes.txt"), "no pictures here");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrainingData.OpenAsync([folder.Path], Options, folder.File("cache")));
        Assert.Contains($"{folder.Path}: no training data", error.Message);
        Assert.Contains(".jpg", error.Message);
        Assert.Contains(".mp4", error.Message);
    }

    [Fact]
    public async Task FootageIsCutIntoTheMostDifferingFiveFrameTuplesWithFlowAndWeights_PreparedOnce()
    {
        using var folder = new TempFolder();
        var video = folder.File("walk.mkv");
        // 16 frames of OpenCV's demo video (people walking), one shot.
        await MediaProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", Path.Combine(Photos, "vtest.avi"), "-frames:v", "16",
            "-vf", "scale=96:72", "-c:v", "ffv1", video], video, "could not cut the test clip");
        var options = Options with { ImageSize = 48, TuplesPerShot = 2 };

        var tuples = await FootageTuples.PrepareAsync(video, 48, options, folder.File("cache"), null, CancellationToken.None);
        var written = tuples.Select(File.GetLastWriteTimeUtc).ToList();
        var again = await FootageTuples.PrepareAsync(video, 48, options, folder.File("cache"), null, CancellationToken.None);

        Assert.Equal(2, tuples.Count);
        Assert.Equal(tuples, again);
        Assert.Equal(written, again.Select(File.GetLastWriteTimeUtc)); // taken from the cache, not computed again
        var starts = tuples.Select(t => int.Parse(Path.GetFileNameWithoutExtension(t)["tuple".Length..])).ToList();
        Assert.True(Math.Abs(starts[0] - starts[1]) >= 5, $"tuples at {starts[0]} and {starts[1]} overlap");
        var clip = FootageTuples.Load(tuples[0]);
        Assert.Equal((5, 4, 4, 48, 48), (clip.Frames.Count, clip.Flows.Count, clip.Masks.Count, clip.Width, clip.Height));
        Assert.All(clip.Masks, m => Assert.InRange(m.Min(), 0f, 1f));
        Assert.True(clip.Masks.Average(m => m.Average()) > 0.5, "most of a walking scene is reliably matched between frames");
    }
}
