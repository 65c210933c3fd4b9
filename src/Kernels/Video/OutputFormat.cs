namespace StyleFarm.Kernels.Video;

/// <summary>What a <see cref="VideoWriter"/> produces.</summary>
public enum OutputFormat
{
    /// <summary>
    /// H.264 (libx264), yuv420p, BT.709, quality set by CRF; in .mp4, .mov, .m4v or .mkv.
    /// Lossy; width and height must be even.
    /// </summary>
    H264,

    /// <summary>
    /// FFV1 level 3 (RFC 9043), 8-bit RGB (bgr0), every frame a keyframe; in .mkv, .avi or .nut.
    /// Chosen as the lossless codec because it stores RGB exactly (reversible colour transform, no
    /// chroma subsampling), every frame decodes on its own (exact, cheap seeking), and it is
    /// standardised for archiving; libx264rgb -qp 0 is lossless too but has long GOPs and few
    /// decoders accept 4:4:4 RGB H.264.
    /// </summary>
    Ffv1,

    /// <summary>8-bit RGB PNG image sequence (rgb24); the path is a pattern such as out/%05d.png.</summary>
    Png8,

    /// <summary>
    /// 16-bit RGB PNG image sequence (rgb48); the path is a pattern. Float frames keep 1/65535
    /// precision; 8-bit frames are widened exactly (v·257).
    /// </summary>
    Png16,
}
