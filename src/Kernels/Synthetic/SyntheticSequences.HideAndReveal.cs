using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

public static partial class SyntheticSequences
{
    /// <summary>
    /// A slow camera pan over <paramref name="photo"/> (whole pixels per frame, scale 1) with one
    /// occluder, a rectangle cut from <paramref name="occluderPhoto"/>: wholly above the frame in frame 0,
    /// it slides down onto a region of the picture, covers that region exactly for
    /// <see cref="HideAndRevealOptions.HiddenFrames"/> frames while moving along with it, then slides
    /// back up and off, revealing the region again. The region stays wholly on screen from frame 0
    /// until it is revealed. <paramref name="seed"/> (System.Random) picks the region among the places
    /// that allow this and the part of <paramref name="occluderPhoto"/> used as texture.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the frame count is not positive, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">The photos are too small, the pan too fast to keep the region on screen,
    /// or <paramref name="frameCount"/> too short to reveal the region again (the message gives the count needed).</exception>
    public static HideAndRevealSequence HideAndReveal(RgbFrame photo, RgbFrame occluderPhoto, int width, int height,
        int frameCount, int seed, HideAndRevealOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(occluderPhoto);
        CheckShape(width, height, frameCount);
        options ??= new HideAndRevealOptions();
        options.Validate();
        var occluderWidth = Math.Max(1, (int)(width * options.OccluderFraction));
        var occluderHeight = Math.Max(1, (int)(height * options.OccluderFraction));
        if (occluderPhoto.Width < occluderWidth || occluderPhoto.Height < occluderHeight)
            throw new ArgumentException(
                $"the {occluderPhoto.Width}x{occluderPhoto.Height} occluder photo is smaller than the {occluderWidth}x{occluderHeight} occluder", nameof(occluderPhoto));
        if (options.SlideSpeed <= options.PanY)
            throw new ArgumentException(
                $"the occluder slides at {options.SlideSpeed} px per frame relative to content that moves up {options.PanY} px per frame, " +
                "so it could never leave the frame at the top; use a SlideSpeed above PanY", nameof(options));

        // The pan first: it checks that the photo holds the whole path, which also bounds every position below.
        var cameras = Pan(photo, width, height, frameCount, options.PanX, options.PanY).Cameras;
        var timing = new HideTiming(width, height, occluderWidth, occluderHeight, -options.PanX, -options.PanY,
            options.HiddenFrames, options.SlideSpeed);
        var places = timing.Places(frameCount);
        if (places.Count == 0) throw new ArgumentException(timing.Explain(frameCount), nameof(frameCount));

        var random = new Random(seed);
        var (left, top) = places[random.Next(places.Count)];
        var source = new PixelRect(random.Next(occluderPhoto.Width - occluderWidth + 1),
            random.Next(occluderPhoto.Height - occluderHeight + 1), occluderWidth, occluderHeight);
        var (firstHidden, lastHidden, firstRevealed) = timing.Frames(top);
        var path = new ScreenPosition[frameCount];
        for (var t = 0; t < frameCount; t++)
        {
            // Entering and leaving, the occluder slides relative to the region it will cover / covered.
            long slide = t < firstHidden ? firstHidden - t : t > lastHidden ? t - lastHidden : 0;
            var y = top + (long)(t - firstHidden) * timing.StepY - slide * options.SlideSpeed;
            if (y < int.MinValue / 2)
                throw new ArgumentOutOfRangeException(nameof(frameCount),
                    $"{frameCount} frames at a slide of {options.SlideSpeed} px per frame move the occluder beyond the range of pixel positions; use fewer frames or a slower slide");
            path[t] = new ScreenPosition(left + (t - firstHidden) * timing.StepX, (int)y);
        }
        var sequence = new SyntheticSequence(photo, width, height, cameras, [Occluder.Cut(occluderPhoto, source, path)]);
        return new HideAndRevealSequence(sequence, firstHidden, lastHidden, firstRevealed,
            new PixelRect(left, top, occluderWidth, occluderHeight), new ScreenPosition(timing.StepX, timing.StepY));
    }

    /// <summary>The timeline of a hide-and-reveal as a function of where the region sits when it is first hidden.</summary>
    private sealed record HideTiming(int Width, int Height, int RegionWidth, int RegionHeight, int StepX, int StepY,
        int HiddenFrames, int SlideSpeed)
    {
        /// <summary>First hidden, last hidden and first revealed frame for a region whose top is at <paramref name="top"/> when first hidden.</summary>
        public (int FirstHidden, int LastHidden, int FirstRevealed) Frames(int top)
        {
            // Frame 0 has the occluder wholly above the frame: top − h0·(StepY + SlideSpeed) + RegionHeight ≤ 0.
            var firstHidden = CeilDiv(top + RegionHeight, SlideSpeed + StepY);
            var lastHidden = firstHidden + HiddenFrames - 1;
            return (firstHidden, lastHidden, lastHidden + CeilDiv(RegionHeight, SlideSpeed));
        }

        /// <summary>Every (left, top) at first hiding that keeps the region on screen until it is revealed within <paramref name="frameCount"/> frames.</summary>
        public List<(int Left, int Top)> Places(int frameCount)
        {
            var places = new List<(int, int)>();
            for (var top = 0; top <= Height - RegionHeight; top++)
            {
                var (firstHidden, _, firstRevealed) = Frames(top);
                if (firstRevealed >= frameCount || !OnScreen(top, firstHidden, firstRevealed, StepY, Height - RegionHeight)) continue;
                for (var left = 0; left <= Width - RegionWidth; left++)
                {
                    if (OnScreen(left, firstHidden, firstRevealed, StepX, Width - RegionWidth)) places.Add((left, top));
                }
            }
            return places;
        }

        /// <summary>Why no place fits <paramref name="frameCount"/> frames.</summary>
        public string Explain(int frameCount)
        {
            var needed = int.MaxValue;
            for (var top = 0; top <= Height - RegionHeight; top++)
            {
                var (firstHidden, _, firstRevealed) = Frames(top);
                var fitsX = Enumerable.Range(0, Width - RegionWidth + 1)
                    .Any(left => OnScreen(left, firstHidden, firstRevealed, StepX, Width - RegionWidth));
                if (fitsX && OnScreen(top, firstHidden, firstRevealed, StepY, Height - RegionHeight))
                    needed = Math.Min(needed, firstRevealed + 1);
            }
            return needed == int.MaxValue
                ? $"a {RegionWidth}x{RegionHeight} region moving ({StepX}, {StepY}) px per frame cannot stay inside the {Width}x{Height} frame " +
                  $"while the occluder enters, hides it for {HiddenFrames} frames and leaves at {SlideSpeed} px per frame; " +
                  "use a slower pan, fewer hidden frames, a faster slide or a smaller occluder"
                : $"hiding and revealing a region needs at least {needed} frames with these options, got {frameCount}";
        }

        private static bool OnScreen(int atFirstHidden, int firstHidden, int firstRevealed, int step, int max)
        {
            var first = atFirstHidden - firstHidden * step;
            var last = atFirstHidden + (firstRevealed - firstHidden) * step;
            return first >= 0 && first <= max && last >= 0 && last <= max;
        }

        // a ≥ 1, b ≥ 1; written so that a large b cannot overflow.
        private static int CeilDiv(int a, int b) => (a - 1) / b + 1;
    }
}
