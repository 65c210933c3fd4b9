using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>One call of an <see cref="Objective"/>, checked: the loss as a double, the gradient in x.grad.</summary>
internal static class ObjectiveEvaluation
{
    /// <summary>
    /// Clears x.grad, calls the objective with autograd on and returns the loss; x.grad then holds the
    /// gradient (checked to exist and to have x's shape). Call it inside a dispose scope.
    /// </summary>
    public static double Evaluate(Objective objective, Tensor x, int evaluation)
    {
        x.grad = null;
        Tensor loss;
        using (enable_grad()) loss = objective(x);
        if (loss is null)
            throw new InvalidOperationException($"the objective returned null at evaluation {evaluation}; return the loss tensor");
        if (loss.IsInvalid)
            throw new InvalidOperationException($"the objective returned a disposed tensor at evaluation {evaluation}; return the loss without disposing it (the optimizer frees it)");
        if (loss.numel() != 1)
            throw new InvalidOperationException(
                $"the objective returned a tensor of shape [{string.Join(", ", loss.shape)}] at evaluation {evaluation}; " +
                "return the scalar loss (reduce it with sum() or mean())");
        var value = TensorScalars.ToDouble(loss);
        using var gradient = x.grad ?? throw new InvalidOperationException(
            $"the objective left x.grad empty at evaluation {evaluation}; call loss.backward() in it, and make x require " +
            "gradients (x.requires_grad_()) before optimizing");
        if (!gradient.shape.SequenceEqual(x.shape))
            throw new InvalidOperationException(
                $"the objective left a gradient of shape [{string.Join(", ", gradient.shape)}] for x of shape " +
                $"[{string.Join(", ", x.shape)}] at evaluation {evaluation}; the gradient must have x's shape");
        return value;
    }

    /// <summary>Checks that a tensor can be optimized in place: a floating leaf tensor with elements.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="optimizer">The optimizer's name, for messages.</param>
    /// <param name="name">What the caller calls the tensor ("x", "parameter 2"), for messages.</param>
    public static void RequireOptimizable(Tensor tensor, string optimizer, string name = "x")
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        var type = tensor.dtype;
        if (type is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException(
                $"{optimizer} optimizes float32 or float64 tensors; {name} is {type}: convert it with to_type(ScalarType.Float32)", name);
        if (tensor.numel() == 0)
            throw new ArgumentException($"{optimizer} needs a tensor with elements; {name} has shape [{string.Join(", ", tensor.shape)}]", name);
        if (!tensor.is_leaf)
            throw new ArgumentException(
                $"{optimizer} updates {name} in place and reads its grad, so it must be a leaf tensor; it was computed from " +
                "other tensors: optimize a detached copy (t.detach().clone().requires_grad_())", name);
    }
}
