namespace StyleFarm.Kernels.Stylize;

/// <summary>What `stylefarm render` was asked to do.</summary>
/// <param name="Input">A video file or an image-sequence pattern.</param>
/// <param name="StyleImage">The painting.</param>
/// <param name="Output">A video file (.mp4/.mov: H.264, .mkv: lossless FFV1) or an image-sequence pattern (frames/%05d.png).</param>
/// <param name="Preset">Every stylizer parameter, overrides applied.</param>
/// <param name="Independent">The baseline: every frame on its own, noise init, no temporal term, each with the first-frame iterations.</param>
/// <param name="Width">Render width (null: the input's, or derived from <paramref name="Height"/>).</param>
/// <param name="Height">Render height (null: the input's, or derived from <paramref name="Width"/>).</param>
/// <param name="FirstFrame">First input frame to render.</param>
/// <param name="EndFrame">One past the last input frame to render (null: to the end).</param>
/// <param name="Device">"cpu" or "cuda:N".</param>
/// <param name="MatchColors">DeepMovie §7.1 histogram matching of the style to each shot and frame.</param>
/// <param name="Workspace">Where finished frames wait for the encoder (null: next to the output).</param>
/// <param name="SixteenBit">Image-sequence output as 16-bit PNG.</param>
public sealed record RenderRequest(
    string Input,
    string StyleImage,
    string Output,
    StylePreset Preset,
    bool Independent = false,
    int? Width = null,
    int? Height = null,
    int FirstFrame = 0,
    int? EndFrame = null,
    string Device = "cpu",
    bool MatchColors = false,
    string? Workspace = null,
    bool SixteenBit = false)
{
    /// <summary>The workspace folder used when none is given: a hidden folder beside the output.</summary>
    public string WorkspaceFolder
    {
        get
        {
            if (Workspace is not null) return Workspace;
            var full = Path.GetFullPath(Output);
            var name = Path.GetFileName(full).Replace('%', '_');
            return Path.Combine(Path.GetDirectoryName(full)!, $".{name}.stylefarm-work");
        }
    }
}
