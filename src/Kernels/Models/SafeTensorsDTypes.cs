using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Models;

/// <summary>Sizes, names and float32 conversions of <see cref="SafeTensorsDType"/> values.</summary>
public static class SafeTensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.BOOL or SafeTensorsDType.U8 or SafeTensorsDType.I8
            or SafeTensorsDType.F8_E5M2 or SafeTensorsDType.F8_E4M3 => 1,
        SafeTensorsDType.I16 or SafeTensorsDType.U16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.F32 => 4,
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a safetensors dtype"),
    };

    /// <summary>True for the types <see cref="DecodeFloats"/> converts to float32: F16, BF16, F32, F64.</summary>
    public static bool IsFloatingPoint(SafeTensorsDType dtype) =>
        dtype is SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F32 or SafeTensorsDType.F64;

    /// <summary>Parses a header dtype name exactly as written ("F32", "BF16", …); case matters, as in the format.</summary>
    public static bool TryParse(string name, out SafeTensorsDType dtype)
    {
        foreach (var candidate in Enum.GetValues<SafeTensorsDType>())
        {
            if (candidate.ToString() == name)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>
    /// Converts little-endian elements of a floating-point <paramref name="dtype"/> to float32.
    /// F16 and BF16 widen exactly; F64 rounds to the nearest float32.
    /// </summary>
    public static void DecodeFloats(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var size = SizeOf(dtype);
        if (source.Length != destination.Length * size)
            throw new ArgumentException($"{source.Length} bytes of {dtype} do not make {destination.Length} elements");
        switch (dtype)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case SafeTensorsDType.F32:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case SafeTensorsDType.F16:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case SafeTensorsDType.BF16:
                // bfloat16 is the top half of a float32, so widening is a shift.
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                break;
            case SafeTensorsDType.F64:
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                break;
            default:
                throw new ArgumentException($"{dtype} is not a floating-point type; only F16, BF16, F32 and F64 convert to float32", nameof(dtype));
        }
    }

    /// <summary>
    /// Converts float32 values to little-endian elements of a floating-point <paramref name="dtype"/>,
    /// rounding to nearest even where the type is narrower.
    /// </summary>
    public static void EncodeFloats(SafeTensorsDType dtype, ReadOnlySpan<float> source, Span<byte> destination)
    {
        var size = SizeOf(dtype);
        if (destination.Length != source.Length * size)
            throw new ArgumentException($"{source.Length} elements of {dtype} need {source.Length * size} bytes, not {destination.Length}");
        for (var i = 0; i < source.Length; i++)
        {
            var value = source[i];
            switch (dtype)
            {
                case SafeTensorsDType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], value);
                    break;
                case SafeTensorsDType.F16:
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)value);
                    break;
                case SafeTensorsDType.BF16:
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], ToBFloat16Bits(value));
                    break;
                case SafeTensorsDType.F64:
                    BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * 8)..], value);
                    break;
                default:
                    throw new ArgumentException($"{dtype} is not a floating-point type; only F16, BF16, F32 and F64 hold floats", nameof(dtype));
            }
        }
    }

    private static ushort ToBFloat16Bits(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40); // keep it a (quiet) NaN after truncation
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1); // round half to even
        return (ushort)((bits + roundingBias) >> 16);
    }
}
