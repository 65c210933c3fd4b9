using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>What <see cref="JobPreflight"/> learnt about a job it accepted.</summary>
/// <param name="Input">The probed input; null when it was not read here (an http(s) URL, left to the plan task).</param>
/// <param name="RenderSize">The size frames are stylized at; null when the input was not probed.</param>
public sealed record PreflightResult(VideoInfo? Input, (int Width, int Height)? RenderSize);
