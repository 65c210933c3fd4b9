namespace StyleFarm.Kernels.Models;

/// <summary>What <see cref="ModelStore.InstallAsync"/> did.</summary>
/// <param name="Name">The model installed ("vgg19").</param>
/// <param name="Path">Where its weights now are.</param>
/// <param name="Sha256">SHA-256 of the weights file, lower-case hex.</param>
/// <param name="Bytes">Size of the weights file.</param>
/// <param name="AlreadyInstalled">True when the same file (same SHA-256) was installed already and nothing was replaced.</param>
public sealed record ModelInstallResult(string Name, string Path, string Sha256, long Bytes, bool AlreadyInstalled);
