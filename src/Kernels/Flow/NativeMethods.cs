using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Flow;

/// <summary>The functions of the native flow library (native/src/flow.cpp); each returns a status for <see cref="NativeError.Check"/>.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_flow_dis")]
    internal static partial int FlowDis(byte* from, byte* to, int width, int height, DisNativeParameters* parameters, float* flow);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_flow_deepflow")]
    internal static partial int FlowDeepFlow(byte* from, byte* to, int width, int height, float* flow);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_flow_farneback")]
    internal static partial int FlowFarneback(byte* from, byte* to, int width, int height, double pyramidScale,
        int levels, int windowSize, int iterations, int polyN, double polySigma, float* flow);
}

/// <summary>Mirrors the flow library's DisParameters struct field by field; a negative value keeps the preset's own.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DisNativeParameters
{
    public int Preset;
    public int FinestScale;
    public int PatchSize;
    public int PatchStride;
    public int GradientDescentIterations;
    public int VariationalRefinementIterations;
    public float VariationalRefinementAlpha;
    public float VariationalRefinementDelta;
    public float VariationalRefinementGamma;
    public int UseMeanNormalization;
    public int UseSpatialPropagation;
}
