#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.CreationNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    /// <summary>A tensor holding a copy of <paramref name="data"/>, shaped as <paramref name="dimensions"/> (default: 1-D).</summary>
    public static Tensor tensor(ReadOnlySpan<float> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <inheritdoc cref="tensor(ReadOnlySpan{float}, long[], ScalarType?, Device, bool)"/>
    public static Tensor tensor(ReadOnlySpan<double> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <inheritdoc cref="tensor(ReadOnlySpan{float}, long[], ScalarType?, Device, bool)"/>
    public static Tensor tensor(ReadOnlySpan<byte> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <inheritdoc cref="tensor(ReadOnlySpan{float}, long[], ScalarType?, Device, bool)"/>
    public static Tensor tensor(ReadOnlySpan<int> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <inheritdoc cref="tensor(ReadOnlySpan{float}, long[], ScalarType?, Device, bool)"/>
    public static Tensor tensor(ReadOnlySpan<long> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <inheritdoc cref="tensor(ReadOnlySpan{float}, long[], ScalarType?, Device, bool)"/>
    public static Tensor tensor(ReadOnlySpan<bool> data, long[]? dimensions = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) => FromHost(data, dimensions, dtype, device, requires_grad);

    /// <summary>A 0-dim float32 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(float value, Device? device = null, bool requires_grad = false) =>
        FromHost<float>([value], [], null, device, requires_grad);

    /// <summary>A 0-dim float64 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(double value, Device? device = null, bool requires_grad = false) =>
        FromHost<double>([value], [], null, device, requires_grad);

    /// <summary>A 0-dim int64 tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor(long value, Device? device = null) => FromHost<long>([value], [], null, device, false);

    /// <summary>Zeros of the given shape (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(Fill.Zeros, size, dtype, device, requires_grad, "zeros");

    /// <summary>Ones of the given shape.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(Fill.Ones, size, dtype, device, requires_grad, "ones");

    /// <summary>An uninitialised tensor of the given shape (write every element before reading).</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(Fill.Empty, size, dtype, device, requires_grad, "empty");

    /// <summary>Samples of N(0, 1), from the generator torch.manual_seed seeds.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(Fill.Randn, size, dtype, device, requires_grad, "randn");

    /// <summary>Samples of U[0, 1), from the generator torch.manual_seed seeds.</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Make(Fill.Rand, size, dtype, device, requires_grad, "rand");

    /// <summary>A tensor filled with <paramref name="value"/> (dtype from the value unless given: 1 → int64, 1.0 → float32).</summary>
    public static unsafe Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null,
        bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(size);
        var (type, index) = Target(device);
        fixed (long* s = size)
            return Tensor.Wrap(Full(s, size.Length, value, Code(dtype), type, index, requires_grad ? 1 : 0, out var r), r, "full");
    }

    /// <summary>Zeros shaped like <paramref name="input"/> (its dtype and device unless given).</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Fill.Zeros, input, dtype, device, requires_grad, "zeros_like");

    /// <summary>Ones shaped like <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Fill.Ones, input, dtype, device, requires_grad, "ones_like");

    /// <summary>An uninitialised tensor shaped like <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Fill.Empty, input, dtype, device, requires_grad, "empty_like");

    /// <summary>N(0, 1) samples shaped like <paramref name="input"/>.</summary>
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Fill.Randn, input, dtype, device, requires_grad, "randn_like");

    /// <summary>U[0, 1) samples shaped like <paramref name="input"/>.</summary>
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Like(Fill.Rand, input, dtype, device, requires_grad, "rand_like");

    /// <summary>0, 1, …, stop−1 (int64 for an integral stop, float32 otherwise, unless dtype says).</summary>
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(0, stop, 1, dtype, device, requires_grad);

    /// <summary>start, start+1, … below stop.</summary>
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null,
        bool requires_grad = false) => arange(start, stop, 1, dtype, device, requires_grad);

    /// <summary>start, start+step, … below stop.</summary>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null,
        bool requires_grad = false)
    {
        var (type, index) = Target(device);
        return Tensor.Wrap(Arange(start, stop, step, Code(dtype), type, index, requires_grad ? 1 : 0, out var r), r, "arange");
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null,
        bool requires_grad = false)
    {
        var (type, index) = Target(device);
        return Tensor.Wrap(Linspace(start, end, steps, Code(dtype), type, index, requires_grad ? 1 : 0, out var r), r, "linspace");
    }

    private static unsafe Tensor FromHost<T>(ReadOnlySpan<T> data, long[]? dimensions, ScalarType? dtype, Device? device,
        bool requires_grad) where T : unmanaged
    {
        var shape = dimensions ?? [data.Length];
        var (type, index) = Target(device);
        // A dtype conversion happens on the host copy, before requires_grad, so the result is a leaf.
        var convert = dtype is { } d && d != HostTypes.Of<T>();
        Tensor result;
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            result = Tensor.Wrap(TensorNative.FromHost(p, data.Length, (int)HostTypes.Of<T>(), s, shape.Length,
                convert ? 0 : type, convert ? -1 : index, convert ? 0 : requires_grad ? 1 : 0, out var r), r, "tensor");
        }
        if (!convert) return result;
        using (result)
        {
            var converted = result.to(dtype!.Value, device ?? CPU);
            return requires_grad ? converted.requires_grad_() : converted;
        }
    }

    private static unsafe Tensor Make(Fill kind, long[] size, ScalarType? dtype, Device? device, bool requires_grad, string name)
    {
        ArgumentNullException.ThrowIfNull(size);
        var (type, index) = Target(device);
        fixed (long* s = size)
            return Tensor.Wrap(Factory(kind, s, size.Length, Code(dtype), type, index, requires_grad ? 1 : 0, out var r), r, name);
    }

    private static Tensor Like(Fill kind, Tensor input, ScalarType? dtype, Device? device, bool requires_grad, string name)
    {
        var (type, index) = device is null ? (-1, -1) : Target(device);
        return Tensor.Wrap(FactoryLike(kind, input.Handle, Code(dtype), type, index, requires_grad ? 1 : 0, out var r), r, name);
    }

    private static (int Type, int Index) Target(Device? device) =>
        device is null ? ((int)DeviceType.CPU, -1) : ((int)device.type, device.index);

    private static int Code(ScalarType? dtype) => dtype is { } d ? (int)d : -1;
}
