namespace StyleFarm.Kernels.Models;

/// <summary>A tensor a network needs from its weights file: its key and exact shape.</summary>
public sealed record TensorRequirement(string Name, IReadOnlyList<long> Shape);
