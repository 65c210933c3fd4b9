namespace StyleFarm.Kernels.Native;

/// <summary>An error raised inside libtorch or OpenCV, carrying their message.</summary>
public sealed class NativeException(string operation, string message)
    : Exception($"{operation}: {message}")
{
    /// <summary>The shim function that failed, e.g. "sf_conv2d".</summary>
    public string Operation { get; } = operation;

    /// <summary>The message of libtorch or OpenCV, unchanged.</summary>
    public string NativeMessage { get; } = message;
}
