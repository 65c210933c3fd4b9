using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>
/// The function an optimizer minimises. Called with the tensor being optimized, it returns the loss as a
/// one-element tensor and leaves ∂loss/∂x in <c>x.grad</c>, normally by calling <c>loss.backward()</c>
/// (an objective with an analytic gradient may set <c>x.grad</c> itself). One call is one evaluation
/// (for the stylizer, one forward and one backward pass through VGG): the optimizers call it once per
/// point and never twice for the same point.
/// </summary>
/// <remarks>
/// The optimizer clears <c>x.grad</c> (sets it to null) before each call, so gradients never accumulate
/// from one evaluation to the next, and runs the call with autograd enabled inside a dispose scope of its
/// own: every tensor the objective creates during the call is freed when the evaluation has been read.
/// Tensors that must live longer (targets, cached Gram matrices) are made before optimizing. The
/// objective must not change x.
/// </remarks>
/// <param name="x">The current point; a leaf tensor, normally with requires_grad set.</param>
/// <returns>The loss at <paramref name="x"/> (a one-element floating tensor).</returns>
public delegate Tensor Objective(Tensor x);
