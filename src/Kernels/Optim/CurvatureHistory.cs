using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>
/// L-BFGS's memory: the last curvature pairs s = x_{k+1} − x_k, y = g_{k+1} − g_k as rows of two
/// preallocated [capacity + 1, n] tensors on x's device (one row spare, so a pair can be built before it is
/// known to be kept), and the product of the implied inverse Hessian with a gradient (the two-loop
/// recursion, Nocedal and Wright, Algorithm 7.4).
/// </summary>
internal sealed class CurvatureHistory : IDisposable
{
    // A pair is kept only when yᵀs exceeds this (optim.lbfgs), which keeps the update positive definite.
    private const double MinimumCurvature = 1e-10;

    private readonly int _capacity;
    private readonly Tensor _steps;
    private readonly Tensor _gradientChanges;
    private readonly Tensor[] _s;
    private readonly Tensor[] _y;
    private readonly double[] _rho;
    private readonly double[] _alpha;
    private readonly List<int> _order;
    private readonly Stack<int> _free;
    private int _spare;

    /// <summary>Room for <paramref name="capacity"/> pairs of vectors shaped, typed and placed as <paramref name="like"/> (flat).</summary>
    public CurvatureHistory(int capacity, Tensor like)
    {
        _capacity = capacity;
        var rows = capacity + 1;
        var n = like.numel();
        _steps = empty([rows, n], like.dtype, like.device).DetachFromDisposeScope();
        try
        {
            _gradientChanges = empty([rows, n], like.dtype, like.device).DetachFromDisposeScope();
        }
        catch
        {
            // Out of device memory for the second block: free the first before reporting it.
            _steps.Dispose();
            throw;
        }
        _s = new Tensor[rows];
        _y = new Tensor[rows];
        for (var row = 0; row < rows; row++)
        {
            _s[row] = Row(_steps, row, n);
            _y[row] = Row(_gradientChanges, row, n);
        }
        _rho = new double[rows];
        _alpha = new double[rows];
        _order = new List<int>(rows);
        _free = new Stack<int>(Enumerable.Range(1, capacity).Reverse());
        _spare = 0;
    }

    /// <summary>The number of pairs held.</summary>
    public int Count => _order.Count;

    /// <summary>The scale γ = sᵀy / yᵀy of the initial inverse Hessian γI, from the newest pair (1 before any).</summary>
    public double Gamma { get; private set; } = 1;

    /// <summary>
    /// Builds the pair s = step·direction, y = gradient − previousGradient and keeps it when yᵀs &gt; 1e-10,
    /// dropping the oldest pair when full. Returns whether it was kept.
    /// </summary>
    public bool Offer(Tensor direction, double step, Tensor gradient, Tensor previousGradient)
    {
        var s = _s[_spare];
        var y = _y[_spare];
        y.copy_(gradient).sub_(previousGradient);
        s.copy_(direction).mul_(step);
        var ys = TensorScalars.Dot(y, s);
        if (!(ys > MinimumCurvature)) return false;

        _rho[_spare] = 1 / ys;
        _order.Add(_spare);
        if (_order.Count > _capacity)
        {
            _spare = _order[0];
            _order.RemoveAt(0);
        }
        else
        {
            _spare = _free.Pop();
        }
        Gamma = ys / TensorScalars.Dot(y, y);
        return true;
    }

    /// <summary>Writes d = −H·g into <paramref name="direction"/>, using <paramref name="work"/> (a flat buffer) for q.</summary>
    public void Direction(Tensor gradient, Tensor work, Tensor direction)
    {
        var q = work.copy_(gradient).neg_();
        for (var i = _order.Count - 1; i >= 0; i--)
        {
            var row = _order[i];
            _alpha[row] = _rho[row] * TensorScalars.Dot(_s[row], q);
            q.add_(_y[row], -_alpha[row]);
        }
        var r = direction.copy_(q).mul_(Gamma);
        for (var i = 0; i < _order.Count; i++)
        {
            var row = _order[i];
            var beta = _rho[row] * TensorScalars.Dot(_y[row], r);
            r.add_(_s[row], _alpha[row] - beta);
        }
    }

    /// <summary>Frees the history's memory.</summary>
    public void Dispose()
    {
        foreach (var row in _s) row.Dispose();
        foreach (var row in _y) row.Dispose();
        _steps.Dispose();
        _gradientChanges.Dispose();
    }

    private static Tensor Row(Tensor matrix, int row, long n)
    {
        using var slice = matrix.narrow(0, row, 1);
        return slice.view(n).DetachFromDisposeScope();
    }
}
