namespace StyleFarm.Kernels.Color;

/// <summary>
/// Which content frames and style images <see cref="ShotColorMatching.Frames"/> pairs up for the
/// stylizer (DeepMovie §7.1, Fig. 5a). Step 1 below is "match the whole shot, viewed as one image,
/// to the style image's histogram"; it maps every frame of the shot through the same tables.
/// </summary>
public enum ColorMatchingMode
{
    /// <summary>
    /// The faithful §7.1 procedure and the default. Content i is frame i after step 1; style i is
    /// the style image matched to content i, so each frame gets its own style image (a "style movie"
    /// whose frames take the part of the painting's palette that the frame uses). The stylizer must
    /// compute style Gram matrices for every frame.
    /// </summary>
    PerFrame,

    /// <summary>
    /// One style image per shot: the style image matched to the histogram of the whole (original)
    /// shot, paired with the original frames, so the output takes the shot's colours in the
    /// painting's texture. Content is not recoloured: step 1 would push it towards the painting's
    /// palette while this style image has been pushed away from it. A stylizer computes the Gram
    /// matrices once per shot, from <see cref="ShotColorMatching.ShotStyle"/>.
    /// </summary>
    ShotLevel,

    /// <summary>
    /// Step 1 only: content i is frame i after step 1, and the style image is the original style
    /// for every frame of every shot. This is the shot-level limit of <see cref="PerFrame"/> (the
    /// whole step-1 shot already has the style's histogram, so matching the style to it changes
    /// nothing beyond rounding) and keeps the Gram matrices fixed per style and job.
    /// </summary>
    ContentOnly,
}
