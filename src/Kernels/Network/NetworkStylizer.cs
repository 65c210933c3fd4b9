using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// Video stylization with a trained network (eq. 15): a shot's first frame with an empty prior, then each frame with its
/// predecessor's output warped onto it by the flow and masked by the consistency weights of that warp (shrunk by the
/// model's minimum filter, as in training). Inference only: no gradients, one forward pass per frame. The network is
/// shared, not owned; every returned tensor belongs to the caller.
/// </summary>
/// <param name="network">The trained network, in inference mode, on the frames' device.</param>
/// <param name="maskErosion">The minimum filter its masks were trained with (<see cref="NetworkModelHeader.MaskErosion"/>).</param>
public sealed class NetworkStylizer(TransformerNetwork network, int maskErosion)
{
    /// <summary>The stylizer of a loaded model, with the model's own mask filter.</summary>
    public NetworkStylizer(NetworkModel model) : this(model.Network, model.Header.MaskErosion) { }

    /// <summary>The network.</summary>
    public TransformerNetwork Network => network;

    /// <summary>Stylizes <paramref name="frame"/> [N,3,H,W] given <paramref name="prior"/> (null: empty, mask 0).</summary>
    public Tensor Stylize(Tensor frame, PriorImage? prior)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return network.call(NetworkInput.Build(frame, prior)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The prior of a frame from the previous output <paramref name="previous"/>: warped onto the frame with
    /// <paramref name="flowToPrevious"/> [N,H,W,2] (frame → previous frame), its mask the consistency weights
    /// <paramref name="weights"/> [N,1,H,W] of that warp after the minimum filter. The caller owns the tensors.
    /// </summary>
    public PriorImage Prior(Tensor previous, Tensor flowToPrevious, Tensor weights)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var warped = Warping.Warp(previous, flowToPrevious, GridSamplePaddingMode.Border);
        var mask = PriorImage.Erode(weights, maskErosion);
        return new PriorImage(warped.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Frame <paramref name="t"/> from the output <paramref name="previous"/> of frame <paramref name="source"/> (eq. 15, t > 1).</summary>
    public Tensor Next(Tensor frame, Tensor previous, IFrameFlows flows, int t, int source)
    {
        ArgumentNullException.ThrowIfNull(flows);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var warped = flows.Warp(previous, t, source);
        var prior = new PriorImage(warped, PriorImage.Erode(flows.Weights(t, source), maskErosion));
        return Stylize(frame, prior).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Every frame of a shot (<paramref name="frames"/>[i] is frame i of <paramref name="flows"/>' numbering): recursively
    /// with the prior (eq. 15), or, with <paramref name="withPrior"/> false, each frame on its own with an empty prior
    /// (the per-frame baseline of Table 2).
    /// </summary>
    public IReadOnlyList<Tensor> Shot(IReadOnlyList<Tensor> frames, IFrameFlows flows, bool withPrior = true)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var outputs = new List<Tensor>(frames.Count);
        for (var t = 0; t < frames.Count; t++)
            outputs.Add(t == 0 || !withPrior ? Stylize(frames[t], null) : Next(frames[t], outputs[t - 1], flows, t, t - 1));
        return outputs;
    }
}
