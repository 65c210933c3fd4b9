using System.Globalization;
using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Torch;

/// <summary>
/// A number used as an operand (x + 1, clamp(0, 255), fill_(0.5)). Integral values stay integral, so
/// an int64 tensor plus 1 stays int64 while plus 0.5 becomes float, as in PyTorch. Converts implicitly
/// from the C# numeric types, as TorchSharp's Scalar does.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Scalar
{
    // Laid out as the shim's sf_scalar (passed by value): kind 0 floating, 1 integral, 2 bool, −1 none.
    private readonly double _real;
    private readonly long _integer;
    private readonly int _kind;

    private Scalar(double real, long integer, int kind)
    {
        _real = real;
        _integer = integer;
        _kind = kind;
    }

    /// <summary>"No value", for an absent clamp bound.</summary>
    internal static Scalar None => new(0, 0, -1);

    internal bool IsNone => _kind < 0;

    /// <summary>True for a floating-point value.</summary>
    public bool IsFloatingPoint => _kind == 0;

    /// <summary>True for an integral (or boolean) value.</summary>
    public bool IsIntegral => _kind is 1 or 2;

    /// <summary>The value as a double.</summary>
    public double ToDouble() => _kind == 0 ? _real : _integer;

    /// <summary>The value as a long (a floating value is truncated toward zero).</summary>
    public long ToInt64() => _kind == 0 ? (long)_real : _integer;

    public static implicit operator Scalar(double value) => new(value, 0, 0);
    public static implicit operator Scalar(float value) => new(value, 0, 0);
    public static implicit operator Scalar(long value) => new(0, value, 1);
    public static implicit operator Scalar(int value) => new(0, value, 1);
    public static implicit operator Scalar(byte value) => new(0, value, 1);
    public static implicit operator Scalar(bool value) => new(0, value ? 1 : 0, 2);

    internal static Scalar From(double? value) => value is { } v ? v : None;

    public override string ToString() => _kind switch
    {
        0 => _real.ToString(CultureInfo.InvariantCulture),
        1 => _integer.ToString(CultureInfo.InvariantCulture),
        2 => _integer != 0 ? "true" : "false",
        _ => "none",
    };
}
