#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    /// <summary>
    /// A tensor's element type, numbered as c10::ScalarType (TorchSharp uses the same names and values).
    /// </summary>
    public enum ScalarType : sbyte
    {
        Byte = 0,
        Int8 = 1,
        Int16 = 2,
        Int32 = 3,
        Int64 = 4,
        Float16 = 5,
        Float32 = 6,
        Float64 = 7,
        Bool = 11,
        BFloat16 = 15,
    }

    /// <summary>uint8, the type of 8-bit image pixels.</summary>
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;
}
