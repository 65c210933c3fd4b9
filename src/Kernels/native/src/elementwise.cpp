// Elementwise math with broadcasting: unary functions, binary operators (tensor or scalar operand),
// comparisons, clamp and where. Op codes are shared with C# (MathNative.Unary / MathNative.Binary).
#include "tensor.h"

namespace {

at::Tensor unary(int32_t op, const at::Tensor& x) {
  switch (op) {
    case 0: return at::neg(x);
    case 1: return at::sqrt(x);
    case 2: return at::rsqrt(x);
    case 3: return at::exp(x);
    case 4: return at::log(x);
    case 5: return at::tanh(x);
    case 6: return at::sigmoid(x);
    case 7: return at::abs(x);
    case 8: return at::sign(x);
    case 9: return at::relu(x);
    case 10: return at::square(x);
    case 11: return at::reciprocal(x);
    case 12: return at::floor(x);
    case 13: return at::ceil(x);
    case 14: return at::round(x);
    default: throw std::invalid_argument("unary op " + std::to_string(op) + " is unknown");
  }
}

// In-place ATen methods are const on the handle (they mutate the shared TensorImpl).
void unary_(int32_t op, const at::Tensor& x) {
  switch (op) {
    case 0: x.neg_(); return;
    case 1: x.sqrt_(); return;
    case 2: x.rsqrt_(); return;
    case 3: x.exp_(); return;
    case 4: x.log_(); return;
    case 5: x.tanh_(); return;
    case 6: x.sigmoid_(); return;
    case 7: x.abs_(); return;
    case 8: x.sign_(); return;
    case 9: x.relu_(); return;
    case 10: x.square_(); return;
    case 11: x.reciprocal_(); return;
    case 12: x.floor_(); return;
    case 13: x.ceil_(); return;
    case 14: x.round_(); return;
    default: throw std::invalid_argument("unary op " + std::to_string(op) + " is unknown");
  }
}

at::Tensor binary(int32_t op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return at::gt(a, b);
    case 8: return at::lt(a, b);
    case 9: return at::ge(a, b);
    case 10: return at::le(a, b);
    case 11: return at::eq(a, b);
    case 12: return at::ne(a, b);
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " is unknown");
  }
}

at::Tensor binary(int32_t op, const at::Tensor& a, const at::Scalar& b) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 7: return at::gt(a, b);
    case 8: return at::lt(a, b);
    case 9: return at::ge(a, b);
    case 10: return at::le(a, b);
    case 11: return at::eq(a, b);
    case 12: return at::ne(a, b);
    default: throw std::invalid_argument("binary op " + std::to_string(op) + " has no scalar form");
  }
}

// A scalar as a 0-dim "wrapped number", so type promotion treats it as Python treats a number.
at::Tensor wrapped(const at::Scalar& s) {
  const auto dtype = s.isFloatingPoint() ? at::kDouble : s.isBoolean() ? at::kBool : at::kLong;
  auto t = at::scalar_tensor(s, at::TensorOptions().dtype(dtype));
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

}  // namespace

SF_API int sf_unary(int32_t op, const sf_tensor* x, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(unary(op, sf::get(x)));
  SF_TORCH_CATCH
}

SF_API int sf_unary_(int32_t op, sf_tensor* x) {
  SF_TORCH_TRY
  unary_(op, sf::get(x));
  SF_TORCH_CATCH
}

SF_API int sf_binary(int32_t op, const sf_tensor* a, const sf_tensor* b, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(binary(op, sf::get(a, "left operand"), sf::get(b, "right operand")));
  SF_TORCH_CATCH
}

// a op scalar, or scalar op a when scalar_first (e.g. 1 - x, 2 / x).
SF_API int sf_binary_scalar(int32_t op, const sf_tensor* a, sf_scalar b, int32_t scalar_first, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(a);
  const auto s = sf::scalar(b);
  *out = sf::wrap(scalar_first ? binary(op, wrapped(s), t) : binary(op, t, s));
  SF_TORCH_CATCH
}

// a + alpha·b (op 0) or a − alpha·b (op 1), as torch.add/sub with alpha.
SF_API int sf_add_scaled(int32_t op, const sf_tensor* a, const sf_tensor* b, sf_scalar alpha, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& x = sf::get(a, "left operand");
  const auto& y = sf::get(b, "right operand");
  *out = sf::wrap(op == 1 ? at::sub(x, y, sf::scalar(alpha)) : at::add(x, y, sf::scalar(alpha)));
  SF_TORCH_CATCH
}

// Clamps to [min, max]; either bound may be none (kind -1), not both.
SF_API int sf_clamp(const sf_tensor* x, sf_scalar min, sf_scalar max, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& t = sf::get(x);
  if (min.kind >= 0 && max.kind >= 0) *out = sf::wrap(at::clamp(t, sf::scalar(min), sf::scalar(max)));
  else if (min.kind >= 0) *out = sf::wrap(at::clamp_min(t, sf::scalar(min)));
  else if (max.kind >= 0) *out = sf::wrap(at::clamp_max(t, sf::scalar(max)));
  else throw std::invalid_argument("clamp needs a min, a max, or both");
  SF_TORCH_CATCH
}

SF_API int sf_where(const sf_tensor* condition, const sf_tensor* a, const sf_tensor* b, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::where(sf::get(condition, "condition"), sf::get(a, "x"), sf::get(b, "y")));
  SF_TORCH_CATCH
}
