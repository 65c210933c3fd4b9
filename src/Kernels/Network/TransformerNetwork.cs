using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// Φ^vid of Ruder et al. (sec. 5.2, eq. 15; sec. 7.2.2): Johnson et al.'s transformer network with instance
/// normalisation, a single reflection padding at the input, and nearest-neighbour ×2 upsampling followed by a
/// convolution where Johnson has transposed convolutions (which draw checkerboards). It takes the 7 channels of
/// <see cref="NetworkInput"/> (frame, masked warped prior, mask) and returns RGB in [0, 1]. The layers, with the
/// paper's sizes (C = <see cref="NetworkArchitecture.Channels"/> = 32, B = <see cref="NetworkArchitecture.ResidualBlocks"/> = 5):
/// <code>
/// layer         what it is                                                   channels  size
/// pad           reflection, P = 8·B + 16 pixels per side (56)                     7     H + 2P
/// c9s1-32       9×9 conv, stride 1, zero padding 4; IN, ReLU                    C     H + 2P
/// d64           3×3 conv, stride 2, zero padding 1; IN, ReLU                   2C     (H + 2P)/2
/// d128          3×3 conv, stride 2, zero padding 1; IN, ReLU                   4C     (H + 2P)/4
/// R128 × B      3×3 conv, IN, ReLU, 3×3 conv, IN, all unpadded,               4C     shrinks by 4 each: H/4 + 8
///               plus the block's input shaved by 2 per side
/// U2, c3s1-64   nearest-neighbour ×2; 3×3 conv, unpadded; IN, ReLU            2C     H/2 + 14
/// U2, c3s1-32   nearest-neighbour ×2; 3×3 conv, unpadded; IN, ReLU             C     H + 26
/// c9s1-3        9×9 conv, unpadded; (1 + tanh)/2; a 9-pixel margin cut         3     H
/// </code>
/// "A single padding layer in the beginning" (sec. 7.2.2): every layer that works near the frame's edge is unpadded,
/// so no zeros enter the frame's border there, and the reflected margin is wide enough that the zero padding of
/// the first three layers (at its outer edge) does not reach the frame through any receptive field either: a flat
/// frame gives a flat output to its last pixel. With zero padding in the upsampling and output layers a briefly
/// trained network draws a grey rim of 3–4 pixels that stays put while the picture moves; on a 64-px walk that rim
/// alone made most of the temporal error.
/// IN is instance normalisation with a learned scale and shift per channel (appendix A.5, eq. 21). A frame whose
/// sides are not multiples of 4 is padded a few more pixels at its bottom and right and the output cropped back.
/// The reference ends in tanh·150 around the mean pixel on 0–255 values; (1 + tanh)/2 maps onto [0, 1] exactly, so
/// every output is a valid image and a prior made from it needs no clipping. Parameters are named as TorchSharp
/// registers the fields below (conv1.conv.weight, residuals.0.norm1.bias, …): those are the keys of a model file.
/// </summary>
public sealed class TransformerNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Frame (3), masked warped prior (3), mask (1): eq. 15's inputs.</summary>
    public const int InputChannels = 7;

    // Fields are registered under their names by RegisterComponents.
    private readonly ConvLayer conv1;
    private readonly ConvLayer down1;
    private readonly ConvLayer down2;
    private readonly ModuleList<ResidualBlock> residuals;
    private readonly ConvLayer up1;
    private readonly ConvLayer up2;
    private readonly Conv2d output;

    /// <summary>A network of <paramref name="architecture"/> with weights drawn from <paramref name="seed"/> (<see cref="SeededInitialization"/>), on the CPU.</summary>
    public TransformerNetwork(NetworkArchitecture architecture, ulong seed) : base("transformer")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        var c = architecture.Channels;
        conv1 = new ConvLayer(InputChannels, c, 9, stride: 1, upsample: false, padding: 4);       // c9s1-32
        down1 = new ConvLayer(c, 2 * c, 3, stride: 2, upsample: false, padding: 1);               // d64
        down2 = new ConvLayer(2 * c, 4 * c, 3, stride: 2, upsample: false, padding: 1);           // d128
        residuals = new ModuleList<ResidualBlock>(
            Enumerable.Range(0, architecture.ResidualBlocks).Select(_ => new ResidualBlock(4 * c)).ToArray()); // R128 × 5
        up1 = new ConvLayer(4 * c, 2 * c, 3, stride: 1, upsample: true, padding: 0);              // U2, c3s1-64
        up2 = new ConvLayer(2 * c, c, 3, stride: 1, upsample: true, padding: 0);                  // U2, c3s1-32
        output = nn.Conv2d(c, 3, 9);                                                              // c9s1-3, unpadded
        RegisterComponents();
        SeededInitialization.Apply(this, seed);
    }

    /// <summary>The network's size.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>
    /// The stylized frames [N,3,H,W] in [0, 1] for <paramref name="input"/> [N,7,H,W] (<see cref="NetworkInput.Build"/>)
    /// on the network's device and type. H and W must exceed the input padding by at least 4.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != InputChannels)
            throw new ArgumentException(
                $"the network takes [N, {InputChannels}, H, W] (frame, masked prior, mask); got [{string.Join(", ", input.shape)}]", nameof(input));
        var (height, width) = (input.shape[2], input.shape[3]);
        var p = Architecture.InputPadding;
        if (Math.Min(height, width) < p + 4)
            throw new ArgumentException(
                $"a {width}×{height} frame is too small for the network's {p}-pixel reflection padding: frames need at least {p + 4} pixels a side", nameof(input));
        using var scope = NewDisposeScope();
        // One reflection padding at the input (sec. 7.2.2), and up to 3 pixels more so that both sides divide by 4.
        var x = nn.functional.pad(input, [p, p + (4 - width % 4) % 4, p, p + (4 - height % 4) % 4], PaddingModes.Reflect);
        x = conv1.call(x);
        x = down1.call(x);
        x = down2.call(x);
        foreach (var block in residuals) x = block.call(x);
        x = up1.call(x);
        x = up2.call(x);
        x = output.call(x);
        x = (x.tanh() + 1f) * 0.5f;
        x = x.narrow(2, 9, height).narrow(3, 9, width); // the margin left: 9 pixels at the top and left, 9 + the extra at the bottom and right
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Convolution with zero padding <c>padding</c> (after a nearest-neighbour ×2 upsampling when asked), instance normalisation, ReLU.</summary>
    private sealed class ConvLayer : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly InstanceNorm2d norm;
        private readonly bool _upsample;

        public ConvLayer(long inChannels, long outChannels, long kernel, long stride, bool upsample, long padding) : base("conv_layer")
        {
            conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding);
            norm = nn.InstanceNorm2d(outChannels, affine: true);
            _upsample = upsample;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            if (_upsample) x = nn.functional.interpolate(x, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
            return nn.functional.relu(norm.call(conv.call(x))).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Johnson et al.'s residual block without padding: two 3×3 convolutions, and the input shaved by 2 pixels per side.</summary>
    private sealed class ResidualBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly InstanceNorm2d norm1;
        private readonly Conv2d conv2;
        private readonly InstanceNorm2d norm2;

        public ResidualBlock(long channels) : base("residual_block")
        {
            conv1 = nn.Conv2d(channels, channels, 3);
            norm1 = nn.InstanceNorm2d(channels, affine: true);
            conv2 = nn.Conv2d(channels, channels, 3);
            norm2 = nn.InstanceNorm2d(channels, affine: true);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = nn.functional.relu(norm1.call(conv1.call(x)));
            y = norm2.call(conv2.call(y));
            var shaved = x.narrow(2, 2, x.shape[2] - 4).narrow(3, 2, x.shape[3] - 4);
            return (y + shaved).MoveToOuterDisposeScope();
        }
    }
}
