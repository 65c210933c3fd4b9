// Reductions over all elements or over dimensions, and the vector/matrix products.
#include "tensor.h"

// op 0 sum, 1 mean, 2 max, 3 min over all elements (a 0-dim tensor).
SF_API int sf_reduce_all(int32_t op, const sf_tensor* self, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  switch (op) {
    case 0: *out = sf::wrap(at::sum(t)); break;
    case 1: *out = sf::wrap(at::mean(t)); break;
    case 2: *out = sf::wrap(at::max(t)); break;
    case 3: *out = sf::wrap(at::min(t)); break;
    default: throw std::invalid_argument("reduction " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

// op 0 sum, 1 mean, 2 amax, 3 amin over dims.
SF_API int sf_reduce_dims(int32_t op, const sf_tensor* self, const int64_t* dims, int64_t ndims, int32_t keepdim,
                          sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto d = sf::ints(dims, ndims);
  const bool keep = keepdim != 0;
  switch (op) {
    case 0: *out = sf::wrap(at::sum(t, d, keep)); break;
    case 1: *out = sf::wrap(at::mean(t, d, keep)); break;
    case 2: *out = sf::wrap(at::amax(t, d, keep)); break;
    case 3: *out = sf::wrap(at::amin(t, d, keep)); break;
    default: throw std::invalid_argument("reduction " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

// The p-norm of all elements (ndims 0) or over dims.
SF_API int sf_norm(const sf_tensor* self, double p, const int64_t* dims, int64_t ndims, int32_t keepdim,
                   sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  *out = sf::wrap(ndims == 0 ? at::linalg_vector_norm(t, p)
                             : at::linalg_vector_norm(t, p, sf::ints(dims, ndims), keepdim != 0));
  SF_TORCH_CATCH
}

// op 0 mm, 1 matmul, 2 bmm, 3 dot.
SF_API int sf_product(int32_t op, const sf_tensor* a, const sf_tensor* b, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& x = sf::get(a, "left operand");
  const auto& y = sf::get(b, "right operand");
  switch (op) {
    case 0: *out = sf::wrap(at::mm(x, y)); break;
    case 1: *out = sf::wrap(at::matmul(x, y)); break;
    case 2: *out = sf::wrap(at::bmm(x, y)); break;
    case 3: *out = sf::wrap(at::dot(x, y)); break;
    default: throw std::invalid_argument("product " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}
