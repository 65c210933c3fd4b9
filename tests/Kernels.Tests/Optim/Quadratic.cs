using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>
/// f(x) = ½xᵀAx − bᵀx in float64, n = 10, with A = MᵀM / divisor + I (SPD) built from the same exact
/// entries as reference/optim_reference.py, and its exact minimiser A⁻¹b (Cholesky in doubles).
/// </summary>
internal sealed class Quadratic : IDisposable
{
    public const int N = 10;

    private readonly Tensor _a;
    private readonly Tensor _b;

    /// <summary>divisor 1 is the reference script's problem (condition number 18.6); 16 gives 2.4.</summary>
    public Quadratic(double divisor = 1)
    {
        var m = new double[N, N];
        for (var i = 0; i < N; i++)
            for (var j = 0; j < N; j++) m[i, j] = ((7 * i + 3 * j) % 11 - 5) / 4.0;
        A = new double[N, N];
        for (var i = 0; i < N; i++)
            for (var j = 0; j < N; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < N; k++) sum += m[k, i] * m[k, j];
                A[i, j] = sum / divisor + (i == j ? 1 : 0);
            }
        B = Enumerable.Range(0, N).Select(i => (5 * i % 7 - 3) / 2.0).ToArray();
        Start = Enumerable.Range(0, N).Select(i => (3 * i % 5 - 2) / 4.0).ToArray();
        var flat = new double[N * N];
        for (var i = 0; i < N; i++)
            for (var j = 0; j < N; j++) flat[i * N + j] = A[i, j];
        _a = tensor(flat, [N, N]).DetachFromDisposeScope();
        _b = tensor(B).DetachFromDisposeScope();
        Minimiser = Solve(A, B);
    }

    public double[,] A { get; }
    public double[] B { get; }

    /// <summary>The reference script's starting point x0.</summary>
    public double[] Start { get; }

    /// <summary>A⁻¹b.</summary>
    public double[] Minimiser { get; }

    /// <summary>How many times <see cref="Loss"/> ran.</summary>
    public int Evaluations { get; private set; }

    /// <summary>A float64 leaf at x0 that requires grad.</summary>
    public Tensor NewStart() => tensor(Start, requires_grad: true);

    /// <summary>The objective: f(x), with backward.</summary>
    public Tensor Loss(Tensor x)
    {
        Evaluations++;
        var loss = 0.5 * x.dot(_a.matmul(x)) - _b.dot(x);
        loss.backward();
        return loss;
    }

    /// <summary>∇f(x) = Ax − b in doubles.</summary>
    public double[] Gradient(double[] x) =>
        Enumerable.Range(0, N).Select(i => Enumerable.Range(0, N).Sum(j => A[i, j] * x[j]) - B[i]).ToArray();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        // Cholesky A = LLᵀ, then two triangular solves.
        var l = new double[N, N];
        for (var i = 0; i < N; i++)
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
            }
        var y = new double[N];
        for (var i = 0; i < N; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var x = new double[N];
        for (var i = N - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < N; k++) sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
