using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Commands;

/// <summary>
/// The video mode of `stylefarm flow`: forward flows i→i+1 (and with --backward, i+1→i) of every
/// consecutive pair, as DIR/forward_%06d.flo (and backward_%06d.flo), plus an optional colour video.
/// </summary>
public static class VideoFlow
{
    public static async Task<int> RunAsync(string video, string outputFolder, IOpticalFlow algorithm, bool backward,
        FrameRange range, string? viz, CancellationToken cancel)
    {
        var reader = await VideoReader.OpenAsync(video, cancellationToken: cancel);
        var (start, end) = range.Clip(reader.Info.FrameCount);
        if (end - start < 2) throw new ArgumentException($"{video}: frames {start}:{end} hold no pair of frames");
        Directory.CreateDirectory(outputFolder);
        var pairs = end - start - 1;
        await using var writer = viz is null ? null : new VideoWriter(viz, new VideoWriterOptions { FrameRate = reader.Info.FrameRate });
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"flow ({algorithm.Name})", maxValue: pairs);
                RgbFrame? previous = null;
                var index = start;
                await foreach (var frame in reader.ReadAsync(start, end, cancel))
                {
                    if (previous is not null)
                    {
                        var forward = algorithm.Compute(previous, frame);
                        FloFile.Write(Path.Combine(outputFolder, $"forward_{index - 1:D6}.flo"), forward);
                        if (backward)
                            FloFile.Write(Path.Combine(outputFolder, $"backward_{index:D6}.flo"), algorithm.Compute(frame, previous));
                        if (writer is not null) await writer.WriteAsync(FlowVisualization.ToColor(forward), cancel);
                        task.Increment(1);
                    }
                    previous = frame;
                    index++;
                }
            });
        if (writer is not null) await writer.CompleteAsync(cancel);
        Console.WriteLine($"{outputFolder}: {pairs} forward{(backward ? " and backward" : "")} flows of frames {start}:{end} ({algorithm.Name})"
                          + (viz is null ? "" : $"; colour-coded video {viz}"));
        return 0;
    }
}
