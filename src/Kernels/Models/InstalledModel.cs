namespace StyleFarm.Kernels.Models;

/// <summary>A model whose weights are in the store.</summary>
public sealed record InstalledModel(string Name, string Path, long Bytes, DateTime InstalledUtc);
