namespace StyleFarm.Kernels.Stylize;

/// <summary>Where a render is: reported after every optimizer iteration and when a frame is finished.</summary>
/// <param name="Frame">Absolute frame number.</param>
/// <param name="Pass">1-based pass.</param>
/// <param name="Passes">Passes of the render.</param>
/// <param name="Iteration">Optimizer iteration within the frame (0 when the frame was resumed from the workspace).</param>
/// <param name="Loss">The frame's current loss (NaN when resumed).</param>
/// <param name="FrameFinished">True on the report that closes a frame of a pass.</param>
/// <param name="Evaluations">On the report that closes a frame: the objective evaluations its optimizer made (0 when resumed, and on every other report).</param>
public readonly record struct RenderProgress(int Frame, int Pass, int Passes, int Iteration, int MaxIterations, double Loss, bool FrameFinished, int Evaluations = 0);
