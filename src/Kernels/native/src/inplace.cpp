// In-place updates, the optimisers' working set (add_ with alpha, addcmul_, addcdiv_, ...).
// ATen's in-place methods are const on at::Tensor: they mutate the TensorImpl every handle shares.
#include "tensor.h"

// op 0 add_, 1 sub_ (both with alpha), 2 mul_, 3 div_.
SF_API int sf_inplace(int32_t op, sf_tensor* self, const sf_tensor* other, sf_scalar alpha) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto& o = sf::get(other, "other");
  switch (op) {
    case 0: t.add_(o, sf::scalar(alpha)); break;
    case 1: t.sub_(o, sf::scalar(alpha)); break;
    case 2: t.mul_(o); break;
    case 3: t.div_(o); break;
    default: throw std::invalid_argument("in-place op " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

SF_API int sf_inplace_scalar(int32_t op, sf_tensor* self, sf_scalar value) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto v = sf::scalar(value);
  switch (op) {
    case 0: t.add_(v); break;
    case 1: t.sub_(v); break;
    case 2: t.mul_(v); break;
    case 3: t.div_(v); break;
    default: throw std::invalid_argument("in-place op " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

// self += value·t1·t2 (op 0, addcmul_) or self += value·t1/t2 (op 1, addcdiv_).
SF_API int sf_addc_(int32_t op, sf_tensor* self, const sf_tensor* t1, const sf_tensor* t2, sf_scalar value) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  if (op == 0) t.addcmul_(sf::get(t1, "tensor1"), sf::get(t2, "tensor2"), sf::scalar(value));
  else t.addcdiv_(sf::get(t1, "tensor1"), sf::get(t2, "tensor2"), sf::scalar(value));
  SF_TORCH_CATCH
}

SF_API int sf_copy_(sf_tensor* self, const sf_tensor* source) {
  SF_TORCH_TRY
  sf::get(self).copy_(sf::get(source, "source"));
  SF_TORCH_CATCH
}

SF_API int sf_zero_(sf_tensor* self) {
  SF_TORCH_TRY
  sf::get(self).zero_();
  SF_TORCH_CATCH
}

SF_API int sf_fill_(sf_tensor* self, sf_scalar value) {
  SF_TORCH_TRY
  sf::get(self).fill_(sf::scalar(value));
  SF_TORCH_CATCH
}

SF_API int sf_clamp_(sf_tensor* self, sf_scalar min, sf_scalar max) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  if (min.kind >= 0 && max.kind >= 0) t.clamp_(sf::scalar(min), sf::scalar(max));
  else if (min.kind >= 0) t.clamp_min_(sf::scalar(min));
  else if (max.kind >= 0) t.clamp_max_(sf::scalar(max));
  else throw std::invalid_argument("clamp_ needs a min, a max, or both");
  SF_TORCH_CATCH
}
