namespace StyleFarm.Kernels.Models;

/// <summary>
/// A weights file that is not a well-formed safetensors file, or that does not hold the tensors a
/// network needs. The message names the file and what is wrong with it.
/// </summary>
public sealed class InvalidModelFileException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    /// <summary>The file that was rejected.</summary>
    public string FilePath { get; } = path;

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; } = problem;
}
