// Views and copies that change shape, layout or type, and joining tensors.
#include "tensor.h"

namespace {
std::vector<at::Tensor> list(const sf_tensor* const* handles, int64_t count) {
  if (count <= 0) throw std::invalid_argument("the tensor list is empty");
  std::vector<at::Tensor> tensors;
  tensors.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) tensors.push_back(sf::get(handles[i], "listed tensor"));
  return tensors;
}
}  // namespace

// op 0 view, 1 reshape, 2 permute, 3 expand.
SF_API int sf_reshape(int32_t op, const sf_tensor* self, const int64_t* sizes, int64_t n, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto s = sf::ints(sizes, n);
  switch (op) {
    case 0: *out = sf::wrap(t.view(s)); break;
    case 1: *out = sf::wrap(t.reshape(s)); break;
    case 2: *out = sf::wrap(t.permute(s)); break;
    case 3: *out = sf::wrap(t.expand(s)); break;
    default: throw std::invalid_argument("reshape op " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

// op 0 contiguous, 1 clone, 2 detach, 3 t, 4 squeeze (all size-1 dims), 5 alias (a second handle).
SF_API int sf_copy_op(int32_t op, const sf_tensor* self, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  switch (op) {
    case 0: *out = sf::wrap(t.contiguous()); break;
    case 1: *out = sf::wrap(t.clone()); break;
    case 2: *out = sf::wrap(t.detach()); break;
    case 3: *out = sf::wrap(t.t()); break;
    case 4: *out = sf::wrap(t.squeeze()); break;
    case 5: *out = sf::wrap(t); break;
    default: throw std::invalid_argument("copy op " + std::to_string(op) + " is unknown");
  }
  SF_TORCH_CATCH
}

// op 0 squeeze(dim), 1 unsqueeze(dim).
SF_API int sf_dim_op(int32_t op, const sf_tensor* self, int64_t dim, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  if (op == 0) *out = sf::wrap(t.squeeze(dim));
  else if (op == 1) *out = sf::wrap(t.unsqueeze(dim));
  else throw std::invalid_argument("dim op " + std::to_string(op) + " is unknown");
  SF_TORCH_CATCH
}

SF_API int sf_transpose(const sf_tensor* self, int64_t dim0, int64_t dim1, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(sf::get(self).transpose(dim0, dim1));
  SF_TORCH_CATCH
}

SF_API int sf_flatten(const sf_tensor* self, int64_t start_dim, int64_t end_dim, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(sf::get(self).flatten(start_dim, end_dim));
  SF_TORCH_CATCH
}

SF_API int sf_narrow(const sf_tensor* self, int64_t dim, int64_t start, int64_t length, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(sf::get(self).narrow(dim, start, length));
  SF_TORCH_CATCH
}

SF_API int sf_index_select(const sf_tensor* self, int64_t dim, const sf_tensor* index, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(sf::get(self).index_select(dim, sf::get(index, "index")));
  SF_TORCH_CATCH
}

// op 0 cat, 1 stack.
SF_API int sf_join(int32_t op, const sf_tensor* const* tensors, int64_t count, int64_t dim, sf_tensor** out) {
  SF_TORCH_TRY
  auto items = list(tensors, count);
  *out = sf::wrap(op == 0 ? at::cat(items, dim) : at::stack(items, dim));
  SF_TORCH_CATCH
}

// A copy (or the same tensor when nothing changes) with another dtype and/or device; -1 keeps it.
SF_API int sf_to(const sf_tensor* self, int32_t dtype, int32_t device_type, int32_t device_index,
                 sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto target_dtype = dtype >= 0 ? sf::dtype(dtype) : t.scalar_type();
  const auto target_device = device_type >= 0 ? sf::device(device_type, device_index) : t.device();
  *out = sf::wrap(t.to(target_device, target_dtype));
  SF_TORCH_CATCH
}
