namespace StyleFarm.Kernels.Native;

/// <summary>An error raised inside OpenCV by the native flow library, carrying its message.</summary>
public sealed class NativeException(string operation, string message)
    : Exception($"{operation}: {message}")
{
    /// <summary>The native function that failed, e.g. "sf_flow_dis".</summary>
    public string Operation { get; } = operation;

    /// <summary>The message of OpenCV, unchanged.</summary>
    public string NativeMessage { get; } = message;
}
