namespace StyleFarm.Kernels.Models;

/// <summary>
/// One tensor's entry in a safetensors header. <see cref="DataBegin"/> and <see cref="DataEnd"/> are
/// byte offsets relative to the first byte after the header, as in the file.
/// </summary>
public sealed record SafeTensorInfo(string Name, SafeTensorsDType DType, IReadOnlyList<long> Shape, long DataBegin, long DataEnd)
{
    /// <summary>Product of the shape (1 for a scalar).</summary>
    public long ElementCount => TensorShape.ElementCount(Shape);

    /// <summary>Bytes of data the tensor occupies.</summary>
    public long ByteLength => DataEnd - DataBegin;
}
