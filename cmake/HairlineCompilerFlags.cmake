# Compiler options shared by every hairline target, applied per target through
# the INTERFACE library `hairline_options` (no global CMAKE_CXX_FLAGS edits).

option(HAIRLINE_SANITIZE "Build with AddressSanitizer and UBSan (the asan preset)" OFF)

add_library(hairline_options INTERFACE)
target_compile_options(hairline_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)

target_compile_options(hairline_options INTERFACE
  $<$<AND:$<CONFIG:Release>,$<NOT:$<BOOL:${HAIRLINE_SANITIZE}>>>:-O3>
  $<$<AND:$<CONFIG:RelWithDebInfo>,$<NOT:$<BOOL:${HAIRLINE_SANITIZE}>>>:-O3 -g>)

# Release: -O3, and AVX2+FMA (+F16C) when the build machine can run them. dlib's HOG
# detector and shape predictor are header templates, so these flags reach
# them through our own translation units (see hairline bench for the effect).
set(HAIRLINE_SIMD "AUTO" CACHE STRING "AVX2/FMA code generation: AUTO, ON or OFF")
set_property(CACHE HAIRLINE_SIMD PROPERTY STRINGS AUTO ON OFF)

set(hairline_use_avx2 OFF)
if(HAIRLINE_SIMD STREQUAL "ON")
  set(hairline_use_avx2 ON)
elseif(HAIRLINE_SIMD STREQUAL "AUTO" AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  include(CheckCXXSourceRuns)
  set(CMAKE_REQUIRED_FLAGS "-mavx2 -mfma -mf16c")
  check_cxx_source_runs([=[
    int main() {
      __builtin_cpu_init();
      return (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
              __builtin_cpu_supports("f16c")) ? 0 : 1;
    }]=] HAIRLINE_HOST_HAS_AVX2_FMA)
  unset(CMAKE_REQUIRED_FLAGS)
  set(hairline_use_avx2 ${HAIRLINE_HOST_HAS_AVX2_FMA})
endif()
if(hairline_use_avx2)
  # F16C came with the same CPU generations; the landmark model's leaves use it.
  target_compile_options(hairline_options INTERFACE -mavx2 -mfma -mf16c)
endif()
message(STATUS "hairline: AVX2/FMA code generation: ${hairline_use_avx2}")

# Sanitizer build (the `asan` preset): ASan + UBSan, halting on the first error.
# -O1, as the sanitizer authors recommend: readable stacks, and dlib's header
# templates compile much faster than at -O3 (CI builds this preset).
if(HAIRLINE_SANITIZE)
  target_compile_options(hairline_options INTERFACE
    -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(hairline_options INTERFACE -fsanitize=address,undefined)
  # GCC 12's flow analysis misreads ASan's instrumentation in libstdc++'s
  # <regex> (pulled in by Catch2) as maybe-uninitialized; the release build
  # keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(hairline_options INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
