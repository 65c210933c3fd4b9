// Factory functions: filled, random and range tensors, and *_like variants.
#include "tensor.h"

namespace {

// The factories that take only sizes and options; codes are shared with C# (CreationNative.Fill).
at::Tensor make(int32_t kind, at::IntArrayRef sizes, const at::TensorOptions& opts) {
  switch (kind) {
    case 0: return at::zeros(sizes, opts);
    case 1: return at::ones(sizes, opts);
    case 2: return at::empty(sizes, opts);
    case 3: return at::randn(sizes, opts);
    case 4: return at::rand(sizes, opts);
    default: throw std::invalid_argument("factory kind " + std::to_string(kind) + " is unknown");
  }
}

at::Tensor make_like(int32_t kind, const at::Tensor& like, const at::TensorOptions& opts) {
  switch (kind) {
    case 0: return at::zeros_like(like, opts);
    case 1: return at::ones_like(like, opts);
    case 2: return at::empty_like(like, opts);
    case 3: return at::randn_like(like, opts);
    case 4: return at::rand_like(like, opts);
    default: throw std::invalid_argument("factory kind " + std::to_string(kind) + " is unknown");
  }
}

sf_tensor* finish(at::Tensor t, int32_t requires_grad) {
  if (requires_grad) t.requires_grad_(true);
  return sf::wrap(std::move(t));
}

}  // namespace

SF_API int sf_factory(int32_t kind, const int64_t* shape, int64_t ndim, int32_t dtype, int32_t device_type,
                      int32_t device_index, int32_t requires_grad, sf_tensor** out) {
  SF_TORCH_TRY
  *out = finish(make(kind, sf::ints(shape, ndim), sf::options(dtype, device_type, device_index)), requires_grad);
  SF_TORCH_CATCH
}

// dtype -1 and device_type -1 keep those of the tensor it is like.
SF_API int sf_factory_like(int32_t kind, const sf_tensor* like, int32_t dtype, int32_t device_type,
                           int32_t device_index, int32_t requires_grad, sf_tensor** out) {
  SF_TORCH_TRY
  auto opts = at::TensorOptions();
  if (dtype >= 0) opts = opts.dtype(sf::dtype(dtype));
  if (device_type >= 0) opts = opts.device(sf::device(device_type, device_index));
  *out = finish(make_like(kind, sf::get(like), opts), requires_grad);
  SF_TORCH_CATCH
}

// dtype -1 lets ATen infer it from the value (floating → default float, integral → int64).
SF_API int sf_full(const int64_t* shape, int64_t ndim, sf_scalar value, int32_t dtype, int32_t device_type,
                   int32_t device_index, int32_t requires_grad, sf_tensor** out) {
  SF_TORCH_TRY
  auto opts = sf::options(-1, device_type, device_index);
  const auto v = sf::scalar(value);
  if (dtype >= 0) {
    opts = opts.dtype(sf::dtype(dtype));
  } else {
    opts = opts.dtype(v.isFloatingPoint() ? c10::get_default_dtype_as_scalartype()
                                          : v.isBoolean() ? at::kBool : at::kLong);
  }
  *out = finish(at::full(sf::ints(shape, ndim), v, opts), requires_grad);
  SF_TORCH_CATCH
}

SF_API int sf_arange(sf_scalar start, sf_scalar end, sf_scalar step, int32_t dtype, int32_t device_type,
                     int32_t device_index, int32_t requires_grad, sf_tensor** out) {
  SF_TORCH_TRY
  auto t = at::arange(sf::scalar(start), sf::scalar(end), sf::scalar(step),
                      sf::options(dtype, device_type, device_index));
  *out = finish(std::move(t), requires_grad);
  SF_TORCH_CATCH
}

SF_API int sf_linspace(double start, double end, int64_t steps, int32_t dtype, int32_t device_type,
                       int32_t device_index, int32_t requires_grad, sf_tensor** out) {
  SF_TORCH_TRY
  auto t = at::linspace(start, end, steps, sf::options(dtype, device_type, device_index));
  *out = finish(std::move(t), requires_grad);
  SF_TORCH_CATCH
}
