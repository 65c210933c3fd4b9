using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>Reads one-element tensors into doubles, the precision the optimizers keep their scalars in.</summary>
internal static class TensorScalars
{
    /// <summary>The value of a one-element tensor of any dtype.</summary>
    public static double ToDouble(Tensor scalar)
    {
        switch (scalar.dtype)
        {
            case ScalarType.Float64: return scalar.item<double>();
            case ScalarType.Float32: return scalar.item<float>();
            default:
                using (var converted = scalar.to_type(ScalarType.Float64)) return converted.item<double>();
        }
    }

    /// <summary>aᵀb of two flat vectors.</summary>
    public static double Dot(Tensor a, Tensor b)
    {
        using var product = a.dot(b);
        return ToDouble(product);
    }

    /// <summary>‖v‖₁.</summary>
    public static double L1(Tensor v)
    {
        using var norm = v.norm(p: 1);
        return ToDouble(norm);
    }
}
