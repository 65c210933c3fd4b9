// Autograd: flags, backward, gradients, and the thread's grad mode (torch.no_grad).
#include <c10/core/GradMode.h>

#include "tensor.h"

SF_API int sf_requires_grad_(sf_tensor* self, int32_t requires_grad) {
  SF_TORCH_TRY
  sf::get(self).requires_grad_(requires_grad != 0);
  SF_TORCH_CATCH
}

// gradient may be null for a scalar output; retain_graph keeps the graph for another backward.
SF_API int sf_backward(const sf_tensor* self, const sf_tensor* gradient, int32_t retain_graph, int32_t create_graph) {
  SF_TORCH_TRY
  sf::get(self).backward(sf::get_optional(gradient), retain_graph != 0, create_graph != 0);
  SF_TORCH_CATCH
}

// A handle to the accumulated gradient, or null when there is none yet.
SF_API int sf_grad(const sf_tensor* self, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& g = sf::get(self).grad();
  *out = g.defined() ? sf::wrap(g) : nullptr;
  SF_TORCH_CATCH
}

// Replaces the gradient (null clears it, as `param.grad = None`).
SF_API int sf_set_grad(sf_tensor* self, const sf_tensor* grad) {
  SF_TORCH_TRY
  sf::get(self).mutable_grad() = sf::get_optional(grad);
  SF_TORCH_CATCH
}

SF_API int sf_retain_grad(sf_tensor* self) {
  SF_TORCH_TRY
  sf::get(self).retain_grad();
  SF_TORCH_CATCH
}

// Grad mode is per thread, as in PyTorch; C# restores the previous mode when its guard is disposed.
SF_API int32_t sf_is_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

SF_API void sf_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }
