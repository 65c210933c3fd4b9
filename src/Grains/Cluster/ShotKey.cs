using System.Globalization;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Cluster;

/// <summary>The key of a shot grain: "{job}/{shot:D4}", one grain per shot of a job.</summary>
public static class ShotKey
{
    /// <summary>The key of shot <paramref name="shot"/> of <paramref name="job"/>.</summary>
    public static string Of(JobId job, int shot) => string.Create(CultureInfo.InvariantCulture, $"{job}/{shot:D4}");

    /// <summary>The job and shot of <paramref name="key"/>.</summary>
    /// <exception cref="FormatException">The key is not one <see cref="Of"/> writes.</exception>
    public static (JobId Job, int Shot) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash < 0 || !JobId.TryParse(key[..slash], out var job) || !int.TryParse(key[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var shot))
            throw new FormatException($"'{key}' is not a shot key: expected JOB/SHOT");
        return (job, shot);
    }
}
