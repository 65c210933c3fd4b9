namespace StyleFarm.Kernels.Torch;

/// <summary>Which C# element type holds which tensor dtype on the host.</summary>
internal static class HostTypes
{
    /// <summary>The dtype a host array of T holds; an ArgumentException names the types that work.</summary>
    public static torch.ScalarType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return torch.ScalarType.Float32;
        if (typeof(T) == typeof(double)) return torch.ScalarType.Float64;
        if (typeof(T) == typeof(byte)) return torch.ScalarType.Byte;
        if (typeof(T) == typeof(sbyte)) return torch.ScalarType.Int8;
        if (typeof(T) == typeof(short)) return torch.ScalarType.Int16;
        if (typeof(T) == typeof(int)) return torch.ScalarType.Int32;
        if (typeof(T) == typeof(long)) return torch.ScalarType.Int64;
        if (typeof(T) == typeof(bool)) return torch.ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return torch.ScalarType.Float16;
        throw new ArgumentException(
            $"{typeof(T).Name} is not a tensor element type; use float, double, byte, sbyte, short, int, long, bool or Half",
            nameof(T));
    }
}
