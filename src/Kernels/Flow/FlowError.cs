namespace StyleFarm.Kernels.Flow;

/// <summary>Accuracy of an estimated flow field against ground truth.</summary>
public static class FlowError
{
    /// <summary>
    /// The mean end-point error: the average over pixels of |w_estimate(x) − w_truth(x)|, in pixels,
    /// skipping a frame of <paramref name="border"/> pixels on every side and the pixels whose
    /// ground truth is unknown (Middlebury's marks).
    /// </summary>
    /// <exception cref="ArgumentException">The fields differ in size, or the border leaves no pixel, or no pixel has known ground truth.</exception>
    public static double MeanEndPoint(FlowField estimate, FlowField truth, int border = 0)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(truth);
        if (estimate.Width != truth.Width || estimate.Height != truth.Height)
            throw new ArgumentException(
                $"the estimate is {estimate.Width}x{estimate.Height} but the ground truth is {truth.Width}x{truth.Height}", nameof(truth));
        if (border < 0 || 2 * border >= truth.Width || 2 * border >= truth.Height)
            throw new ArgumentOutOfRangeException(nameof(border),
                $"a border of {border} px leaves no pixel of a {truth.Width}x{truth.Height} field to measure");
        double sum = 0;
        long count = 0;
        for (var y = border; y < truth.Height - border; y++)
        {
            for (var x = border; x < truth.Width - border; x++)
            {
                var (tu, tv) = (truth.U(x, y), truth.V(x, y));
                if (!FlowField.IsKnown(tu, tv)) continue;
                var du = (double)estimate.U(x, y) - tu;
                var dv = (double)estimate.V(x, y) - tv;
                sum += Math.Sqrt(du * du + dv * dv);
                count++;
            }
        }
        if (count == 0) throw new ArgumentException("the ground truth has no known vector inside the border", nameof(truth));
        return sum / count;
    }
}
