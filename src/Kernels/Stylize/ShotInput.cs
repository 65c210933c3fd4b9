using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Style;

namespace StyleFarm.Kernels.Stylize;

/// <summary>One shot to stylize: its content frames and, for each, the style targets to match.</summary>
/// <param name="FirstFrame">Absolute number of the shot's first frame (names its frames in the workspace).</param>
/// <param name="Frames">Content frames at render size.</param>
/// <param name="StyleFor">The style targets of shot-relative frame i (shared by all frames unless colours are matched per frame).</param>
public sealed record ShotInput(int FirstFrame, IReadOnlyList<RgbFrame> Frames, Func<int, StyleTargets> StyleFor);
