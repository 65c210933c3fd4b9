namespace StyleFarm.Kernels.Models;

/// <summary>Checks that a safetensors file holds every tensor a network layout requires.</summary>
public static class ModelFileValidator
{
    private const int MaxProblemsListed = 8;

    /// <summary>
    /// Every required tensor must be present with its exact shape and a floating-point dtype
    /// (F16, BF16, F32 or F64; it is converted to float32 on load). Extra tensors, such as
    /// torchvision's classifier.*, are allowed. Throws <see cref="InvalidModelFileException"/> listing
    /// the problems found.
    /// </summary>
    public static void Validate(SafeTensorsFile file, FeatureNetworkLayout layout)
    {
        var problems = new List<string>();
        foreach (var required in layout.RequiredTensors)
        {
            if (!file.Contains(required.Name))
            {
                problems.Add($"tensor '{required.Name}' is missing (expected shape {TensorShape.Format(required.Shape)})");
                continue;
            }
            var info = file.GetInfo(required.Name);
            if (!TensorShape.AreEqual(info.Shape, required.Shape))
                problems.Add($"tensor '{required.Name}' has shape {TensorShape.Format(info.Shape)}, expected {TensorShape.Format(required.Shape)}");
            if (!SafeTensorsDTypes.IsFloatingPoint(info.DType))
                problems.Add($"tensor '{required.Name}' has dtype {info.DType}, expected a floating-point type (F32, F16, BF16 or F64)");
        }
        if (problems.Count == 0) return;
        var listed = string.Join("; ", problems.Take(MaxProblemsListed));
        var more = problems.Count > MaxProblemsListed ? $"; and {problems.Count - MaxProblemsListed} more" : "";
        throw new InvalidModelFileException(file.Path,
            $"not {layout.ModelName} weights with torchvision's key names: {listed}{more}");
    }
}
