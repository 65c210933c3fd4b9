#pragma warning disable CS8981 // `torch`, `nn`, `functional` are lowercase on purpose: TorchSharp's names.
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces its elementwise values (numbered as at::Reduction).</summary>
        public enum Reduction
        {
            None = 0,
            Mean = 1,
            Sum = 2,
        }

        /// <summary>Stateless layers and losses on tensors, as torch.nn.functional.</summary>
        public static class functional
        {
            /// <summary>
            /// 2-D convolution of (N, C_in, H, W) with weight (C_out, C_in/groups, kH, kW). strides,
            /// padding and dilation take one value for both axes or (h, w); defaults 1, 0, 1.
            /// </summary>
            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                var s = Pair(strides, 1, nameof(strides));
                var p = Pair(padding, 0, nameof(padding));
                var d = Pair(dilation, 1, nameof(dilation));
                fixed (long* ps = s, pp = p, pd = d)
                    return Tensor.Wrap(FunctionalNative.Conv2d(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null,
                        ps, pp, pd, groups, out var r), r, "conv2d");
            }

            /// <summary>max(x, 0), as a new tensor or (inplace) in x, which is returned.</summary>
            public static Tensor relu(Tensor x, bool inplace = false) => inplace ? x.relu_() : x.relu();

            /// <summary>Max pooling over kernelSize windows; strides default to the kernel size.</summary>
            public static unsafe Tensor max_pool2d(Tensor input, long[] kernelSize, long[]? strides = null,
                long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernelSize, null, nameof(kernelSize));
                var s = Pair(strides, null, nameof(strides), k);
                var p = Pair(padding, 0, nameof(padding));
                var d = Pair(dilation, 1, nameof(dilation));
                fixed (long* pk = k, ps = s, pp = p, pd = d)
                    return Tensor.Wrap(FunctionalNative.MaxPool2d(input.Handle, pk, ps, pp, pd, ceil_mode ? 1 : 0, out var r),
                        r, "max_pool2d");
            }

            /// <summary>Average pooling over kernelSize windows; strides default to the kernel size.</summary>
            public static unsafe Tensor avg_pool2d(Tensor input, long[] kernelSize, long[]? strides = null,
                long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
            {
                var k = Pair(kernelSize, null, nameof(kernelSize));
                var s = Pair(strides, null, nameof(strides), k);
                var p = Pair(padding, 0, nameof(padding));
                if (divisor_override is <= 0)
                    throw new ArgumentOutOfRangeException(nameof(divisor_override), $"divisor_override {divisor_override} must be positive");
                fixed (long* pk = k, ps = s, pp = p)
                    return Tensor.Wrap(FunctionalNative.AvgPool2d(input.Handle, pk, ps, pp, ceil_mode ? 1 : 0,
                        count_include_pad ? 1 : 0, divisor_override ?? 0, out var r), r, "avg_pool2d");
            }

            /// <summary>
            /// Normalises each channel of each sample to mean 0 and variance 1 over its pixels (biased variance,
            /// plus eps), then applies the optional per-channel weight and bias.
            /// </summary>
            public static Tensor instance_norm(Tensor input, Tensor? running_mean = null, Tensor? running_var = null,
                Tensor? weight = null, Tensor? bias = null, bool use_input_stats = true, double momentum = 0.1,
                double eps = 1e-5) =>
                Tensor.Wrap(FunctionalNative.InstanceNorm(input.Handle, Optional(running_mean), Optional(running_var),
                    Optional(weight), Optional(bias), use_input_stats ? 1 : 0, momentum, eps, out var r), r, "instance_norm");

            /// <summary>
            /// Resizes a (N, C, H, W) tensor to <paramref name="size"/> (one value or (h, w)) or by
            /// <paramref name="scale_factor"/> (output = floor(input·scale), the scale also mapping pixels
            /// back, as F.interpolate). align_corners applies to bilinear only (default false).
            /// </summary>
            public static Tensor interpolate(Tensor x, long[]? size = null, double[]? scale_factor = null,
                InterpolationMode mode = InterpolationMode.Nearest, bool? align_corners = null)
            {
                var shape = x.shape;
                if (shape.Length != 4)
                    throw new ArgumentException($"interpolate takes a 4-D (N, C, H, W) tensor, got {x}", nameof(x));
                if ((size is null) == (scale_factor is null))
                    throw new ArgumentException("interpolate needs exactly one of size and scale_factor");
                if (mode == InterpolationMode.Nearest && align_corners is not null)
                    throw new ArgumentException("align_corners applies to bilinear interpolation only; leave it null for nearest",
                        nameof(align_corners));
                int code = mode switch
                {
                    InterpolationMode.Nearest => 0,
                    InterpolationMode.Bilinear => 1,
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), $"interpolation mode {mode} is not bound"),
                };
                long outH, outW;
                double scaleH = 0, scaleW = 0;
                if (size is not null)
                {
                    var s = Pair(size, null, nameof(size));
                    (outH, outW) = (s[0], s[1]);
                }
                else
                {
                    if (scale_factor!.Length is not (1 or 2) || scale_factor.Any(f => !(f > 0)))
                        throw new ArgumentException("scale_factor takes one or two positive values", nameof(scale_factor));
                    (scaleH, scaleW) = (scale_factor[0], scale_factor[^1]);
                    (outH, outW) = ((long)Math.Floor(shape[2] * scaleH), (long)Math.Floor(shape[3] * scaleW));
                }
                return Tensor.Wrap(FunctionalNative.Upsample2d(x.Handle, code, outH, outW, align_corners == true ? 1 : 0,
                    scaleH, scaleW, out var r), r, "interpolate");
            }

            /// <summary>
            /// Pads the last dimensions: pad = (left, right[, top, bottom, ...]). Reflect and Replicate take
            /// four values on a 3-D or 4-D tensor (reflection_pad2d / replication_pad2d); Constant fills with value.
            /// </summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                ArgumentNullException.ThrowIfNull(pad);
                int code = mode switch
                {
                    PaddingModes.Constant => 0,
                    PaddingModes.Reflect => 1,
                    PaddingModes.Replicate => 2,
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), $"padding mode {mode} is not bound"),
                };
                if (code == 0 && (pad.Length == 0 || pad.Length % 2 != 0))
                    throw new ArgumentException($"constant padding takes pairs of values, got {pad.Length}", nameof(pad));
                if (code != 0 && pad.Length != 4)
                    throw new ArgumentException(
                        $"{mode} padding takes four values (left, right, top, bottom), got {pad.Length}", nameof(pad));
                fixed (long* p = pad)
                    return Tensor.Wrap(FunctionalNative.Pad(input.Handle, p, pad.Length, code, value, out var r), r, "pad");
            }

            /// <summary>
            /// Samples input (N, C, H, W) at grid (N, H_out, W_out, 2) positions given as (x, y) in [−1, 1]
            /// (−1 and 1 are the outer pixel edges, or the outer pixel centres with align_corners).
            /// </summary>
            public static Tensor grid_sample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
                GridSamplePaddingMode padding_mode = GridSamplePaddingMode.Zeros, bool? align_corners = null)
            {
                int interpolation = mode switch
                {
                    GridSampleMode.Bilinear => 0,
                    GridSampleMode.Nearest => 1,
                    _ => throw new ArgumentOutOfRangeException(nameof(mode), $"grid_sample mode {mode} is not bound"),
                };
                int padding = padding_mode switch
                {
                    GridSamplePaddingMode.Zeros => 0,
                    GridSamplePaddingMode.Border => 1,
                    GridSamplePaddingMode.Reflection => 2,
                    _ => throw new ArgumentOutOfRangeException(nameof(padding_mode), $"padding mode {padding_mode} is not bound"),
                };
                return Tensor.Wrap(FunctionalNative.GridSample(input.Handle, grid.Handle, interpolation, padding,
                    align_corners == true ? 1 : 0, out var r), r, "grid_sample");
            }

            /// <summary>The mean (or sum, or elementwise) squared difference of input and target.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Tensor.Wrap(FunctionalNative.MseLoss(input.Handle, target.Handle, (int)reduction, out var r), r, "mse_loss");

            private static TensorHandle Optional(Tensor? tensor) => tensor?.Handle ?? TensorHandle.Null;

            // One value for both axes or an (h, w) pair; absent → the default (or `fallback`, e.g. the kernel size).
            private static long[] Pair(long[]? values, long? @default, string name, long[]? fallback = null)
            {
                if (values is null)
                {
                    if (fallback is not null) return fallback;
                    if (@default is { } d) return [d, d];
                    throw new ArgumentNullException(name);
                }
                return values.Length switch
                {
                    1 => [values[0], values[0]],
                    2 => [values[0], values[1]],
                    _ => throw new ArgumentException($"{name} takes one value or (h, w), got {values.Length} values", name),
                };
            }
        }
    }
}
