// What a tensor is: rank, sizes, dtype, device, and autograd flags.
#include "tensor.h"

SF_API int sf_tensor_dim(const sf_tensor* self, int64_t* out) {
  SF_TORCH_TRY
  *out = sf::get(self).dim();
  SF_TORCH_CATCH
}

// Writes the sizes into shape, which C# sized from sf_tensor_dim.
SF_API int sf_tensor_shape(const sf_tensor* self, int64_t* shape, int64_t capacity) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  if (capacity < t.dim())
    throw std::invalid_argument("shape buffer holds " + std::to_string(capacity) + " sizes, the tensor has " +
                                std::to_string(t.dim()));
  for (int64_t i = 0; i < t.dim(); ++i) shape[i] = t.size(i);
  SF_TORCH_CATCH
}

SF_API int sf_tensor_numel(const sf_tensor* self, int64_t* out) {
  SF_TORCH_TRY
  *out = sf::get(self).numel();
  SF_TORCH_CATCH
}

SF_API int sf_tensor_dtype(const sf_tensor* self, int32_t* out) {
  SF_TORCH_TRY
  *out = static_cast<int32_t>(sf::get(self).scalar_type());
  SF_TORCH_CATCH
}

// type: 0 cpu, 1 cuda (c10::DeviceType numbering); index -1 when the device has none.
SF_API int sf_tensor_device(const sf_tensor* self, int32_t* type, int32_t* index) {
  SF_TORCH_TRY
  const auto d = sf::get(self).device();
  *type = static_cast<int32_t>(d.type());
  *index = d.has_index() ? d.index() : -1;
  SF_TORCH_CATCH
}

SF_API int sf_tensor_requires_grad(const sf_tensor* self, int32_t* out) {
  SF_TORCH_TRY
  *out = sf::get(self).requires_grad() ? 1 : 0;
  SF_TORCH_CATCH
}

SF_API int sf_tensor_is_leaf(const sf_tensor* self, int32_t* out) {
  SF_TORCH_TRY
  *out = sf::get(self).is_leaf() ? 1 : 0;
  SF_TORCH_CATCH
}
