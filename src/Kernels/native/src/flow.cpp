// Dense optical flow through OpenCV: DIS, DeepFlow and Farneback. Inputs are two 8-bit RGB
// interleaved host images of the same size; the flow from the first to the second is written into a
// caller-provided float32 buffer of height·width·2 values (u, v interleaved, rows top to bottom).
// OpenCV only: no libtorch header here, so this file compiles fast.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/optflow.hpp>
#include <opencv2/video/tracking.hpp>

#include <stdexcept>
#include <string>

#include "common.h"

namespace {

// DIS parameters; a negative value keeps the preset's own (mirrored by C# DisNativeParameters).
struct DisParameters {
  int32_t preset;
  int32_t finest_scale;
  int32_t patch_size;
  int32_t patch_stride;
  int32_t gradient_descent_iterations;
  int32_t variational_refinement_iterations;
  float variational_refinement_alpha;
  float variational_refinement_delta;
  float variational_refinement_gamma;
  int32_t use_mean_normalization;
  int32_t use_spatial_propagation;
};

void check_inputs(const uint8_t* from, const uint8_t* to, int width, int height, const float* flow) {
  if (from == nullptr || to == nullptr || flow == nullptr)
    throw std::invalid_argument("flow: null image or output buffer");
  if (width <= 0 || height <= 0)
    throw std::invalid_argument("flow: image size " + std::to_string(width) + "x" +
                                std::to_string(height) + " must be positive");
}

cv::Mat to_gray(const uint8_t* rgb, int width, int height) {
  // The Mat only wraps the caller's bytes for the conversion; nothing writes to them.
  const cv::Mat colour(height, width, CV_8UC3, const_cast<uint8_t*>(rgb));
  cv::Mat gray;
  cv::cvtColor(colour, gray, cv::COLOR_RGB2GRAY);
  return gray;
}

// Runs the algorithm into its own Mat, then copies into the caller's buffer, so a reallocation
// inside OpenCV can never leave the caller's buffer half-written or unwritten.
void compute_into(cv::DenseOpticalFlow& algorithm, const uint8_t* from, const uint8_t* to, int width,
                  int height, float* flow) {
  const cv::Mat a = to_gray(from, width, height);
  const cv::Mat b = to_gray(to, width, height);
  cv::Mat result;
  algorithm.calc(a, b, result);
  CV_Assert(result.type() == CV_32FC2 && result.rows == height && result.cols == width);
  cv::Mat out(height, width, CV_32FC2, flow);
  result.copyTo(out);
}

}  // namespace

SF_API int sf_flow_dis(const uint8_t* from, const uint8_t* to, int32_t width, int32_t height,
                       const DisParameters* parameters, float* flow) {
  SF_TRY
  check_inputs(from, to, width, height, flow);
  if (parameters == nullptr) throw std::invalid_argument("sf_flow_dis: null parameters");
  const DisParameters& p = *parameters;
  if (p.preset < cv::DISOpticalFlow::PRESET_ULTRAFAST || p.preset > cv::DISOpticalFlow::PRESET_MEDIUM)
    throw std::invalid_argument("sf_flow_dis: unknown preset " + std::to_string(p.preset));
  auto dis = cv::DISOpticalFlow::create(p.preset);
  if (p.finest_scale >= 0) dis->setFinestScale(p.finest_scale);
  if (p.patch_size >= 0) dis->setPatchSize(p.patch_size);
  if (p.patch_stride >= 0) dis->setPatchStride(p.patch_stride);
  if (p.gradient_descent_iterations >= 0) dis->setGradientDescentIterations(p.gradient_descent_iterations);
  if (p.variational_refinement_iterations >= 0)
    dis->setVariationalRefinementIterations(p.variational_refinement_iterations);
  if (p.variational_refinement_alpha >= 0) dis->setVariationalRefinementAlpha(p.variational_refinement_alpha);
  if (p.variational_refinement_delta >= 0) dis->setVariationalRefinementDelta(p.variational_refinement_delta);
  if (p.variational_refinement_gamma >= 0) dis->setVariationalRefinementGamma(p.variational_refinement_gamma);
  if (p.use_mean_normalization >= 0) dis->setUseMeanNormalization(p.use_mean_normalization != 0);
  if (p.use_spatial_propagation >= 0) dis->setUseSpatialPropagation(p.use_spatial_propagation != 0);
  compute_into(*dis, from, to, width, height, flow);
  SF_CATCH
}

SF_API int sf_flow_deepflow(const uint8_t* from, const uint8_t* to, int32_t width, int32_t height, float* flow) {
  SF_TRY
  check_inputs(from, to, width, height, flow);
  auto deepflow = cv::optflow::createOptFlow_DeepFlow();
  compute_into(*deepflow, from, to, width, height, flow);
  SF_CATCH
}

SF_API int sf_flow_farneback(const uint8_t* from, const uint8_t* to, int32_t width, int32_t height,
                             double pyramid_scale, int32_t levels, int32_t window_size, int32_t iterations,
                             int32_t poly_n, double poly_sigma, float* flow) {
  SF_TRY
  check_inputs(from, to, width, height, flow);
  auto farneback = cv::FarnebackOpticalFlow::create(levels, pyramid_scale, false, window_size, iterations,
                                                    poly_n, poly_sigma, 0);
  compute_into(*farneback, from, to, width, height, flow);
  SF_CATCH
}
