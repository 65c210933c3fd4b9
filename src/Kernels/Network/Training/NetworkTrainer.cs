using System.Diagnostics;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// The training loop of sec. 5.2 (eq. 17–19): each iteration takes a batch of clips of the scheduled length
/// (<see cref="FrameSchedule"/>), stylizes their first frame with an empty prior and every later frame from the previous
/// output warped onto it and masked (eq. 15), without gradients, up to the last frame, whose output is back-propagated
/// through L_video against its frame, the style and its warped predecessor (only the last frame, as Fig. 5). With mixed
/// training (eq. 18) a drawn half of the samples get an empty prior and mask 0 for that last frame instead, which also
/// leaves their temporal term 0. Adam takes one step per iteration. Every random draw depends on the seed and the
/// sample's index only (<see cref="SampleDraw"/>), and on the CPU every operation is deterministic, so a run resumed from
/// a checkpoint ends with the same weights, bit for bit, as one never stopped.
/// </summary>
public sealed class NetworkTrainer : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly TrainingData _data;
    private readonly VideoLoss _loss;
    private readonly Device _device;
    private readonly Adam _adam;

    /// <summary>A run of <paramref name="options"/> over <paramref name="data"/> minimising <paramref name="loss"/> on <paramref name="device"/>, from seeded initial weights.</summary>
    public NetworkTrainer(TrainingOptions options, TrainingData data, VideoLoss loss, Device device)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _loss = loss ?? throw new ArgumentNullException(nameof(loss));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        Network = new TransformerNetwork(options.Architecture, options.Seed);
        if (device.type != DeviceType.CPU) Network.to(device);
        Network.train();
        _adam = new Adam(Network.parameters(), options.LearningRate, 0.9, 0.999, 1e-8);
    }

    /// <summary>The network being trained (owned by the trainer).</summary>
    public TransformerNetwork Network { get; }

    /// <summary>The losses of the iterations done.</summary>
    public LossHistory History { get; } = new();

    /// <summary>Iterations done.</summary>
    public int Iteration { get; private set; }

    /// <summary>Continues from the checkpoint at <paramref name="path"/> if there is one; returns whether it did.</summary>
    public bool Resume(string path, string fingerprint)
    {
        var done = TrainingCheckpoint.TryRestore(path, Network, _adam, History, fingerprint);
        if (done is null) return false;
        Iteration = done.Value;
        return true;
    }

    /// <summary>
    /// Runs the remaining iterations, writing a checkpoint to <paramref name="checkpointPath"/> (when given) every
    /// <paramref name="checkpointEvery"/> iterations and when cancelled.
    /// </summary>
    public void Run(string? checkpointPath, int checkpointEvery, string fingerprint, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        if (checkpointEvery < 1) throw new ArgumentOutOfRangeException(nameof(checkpointEvery), $"checkpoint every {checkpointEvery} iterations: use at least 1");
        var saved = Iteration;
        try
        {
            while (Iteration < _options.Iterations)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                var (frames, terms) = Step(Iteration);
                History.Add(frames, terms[0], terms[1], terms[2], terms[3]);
                Iteration++;
                var checkpoint = checkpointPath is not null && (Iteration % checkpointEvery == 0 || Iteration == _options.Iterations);
                if (checkpoint)
                {
                    TrainingCheckpoint.Save(checkpointPath!, Network, _adam, History, Iteration, fingerprint);
                    saved = Iteration;
                }
                progress?.Report(new TrainingProgress(Iteration, _options.Iterations, frames, terms[0], terms[1], terms[2], terms[3], clock.Elapsed.TotalSeconds, checkpoint));
            }
        }
        catch (OperationCanceledException) when (checkpointPath is not null && saved != Iteration)
        {
            // Stopped between iterations: keep what was done (the next run resumes from exactly here).
            TrainingCheckpoint.Save(checkpointPath, Network, _adam, History, Iteration, fingerprint);
            throw;
        }
    }

    // One iteration: the batch, the recursion without gradients, the last frame's loss, one Adam step.
    private (int Frames, double[] Terms) Step(int iteration)
    {
        using var scope = NewDisposeScope();
        var n = FrameSchedule.FramesAt(iteration, _options.Iterations, _options.MultiFrame);
        var size = _options.BatchSize;
        var clips = Enumerable.Range(0, size).Select(b => _data.Sample((long)iteration * size + b, n)).ToList();
        var batch = TrainingBatch.From(clips, _options.MaskErosion, _device);
        Tensor previous;
        using (no_grad())
        {
            previous = Network.call(NetworkInput.Build(batch.Frames[0], null));                      // frame 1: empty prior
            for (var k = 1; k < n - 1; k++)                                                            // eq. 19: f⁽¹⁾ … f⁽ⁿ⁻¹⁾ recursively
                previous = Network.call(NetworkInput.Build(batch.Frames[k], Prior(previous, batch, k - 1, null)));
        }
        var prior = Prior(previous, batch, n - 2, _options.Mixed ? EmptyPriors(iteration, size) : null);
        var x = Network.call(NetworkInput.Build(batch.Frames[n - 1], prior));                          // eq. 17: x⁽ⁿ⁾ = Φ(f⁽ⁿ⁾, ω(x⁽ⁿ⁻¹⁾), c)
        var terms = _loss.Compute(x, batch.Frames[n - 1], prior);
        _adam.zero_grad();
        terms.Total.backward();
        _adam.step();
        return (n, [terms.Content.item<float>(), terms.Style.item<float>(), terms.Temporal.item<float>(), terms.TotalVariation.item<float>()]);
    }

    // ω(x) warped onto frame k + 1 and its mask; samples whose keep is 0 get an empty prior and mask 0 (eq. 18).
    private static PriorImage Prior(Tensor previous, TrainingBatch batch, int k, Tensor? keep)
    {
        var warped = Warping.Warp(previous.detach(), batch.Flows[k], GridSamplePaddingMode.Border);
        var mask = keep is null ? batch.Masks[k] : batch.Masks[k] * keep;
        return new PriorImage(keep is null ? warped : warped * keep, mask);
    }

    // 1 for samples that keep their prior, 0 for the drawn empty-prior share (sec. 5.2.1), [B,1,1,1].
    private Tensor EmptyPriors(int iteration, int size)
    {
        var keep = Enumerable.Range(0, size)
            .Select(b => SampleDraw.For(_options.Seed, (long)iteration * size + b, SampleDraw.Purpose.EmptyPrior).NextDouble() < _options.EmptyPriorFraction ? 0f : 1f)
            .ToArray();
        var t = tensor(keep, [size, 1, 1, 1]);
        return _device.type == DeviceType.CPU ? t : t.to(_device);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _adam.Dispose();
        Network.Dispose();
    }
}
